export { PoolMember } from "./pool-member";
export type { PoolMemberArgs, PoolMemberState, PoolMemberTimeouts } from "./pool-member";
export { getPoolMember, getPoolMemberOutput, getPoolMembers, getPoolMembersOutput } from "./lookups";
export type { GetPoolMemberArgs, GetPoolMembersArgs, PoolMemberInfo } from "./lookups";
