export { PoolMember } from "./pool-member";
export type { PoolMemberArgs, PoolMemberState } from "./pool-member";
