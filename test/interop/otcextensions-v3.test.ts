// otcextensions (pinned 0.34.8), T Cloud's extensions of openstacksdk and a client we did not
// write, against the emulator's dedicated load balancers (ELB v3): Keystone password auth on the
// emulator's IAM, register_otc_extensions, then the member calls of conn.vlb on the demo's
// dedicated pool (TCP, dual stack). Each step is checked twice: what the client reported (its
// Member resource's fields, its exception classes), and what the emulator holds.
//
// The endpoint: otcextensions looks the service up in the catalog as type "elbv3" and expects the
// project in the URL (it does not append it for this service). The emulator's catalog has no such
// entry (its types are the ones this project's clients read), so the connection names it the way
// openstacksdk lets any cloud config do: elbv3_endpoint_override (the catalog type's key; the
// alias's key, vlb_endpoint_override, is not read).
import * as path from "node:path";
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import type { DedicatedMember } from "../../emulator";
import { passwordConnect, runSdk, SdkOutput } from "./sdk-driver";

jest.setTimeout(120_000);

const SCRIPT = path.join(__dirname, "otcextensions_v3_members.py");
const USER = { name: "otc-user", password: "otc-password", domainName: "otc-domain" };
const POOL = DEMO_IDS.dedicatedPoolId;

/** A member as the script prints it: otcextensions' Member attribute names. */
interface VlbMember {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  subnet_cidr_id: string | null;
  weight: number;
  is_admin_state_up: boolean;
  operating_status: string;
  ip_version: string;
  project_id: string;
  pool_id: string;
}

type VlbOutput<T> = SdkOutput<T> & { requests?: { url: string; params: Record<string, unknown> }[] };

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: demoSeed(), auth: { users: [USER] } });
});
afterAll(() => emu.close());

/** The emulator's catalog has no "elbv3" service, so the client is told where v3 is. */
const connect = () => passwordConnect(emu.authUrl, USER, { elbv3_endpoint_override: `${emu.url}/v3/${emu.projectId}` });

function vlb<T>(step: string, args: Record<string, unknown> = {}): Promise<VlbOutput<T>> {
  return runSdk<T>({ connect: connect(), step, pool_id: POOL, ...args }, SCRIPT) as Promise<VlbOutput<T>>;
}

async function ok<T>(step: string, args: Record<string, unknown> = {}): Promise<T> {
  const out = await vlb<T>(step, args);
  if (out.error) throw new Error(`otcextensions ${step} failed: ${JSON.stringify(out.error)}`);
  return out.result as T;
}

const held = () => emu.members<DedicatedMember>(POOL);
const heldById = (id: string) => held().find((m) => m.id === id);

/** The emulator's member in otcextensions' names: what the client should report for it. */
function asVlb(m: DedicatedMember): VlbMember {
  return {
    id: m.id,
    name: m.name,
    address: m.address,
    protocol_port: m.protocol_port,
    subnet_cidr_id: m.subnet_cidr_id,
    weight: m.weight,
    is_admin_state_up: m.admin_state_up,
    operating_status: m.operating_status,
    ip_version: m.ip_version,
    project_id: m.project_id,
    pool_id: POOL,
  };
}

const instance = { address: "192.168.0.20", protocol_port: 80, subnet_cidr_id: DEMO_IDS.subnetId, name: "app-1", weight: 5 };
const ipBackend = { address: "172.16.8.9", protocol_port: 80, name: "on-prem" };
const ipv6 = { address: "2001:db8:a::10", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId, name: "app-v6" };
const more = [
  { address: "192.168.0.21", protocol_port: 80, subnet_cidr_id: DEMO_IDS.subnetId },
  { address: "192.168.0.22", protocol_port: 80, subnet_cidr_id: DEMO_IDS.subnetId },
];

test("create (instance, IP as a backend, IPv6), get, list with a filter and with paging, update and delete through conn.vlb", async () => {
  expect(held()).toEqual([]);

  // Create: one call each, the three kinds of member.
  const [created, createdIp, createdV6] = await ok<VlbMember[]>("create", { attrs: [instance, ipBackend, ipv6] });
  expect(created).toEqual(asVlb(heldById(created.id) as DedicatedMember));
  expect(created).toMatchObject({
    address: "192.168.0.20",
    subnet_cidr_id: DEMO_IDS.subnetId,
    ip_version: "v4",
    weight: 5,
    name: "app-1",
    project_id: emu.projectId,
  });
  expect(heldById(created.id)).toMatchObject({ member_type: "instance", ip_version: "v4", subnet_cidr_id: DEMO_IDS.subnetId });
  expect(heldById(created.id)?.instance_id).not.toBe("");

  // IP as a backend: no subnet sent, none reported (""), an "ip" member.
  expect(createdIp).toEqual(asVlb(heldById(createdIp.id) as DedicatedMember));
  expect(createdIp).toMatchObject({ address: "172.16.8.9", ip_version: "v4", subnet_cidr_id: "", weight: 1, is_admin_state_up: true });
  expect(heldById(createdIp.id)).toMatchObject({ member_type: "ip", instance_id: "", subnet_cidr_id: "" });

  expect(createdV6).toEqual(asVlb(heldById(createdV6.id) as DedicatedMember));
  expect(createdV6).toMatchObject({ address: "2001:db8:a::10", ip_version: "v6", subnet_cidr_id: DEMO_IDS.ipv6SubnetId });
  expect(heldById(createdV6.id)).toMatchObject({ member_type: "instance", ip_version: "v6" });

  // Get one: the client's view is the emulator's.
  expect(await ok<VlbMember>("get", { member_id: createdIp.id })).toEqual(asVlb(heldById(createdIp.id) as DedicatedMember));

  // otcextensions' Member (0.34.8) has no member_type or instance_id; through the proxy's own
  // session the body the client received still carries them, with request_id.
  const raw = await ok<{ member: Record<string, unknown>; request_id: string }>("raw_get", { member_id: createdIp.id });
  expect(raw.member).toMatchObject({ id: createdIp.id, member_type: "ip", instance_id: "", ip_version: "v4" });
  expect(raw.request_id).toEqual(expect.any(String));

  // Two more, five in all, for paging.
  const extra = await ok<VlbMember[]>("create", { attrs: more });
  expect(extra.map((m) => m.address)).toEqual(["192.168.0.21", "192.168.0.22"]);
  expect(held()).toHaveLength(5);

  // Filters the client sends as query parameters, answered by the server.
  const v6 = await vlb<VlbMember[]>("list", { query: { ip_version: "v6" } });
  expect(v6.result?.map((m) => m.id)).toEqual([createdV6.id]);
  expect(v6.requests).toEqual([{ url: `/elb/pools/${POOL}/members`, params: { ip_version: "v6" } }]);
  const inSubnet = await ok<VlbMember[]>("list", { query: { subnet_cidr_id: DEMO_IDS.subnetId } });
  expect(inSubnet.map((m) => m.id)).toEqual(
    held()
      .filter((m) => m.subnet_cidr_id === DEMO_IDS.subnetId)
      .map((m) => m.id),
  );
  expect(inSubnet).toHaveLength(3);

  // Paging as otcextensions does it (openstacksdk's Resource.list): limit=2, then the last id of
  // each page as the marker, until a page comes back empty. It reads no page_info.
  const paged = await vlb<VlbMember[]>("list", { query: { limit: 2 } });
  const ids = held().map((m) => m.id);
  expect(paged.result).toEqual(held().map(asVlb));
  expect(paged.requests?.map((r) => r.params)).toEqual([
    { limit: 2 },
    { limit: 2, marker: ids[1] },
    { limit: 2, marker: ids[3] },
    { limit: 2, marker: ids[4] },
  ]);

  // Update name and weight: the PUT carries only what changed (the emulator refuses any field
  // the updating page does not list with a 400).
  const updated = await ok<VlbMember>("update", { member_id: created.id, attrs: { name: "app-1b", weight: 9 } });
  expect(heldById(created.id)).toMatchObject({ name: "app-1b", weight: 9, address: "192.168.0.20", subnet_cidr_id: DEMO_IDS.subnetId });
  expect(updated).toEqual(asVlb(heldById(created.id) as DedicatedMember));
  expect(await ok<VlbMember>("get", { member_id: created.id })).toEqual(updated);

  // Delete.
  expect(await ok<null>("delete", { member_id: createdIp.id })).toBeNull();
  expect(heldById(createdIp.id)).toBeUndefined();
  expect(held()).toHaveLength(4);

  const counters = emu.counters();
  expect(counters["POST /v3/{project_id}/elb/pools/{pool_id}/members"]).toEqual({ "201": 5 });
  expect(counters["PUT /v3/{project_id}/elb/pools/{pool_id}/members/{member_id}"]).toEqual({ "200": 1 });
  expect(counters["DELETE /v3/{project_id}/elb/pools/{pool_id}/members/{member_id}"]).toEqual({ "204": 1 });
  expect(counters["GET /v3/{project_id}/elb/pools/{pool_id}/members"]).toEqual({ "200": 6 });
  // Nothing went to the v2.0 routes: the client spoke v3 only.
  expect(Object.keys(counters).filter((route) => route.includes("/v2"))).toEqual([]);
});

test("a duplicate address and port is a 409 the client raises as ConflictException, and the pool is unchanged", async () => {
  const [first] = await ok<VlbMember[]>("create", { attrs: [{ address: "192.168.0.30", protocol_port: 443, subnet_cidr_id: DEMO_IDS.subnetId }] });
  const before = held();
  const dup = await vlb<VlbMember[]>("create", { attrs: [{ address: "192.168.0.30", protocol_port: 443, subnet_cidr_id: DEMO_IDS.subnetId, name: "again" }] });
  expect(dup.error).toMatchObject({ type: "ConflictException", status: 409 });
  // otcextensions' message holds the body's error_code only: its exception hook reads
  // error_code before error_msg and keeps the first it finds.
  expect(dup.error?.message).toContain("ELB.8907");
  expect(held()).toEqual(before);
  expect(heldById(first.id)).toMatchObject({ address: "192.168.0.30", protocol_port: 443 });
});

test("a missing member is a 404 the client raises as NotFoundException, on get, update and delete", async () => {
  const missing = "00000000-0000-4000-8000-00000000dead";
  const before = held();
  for (const [step, args] of [
    ["get", {}],
    ["update", { attrs: { weight: 2 } }],
    ["delete", {}],
  ] as const) {
    const out = await vlb<unknown>(step, { member_id: missing, ...args });
    expect(out.error).toMatchObject({ type: "NotFoundException", status: 404 });
    expect(out.error?.message).toContain("ELB.8904");
  }
  expect(held()).toEqual(before);
});

test("filters the list page has and otcextensions' Member does not (member_type, instance_id) are dropped by the client: not sent, not applied", async () => {
  // querying_backend_servers_in_a_backend_server_group.rst, Table 2, lists member_type,
  // instance_id and availability_zone; otcextensions 0.34.8's Member._query_mapping has none of
  // them, and they are no Member fields it could filter on itself, so the whole pool comes back.
  const [ipMember] = await ok<VlbMember[]>("create", { attrs: [{ address: "172.16.8.10", protocol_port: 80 }] });
  const all = held().map((m) => m.id);
  expect(
    held()
      .filter((m) => m.member_type === "ip")
      .map((m) => m.id),
  ).toEqual([ipMember.id]);
  expect(all.length).toBeGreaterThan(1);
  const out = await vlb<VlbMember[]>("list", { query: { member_type: "ip", instance_id: "nope" } });
  expect(out.requests).toEqual([{ url: `/elb/pools/${POOL}/members`, params: {} }]);
  expect(out.result?.map((m) => m.id)).toEqual(all);
  // The emulator itself answers the filter as the page says.
  const direct = await fetch(`${emu.url}/v3/${emu.projectId}/elb/pools/${POOL}/members?member_type=ip`, {
    headers: { "X-Auth-Token": await token() },
  });
  expect(direct.status).toBe(200);
  const body = (await direct.json()) as { members: DedicatedMember[] };
  expect(body.members.map((m) => m.id)).toEqual([ipMember.id]);
});

/** A project-scoped token from the emulator's IAM, for a request of the test's own. */
async function token(): Promise<string> {
  const res = await fetch(`${emu.authUrl}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: USER.name, password: USER.password, domain: { name: USER.domainName } } } },
        scope: { project: { name: "eu-de", domain: { name: USER.domainName } } },
      },
    }),
  });
  expect(res.status).toBe(201);
  return res.headers.get("x-subject-token") as string;
}
