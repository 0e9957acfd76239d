// The member calls of the member API, in one shape for all three: dedicated load balancers' v3
// names (subnet_cidr_id, project_id) are read into the v2.0 names here and written back on the
// way out. Finders own "not found": callers ask isElbError(e, "not_found"), which lbaasCall has
// already confirmed with the server.
import { Deadline } from "../client/deadline";
import { ElbClient } from "../client/http";
import { lbaasCall } from "./lbaas";
import { normalised } from "../cloud-fields";
import { OCTAVIA_API_NAMES } from "./member-mapping";
import { ApiLink, ApiMember, ApiMemberCreate, ApiMemberUpdate, MemberFilters, OctaviaMemberFields } from "./types";

const membersPath = (poolId: string) => `pools/${poolId}/members`;
const memberPath = (poolId: string, memberId: string) => `${membersPath(poolId)}/${memberId}`;

/** Page size when listing: large pages keep the number of calls low (v3 takes up to 2000). */
const PAGE_SIZE = 500;

/** A member as the v3 API writes it: subnet_cidr_id and project_id where v2.0 has subnet_id and tenant_id. */
type WireMember = Omit<ApiMember, "subnet_id" | "tenant_id"> & { subnet_id?: string; tenant_id?: string; subnet_cidr_id?: string | null; project_id?: string };

/** The member in the v2.0 names, whichever API answered. */
export function fromWire(client: ElbClient, member: WireMember): ApiMember {
  if (client.api !== "dedicated") return member as ApiMember;
  const { subnet_cidr_id: subnet, project_id: project, ...rest } = member;
  return { ...rest, subnet_id: subnet ?? "", tenant_id: project ?? "" };
}

/** A create body in the API's names: on v3 a blank subnet is left out (IP as a backend). */
function toWireCreate(client: ElbClient, member: ApiMemberCreate & OctaviaMemberFields): Record<string, unknown> {
  if (client.api !== "dedicated") return { ...member };
  const { subnet_id: subnet, ...rest } = member;
  return subnet ? { ...rest, subnet_cidr_id: subnet } : rest;
}

/**
 * List filters in the API's names. v3 has no project filter: that one is applied to the answer.
 * Octavia takes tags comma-separated in one parameter, a member matching when it has every one.
 */
function toWireFilters(client: ElbClient, filters: MemberFilters): Record<string, unknown> {
  if (client.api === "octavia") return { ...filters, tags: filters.tags?.join(",") };
  if (client.api !== "dedicated") return { ...filters };
  const { subnet_id: subnet, tenant_id: _tenant, ...rest } = filters;
  return subnet === undefined ? rest : { ...rest, subnet_cidr_id: subnet };
}

export async function createMember(client: ElbClient, poolId: string, member: ApiMemberCreate & OctaviaMemberFields, deadline: Deadline): Promise<ApiMember> {
  const result = await lbaasCall<{ member: WireMember }>(client, "POST", membersPath(poolId), { deadline, body: { member: toWireCreate(client, member) } });
  return fromWire(client, result.body.member);
}

export async function getMember(client: ElbClient, poolId: string, memberId: string, deadline: Deadline): Promise<ApiMember> {
  const result = await lbaasCall<{ member: WireMember }>(client, "GET", memberPath(poolId, memberId), { deadline });
  return fromWire(client, result.body.member);
}

export async function updateMember(client: ElbClient, poolId: string, memberId: string, changes: ApiMemberUpdate, deadline: Deadline): Promise<ApiMember> {
  const result = await lbaasCall<{ member: WireMember }>(client, "PUT", memberPath(poolId, memberId), { deadline, body: { member: changes } });
  return fromWire(client, result.body.member);
}

export async function deleteMember(client: ElbClient, poolId: string, memberId: string, deadline: Deadline): Promise<void> {
  await lbaasCall<void>(client, "DELETE", memberPath(poolId, memberId), { deadline });
}

/**
 * Every member of a pool that matches the filters, following the pages to the end: v2.0 and
 * Octavia say there is more with a "next" link, v3 with page_info.next_marker.
 */
export async function listMembers(client: ElbClient, poolId: string, filters: MemberFilters, deadline: Deadline, pageSize = PAGE_SIZE): Promise<ApiMember[]> {
  const members: ApiMember[] = [];
  let marker: string | undefined;
  for (;;) {
    const result = await lbaasCall<{ members: WireMember[]; members_links?: ApiLink[]; page_info?: { next_marker?: string | null } }>(
      client,
      "GET",
      membersPath(poolId),
      { deadline, query: { ...toWireFilters(client, filters), limit: pageSize, marker } },
    );
    const page = result.body.members.map((member) => fromWire(client, member));
    members.push(...page);
    const next = client.api === "dedicated" ? result.body.page_info?.next_marker || undefined : nextLinkMarker(result.body.members_links, page);
    if (next === undefined || page.length === 0) break;
    marker = next;
  }
  return filters.tenant_id === undefined ? members : members.filter((member) => member.tenant_id === filters.tenant_id);
}

/** The next page's marker when the links say there is one: the last member's id, as v2.0 pages by. */
function nextLinkMarker(links: ApiLink[] | undefined, page: ApiMember[]): string | undefined {
  return links?.some((link) => link.rel === "next") && page.length > 0 ? page[page.length - 1].id : undefined;
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
