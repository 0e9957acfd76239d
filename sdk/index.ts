export { PoolMember } from "./pool-member";
export type { PoolMemberArgs, PoolMemberState, PoolMemberTimeouts } from "./pool-member";
