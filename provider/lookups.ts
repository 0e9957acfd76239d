// Finding members from a Pulumi program: by id, by address and port, or every member of a pool
// that matches the documented filters. Read-only; results use the SDK's property names.
import { findMemberByAddress, getMember, listMembers } from "./api/members";
import { memberInfo } from "./api/member-mapping";
import { ApiMember, MemberFilters } from "./api/types";
import { Deadline } from "./client/deadline";
import { ElbError, isElbError } from "./client/errors";
import { ProviderContext } from "./context";
import { MEMBER_API_TITLES, type MemberApi } from "./member-api";
import { LookupArgsSpec, lookupArgSpecs } from "./schema";
import type { PoolMemberInfo } from "./types";
import { checkValue } from "./validate";

const LOOKUP_TIMEOUT_MS = 2 * 60_000;

export type { PoolMemberInfo };

/** Which target to look in: a profile of elb:profiles; unset, the stack's top-level settings. */
export interface LookupTarget {
  profile?: string;
}

export type GetPoolMemberArgs = LookupTarget & ({ poolId: string; memberId: string } | { poolId: string; address: string; protocolPort: number });

export interface GetPoolMembersArgs extends LookupTarget {
  poolId: string;
  /** Exact-match filters, as the API documents them. */
  id?: string;
  name?: string;
  address?: string;
  protocolPort?: number;
  subnetId?: string;
  adminStateUp?: boolean;
  weight?: number;
  tenantId?: string;
  /** Octavia only. */
  monitorAddress?: string;
  monitorPort?: number;
  backup?: boolean;
  /** Octavia only: members that have every one of these tags. */
  tags?: string[];
  /** Dedicated load balancers only. */
  ipVersion?: string;
  memberType?: string;
  instanceId?: string;
  availabilityZone?: string;
  /** Members per API call while paging (default 500). */
  pageSize?: number;
}

export async function getPoolMember(context: ProviderContext, args: GetPoolMemberArgs): Promise<PoolMemberInfo> {
  const label = "memberId" in args ? `member ${args.memberId} of pool ${args.poolId}` : `member ${args.address}:${args.protocolPort} of pool ${args.poolId}`;
  checkArgs(lookupArgSpecs.getPoolMember, args);
  if (!("memberId" in args) && (args.address == null || args.protocolPort == null)) {
    throw new ElbError("invalid_input", "getPoolMember takes memberId, or address and protocolPort, beside poolId");
  }
  const deadline = Deadline.after(LOOKUP_TIMEOUT_MS, `looking up ${label}`);
  let member: ApiMember | undefined;
  try {
    if ("memberId" in args) {
      member = await getMember(context.client, args.poolId, args.memberId, deadline);
    } else {
      member = await findMemberByAddress(context.client, args.poolId, args.address, args.protocolPort, deadline);
    }
  } catch (error) {
    if (!isElbError(error, "not_found")) throw error instanceof ElbError ? error.withContext(`looking up ${label}`) : error;
  }
  if (!member) throw new ElbError("not_found", `${label} was not found (the pool may not exist either)`);
  return memberInfo(args.poolId, member);
}

export async function getPoolMembers(context: ProviderContext, args: GetPoolMembersArgs): Promise<PoolMemberInfo[]> {
  checkArgs(lookupArgSpecs.getPoolMembers, args);
  const deadline = Deadline.after(LOOKUP_TIMEOUT_MS, `listing members of pool ${args.poolId}`);
  const filters: MemberFilters = {
    id: args.id,
    name: args.name,
    address: args.address,
    protocol_port: args.protocolPort,
    subnet_id: args.subnetId,
    admin_state_up: args.adminStateUp,
    weight: args.weight,
    tenant_id: args.tenantId,
    monitor_address: args.monitorAddress,
    monitor_port: args.monitorPort,
    backup: args.backup,
    tags: args.tags,
    ip_version: args.ipVersion,
    member_type: args.memberType,
    instance_id: args.instanceId,
    availability_zone: args.availabilityZone,
  };
  refuseFiltersOfOtherApis(lookupArgSpecs.getPoolMembers, args, context.client.api);
  try {
    const members = await listMembers(context.client, args.poolId, filters, deadline, args.pageSize);
    return members.map((member) => memberInfo(args.poolId, member));
  } catch (error) {
    if (isElbError(error, "not_found")) throw error.withContext(`listing members: pool ${args.poolId} was not found`);
    throw error instanceof ElbError ? error.withContext(`listing members of pool ${args.poolId}`) : error;
  }
}

/**
 * Refuses, before any call, a filter the target's member API does not have (Octavia's monitor
 * fields and tags, v3's member type, ...): sent anyway, one API would answer 400 and another might
 * ignore it and return every member.
 */
function refuseFiltersOfOtherApis(spec: LookupArgsSpec, args: object, api: MemberApi): void {
  const given: Record<string, unknown> = { ...args };
  const problems = Object.entries(spec.properties)
    .filter(([name, property]) => property.apis && given[name] !== undefined && given[name] !== null && !property.apis.includes(api))
    .map(
      ([name, property]) =>
        `${name} is a filter of ${property.apis!.map((other) => MEMBER_API_TITLES[other as MemberApi]).join(" and ")} only: ` +
        `this target speaks ${MEMBER_API_TITLES[api]}, which has no such field`,
    );
  if (problems.length > 0) throw new ElbError("invalid_input", problems.join("; "));
}

/**
 * Refuses, before any call, arguments that break the schema's rules for them (a pool id that is
 * not a UUID would only come back as "not found"), naming each; required ones must be there.
 */
function checkArgs(spec: LookupArgsSpec, args: object): void {
  const given: Record<string, unknown> = { ...args };
  const problems: string[] = [];
  for (const [name, property] of Object.entries(spec.properties)) {
    const value = given[name];
    if (value === undefined || value === null) {
      if (spec.required.includes(name)) problems.push(`${name} is required: ${property.description}`);
      continue;
    }
    const problem = checkValue(property, value);
    if (problem) problems.push(`${name} ${problem}`);
  }
  if (problems.length > 0) throw new ElbError("invalid_input", problems.join("; "));
}
