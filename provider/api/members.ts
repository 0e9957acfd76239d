// The member calls of the LBaaS v2 API. Finders own "not found": callers ask isElbError(e, "not_found"),
// which lbaasCall has already confirmed with the server.
import { Deadline } from "../client/deadline";
import { ElbClient } from "../client/http";
import { lbaasCall } from "./lbaas";
import { normalised } from "../cloud-fields";
import { OCTAVIA_API_NAMES } from "./member-mapping";
import { ApiLink, ApiMember, ApiMemberCreate, ApiMemberUpdate, MemberFilters, OctaviaMemberFields } from "./types";

const membersPath = (poolId: string) => `pools/${poolId}/members`;
const memberPath = (poolId: string, memberId: string) => `${membersPath(poolId)}/${memberId}`;

/** Page size when listing: large pages keep the number of calls low. */
const PAGE_SIZE = 500;

export async function createMember(client: ElbClient, poolId: string, member: ApiMemberCreate, deadline: Deadline): Promise<ApiMember> {
  const result = await lbaasCall<{ member: ApiMember }>(client, "POST", membersPath(poolId), { deadline, body: { member } });
  return result.body.member;
}

export async function getMember(client: ElbClient, poolId: string, memberId: string, deadline: Deadline): Promise<ApiMember> {
  const result = await lbaasCall<{ member: ApiMember }>(client, "GET", memberPath(poolId, memberId), { deadline });
  return result.body.member;
}

export async function updateMember(client: ElbClient, poolId: string, memberId: string, changes: ApiMemberUpdate, deadline: Deadline): Promise<ApiMember> {
  const result = await lbaasCall<{ member: ApiMember }>(client, "PUT", memberPath(poolId, memberId), { deadline, body: { member: changes } });
  return result.body.member;
}

export async function deleteMember(client: ElbClient, poolId: string, memberId: string, deadline: Deadline): Promise<void> {
  await lbaasCall<void>(client, "DELETE", memberPath(poolId, memberId), { deadline });
}

/** Every member of a pool that matches the filters, following pagination to the end. */
export async function listMembers(client: ElbClient, poolId: string, filters: MemberFilters, deadline: Deadline, pageSize = PAGE_SIZE): Promise<ApiMember[]> {
  const members: ApiMember[] = [];
  let marker: string | undefined;
  for (;;) {
    const result = await lbaasCall<{ members: ApiMember[]; members_links?: ApiLink[] }>(client, "GET", membersPath(poolId), {
      deadline,
      query: { ...filters, limit: pageSize, marker },
    });
    const page = result.body.members;
    members.push(...page);
    const hasNext = result.body.members_links?.some((link) => link.rel === "next");
    if (!hasNext || page.length === 0) return members;
    marker = page[page.length - 1].id;
  }
}

/** The member at (address, port) in the pool, if there is one: (address, port) is unique per pool. */
export async function findMemberByAddress(
  client: ElbClient,
  poolId: string,
  address: string,
  protocolPort: number,
  deadline: Deadline,
): Promise<ApiMember | undefined> {
  const found = await listMembers(client, poolId, { address, protocol_port: protocolPort }, deadline);
  return found.find((member) => member.address === address && member.protocol_port === protocolPort);
}

/** The requested settings a found member does not have, as "weight 3 (asked 5)". */
export function memberDifferences(found: ApiMember, asked: Partial<ApiMemberCreate> & OctaviaMemberFields): string[] {
  const fields = ["subnet_id", "name", "weight", "admin_state_up"] as const;
  const differences = fields
    .filter((field) => asked[field] !== undefined && found[field] !== asked[field])
    .map((field) => `${field} ${JSON.stringify(found[field])} (asked ${JSON.stringify(asked[field])})`);
  // Octavia's fields: unset asks for what Octavia reports for a member without them (null, false, []).
  for (const field of Object.values(OCTAVIA_API_NAMES)) {
    if (!(field in found) && asked[field] === undefined) continue;
    const [was, wanted] = [normalised(found[field]), normalised(asked[field])];
    if (JSON.stringify(was) !== JSON.stringify(wanted))
      differences.push(`${field} ${JSON.stringify(found[field] ?? null)} (asked ${JSON.stringify(asked[field] ?? null)})`);
  }
  return differences;
}
