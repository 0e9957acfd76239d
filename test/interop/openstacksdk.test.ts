// openstacksdk (pinned 4.22.0), a client we did not write, against the emulator: Keystone
// password auth on the emulator's IAM, the catalog's load-balancer entry, then the member calls
// of conn.load_balancer. Each step is checked twice: what the SDK reported, and what the
// emulator holds. The load balancer is busy for a while after each change, as the real one is;
// the script waits for ACTIVE before and after each change, so no step meets a 409.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import type { Member } from "../../emulator";
import { passwordConnect, runSdk, SdkMember } from "./sdk-driver";

jest.setTimeout(120_000);

const USER = { name: "sdk-user", password: "sdk-password", domainName: "sdk-domain" };
const HEALTH_MONITOR = "00000000-0000-4000-8000-0000000000f1";
const BUSY_MS = 150;

let emu: Emulator;

beforeAll(async () => {
  // A health monitor on the pool, so members are ONLINE or OFFLINE and operating_status filters.
  const seed = demoSeed();
  seed.pools = seed.pools?.map((p) => ({ ...p, healthmonitorId: HEALTH_MONITOR }));
  emu = await startEmulator({ seed, busyMs: BUSY_MS, auth: { users: [USER] } });
});
afterAll(() => emu.close());

const connect = (extra: Record<string, unknown> = {}) => passwordConnect(emu.authUrl, USER, extra);

async function sdk<T>(step: string, args: Record<string, unknown> = {}, connectExtra: Record<string, unknown> = {}) {
  return runSdk<T>({ connect: connect(connectExtra), step, pool_id: DEMO_IDS.poolId, loadbalancer_id: DEMO_IDS.loadbalancerId, ...args });
}

async function ok<T>(step: string, args: Record<string, unknown> = {}, connectExtra: Record<string, unknown> = {}): Promise<T> {
  const out = await sdk<T>(step, args, connectExtra);
  if (out.error) throw new Error(`openstacksdk ${step} failed: ${JSON.stringify(out.error)}`);
  return out.result as T;
}

/** The emulator's member in the SDK's names: what the SDK should report for it. */
function asSdk(m: Member): SdkMember {
  return {
    id: m.id,
    name: m.name,
    address: m.address,
    protocol_port: m.protocol_port,
    subnet_id: m.subnet_id,
    weight: m.weight,
    is_admin_state_up: m.admin_state_up,
    operating_status: m.operating_status,
    // The API says tenant_id; openstacksdk only reads project_id, so it has none.
    project_id: null,
    pool_id: DEMO_IDS.poolId,
  };
}

const held = () => emu.members(DEMO_IDS.poolId);
const web1 = { address: "192.168.0.10", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "web-1", weight: 3 };
const web2 = { address: "192.168.0.11", protocol_port: 8080, subnet_id: DEMO_IDS.subnetId };

test("list, create, update, get, filter and delete members through conn.load_balancer", async () => {
  expect(await ok<SdkMember[]>("list")).toEqual([]);
  expect(held()).toEqual([]);

  const created1 = await ok<SdkMember>("create", { attrs: web1 });
  expect(held()).toEqual([expect.objectContaining({ id: created1.id, address: "192.168.0.10", protocol_port: 80, name: "web-1", weight: 3 })]);
  expect(created1).toEqual(asSdk(held()[0]));

  const created2 = await ok<SdkMember>("create", { attrs: web2 });
  expect(created2).toMatchObject({ address: "192.168.0.11", protocol_port: 8080, name: "", weight: 1, is_admin_state_up: true });
  expect(
    held()
      .map((m) => m.id)
      .sort(),
  ).toEqual([created1.id, created2.id].sort());

  const listed = await ok<SdkMember[]>("list");
  expect(listed).toEqual(held().map(asSdk));

  const updated = await ok<SdkMember>("update", { member_id: created1.id, attrs: { weight: 7, name: "web-1b" } });
  const after = held().find((m) => m.id === created1.id);
  expect(after).toMatchObject({ weight: 7, name: "web-1b", address: "192.168.0.10" });
  expect(updated).toEqual(asSdk(after as Member));

  expect(await ok<SdkMember>("get", { member_id: created1.id })).toEqual(asSdk(after as Member));

  emu.setMemberHealth("192.168.0.11", "OFFLINE");
  const offline = await ok<SdkMember[]>("list", { filters: { operating_status: "OFFLINE" } });
  expect(offline.map((m) => m.id)).toEqual([created2.id]);
  expect(offline[0].operating_status).toBe("OFFLINE");
  const online = await ok<SdkMember[]>("list", { filters: { operating_status: "ONLINE" } });
  expect(online.map((m) => m.id)).toEqual([created1.id]);
  expect(
    held()
      .filter((m) => m.operating_status === "ONLINE")
      .map((m) => m.id),
  ).toEqual([created1.id]);

  expect(await ok<null>("delete", { member_id: created2.id })).toBeNull();
  expect(held().map((m) => m.id)).toEqual([created1.id]);

  const gone = await sdk<SdkMember>("get", { member_id: created2.id });
  expect(gone.error).toMatchObject({ type: "NotFoundException", status: 404 });

  const counters = emu.counters();
  // Password auth through the emulator's IAM for every run of the script, discovery on /v3.
  expect(counters["POST /v3/auth/tokens"]).toEqual({ "201": 10 });
  expect(counters["GET /v3"]?.["200"]).toBeGreaterThanOrEqual(1);
  // The script waited out every busy window: the load balancer was polled, and nothing met a 409.
  expect(counters["GET /v2.0/lbaas/loadbalancers/{loadbalancer_id}"]?.["200"]).toBeGreaterThan(8);
  expect(Object.keys(counters).filter((route) => counters[route]["409"] !== undefined)).toEqual([]);
  expect(counters["POST /v2.0/lbaas/pools/{pool_id}/members"]).toEqual({ "201": 2 });
  expect(counters["PUT /v2.0/lbaas/pools/{pool_id}/members/{member_id}"]).toEqual({ "200": 1 });
  expect(counters["DELETE /v2.0/lbaas/pools/{pool_id}/members/{member_id}"]).toEqual({ "204": 1 });
});

test("a filter the API does not have is a 400 the SDK reports, not a quietly unfiltered list", async () => {
  const out = await sdk<SdkMember[]>("list", { filters: { backup: false } });
  expect(out.error).toMatchObject({ type: "BadRequestException", status: 400 });
  expect(out.error?.message).toContain("'backup' is not a query parameter of this list");
});

test("with load_balancer_endpoint_override on Octavia's /v2 path, the SDK discovers the version there and uses the alias", async () => {
  emu.resetCounters();
  const listed = await ok<SdkMember[]>("list", {}, { load_balancer_endpoint_override: `${emu.url}/v2` });
  expect(listed).toEqual(held().map(asSdk));
  const counters = emu.counters();
  expect(counters["GET /v2"]).toEqual({ "200": 1 });
  expect(counters["GET /v2/lbaas/pools/{pool_id}/members"]).toEqual({ "200": 1 });
  expect(counters["GET /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
});
