// The admin API under /_emulator/ and the control operations behind it: seed, state, faults,
// busy time, load balancer status, member health (operating_status), reset and counters.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "./index";
import { TestClient } from "./testing/client";

const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
const CREATE = "POST /v2.0/lbaas/pools/{pool_id}/members";
const HM_LB = "00000000-0000-4000-8000-0000000000c9";
const HM_POOL = "00000000-0000-4000-8000-0000000000e9";
const newMember = (host: number, extra: Record<string, unknown> = {}) => ({
  member: { address: `192.168.0.${host}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId, ...extra },
});

let emu: Emulator;
let client: TestClient;

beforeAll(async () => {
  emu = await startEmulator({ seed: demoSeed() });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  await client.close();
  await emu.close();
});
beforeEach(() => emu.reset());

test("POST seed adds to the world; a bad seed is 400 and changes nothing", async () => {
  const ok = await client.call("POST", "/_emulator/seed", {
    body: {
      loadbalancers: [{ id: HM_LB, vipSubnetId: DEMO_IDS.subnetId }],
      pools: [{ id: HM_POOL, loadbalancerId: HM_LB, healthmonitorId: "hm-1" }],
      members: [{ poolId: HM_POOL, address: "192.168.0.7", protocolPort: 22, subnetId: DEMO_IDS.subnetId }],
    },
  });
  expect(ok.status).toBe(204);
  expect(emu.members(HM_POOL)).toEqual([expect.objectContaining({ address: "192.168.0.7", protocol_port: 22 })]);

  const bad = await client.call("POST", "/_emulator/seed", {
    body: { pools: [{ id: "p2", loadbalancerId: "nope" }], members: [{ poolId: HM_POOL, address: "10.9.9.9", protocolPort: 1, subnetId: DEMO_IDS.subnetId }] },
  });
  expect(bad.status).toBe(400);
  expect(bad.json.error).toBe("seed: pool p2 names unknown load balancer nope");
  expect(emu.state().pools.map((p) => p.id)).not.toContain("p2");

  const outside = await client.call("POST", "/_emulator/seed", {
    body: { members: [{ poolId: HM_POOL, address: "10.9.9.9", protocolPort: 1, subnetId: DEMO_IDS.subnetId }] },
  });
  expect(outside.status).toBe(400);
  expect(outside.json.error).toMatch(/address 10\.9\.9\.9 is outside 192\.168\.0\.0\/24/);
});

test("GET state is the programmatic snapshot: API shapes, members with pool_id", async () => {
  const created = await client.call("POST", members, { body: newMember(10, { name: "web" }) });
  const res = await client.call("GET", "/_emulator/state");
  expect(res.status).toBe(200);
  expect(res.json).toEqual(emu.state());
  expect(res.json.project_id).toBe(DEMO_IDS.projectId);
  expect(res.json.subnets).toEqual([
    { id: DEMO_IDS.subnetId, name: "demo-subnet", cidr: "192.168.0.0/24", vpc_id: DEMO_IDS.vpcId },
    { id: DEMO_IDS.ipv6SubnetId, name: "demo-subnet-ipv6", cidr: "2001:db8:a::/64", vpc_id: DEMO_IDS.vpcId },
  ]);
  expect(res.json.loadbalancers[0]).toMatchObject({ id: DEMO_IDS.loadbalancerId, provisioning_status: "ACTIVE", vip_address: "192.168.0.2" });
  expect(res.json.members).toEqual([{ ...created.json.member, pool_id: DEMO_IDS.poolId }]);
});

test("PUT faults sets rules (GET faults reads them); a bad rule is 400", async () => {
  const put = await client.call("PUT", "/_emulator/faults", { body: { seed: 3, rules: [{ kind: "error", status: 503, route: CREATE }] } });
  expect(put.status).toBe(204);
  expect((await client.call("GET", "/_emulator/faults")).json).toEqual({ seed: 3, rules: [{ kind: "error", status: 503, route: CREATE }] });
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(503);
  const bad = await client.call("PUT", "/_emulator/faults", { body: { rules: [{ kind: "explode" }] } });
  expect(bad.status).toBe(400);
  expect(bad.json.error).toMatch(/kind must be one of/);
});

test("PUT busy sets the global or a per load balancer busy time; an unknown load balancer is 404", async () => {
  expect((await client.call("PUT", "/_emulator/busy", { body: { ms: 400 } })).status).toBe(204);
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(201);
  expect((await client.call("POST", members, { body: newMember(11) })).status).toBe(409);
  emu.reset();
  const per = await client.call("PUT", "/_emulator/busy", { body: { ms: 400, loadbalancerId: DEMO_IDS.loadbalancerId } });
  expect(per.status).toBe(204);
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(201);
  expect((await client.call("POST", members, { body: newMember(11) })).status).toBe(409);
  const unknown = await client.call("PUT", "/_emulator/busy", { body: { ms: 5, loadbalancerId: "nope" } });
  expect(unknown.status).toBe(404);
  expect((await client.call("PUT", "/_emulator/busy", { body: { ms: -5 } })).status).toBe(400);
});

test("PUT slow-change makes one change to come slow; bad input is 400, an unknown load balancer 404", async () => {
  expect((await client.call("PUT", "/_emulator/busy", { body: { ms: 0 } })).status).toBe(204);
  const slow = await client.call("PUT", "/_emulator/slow-change", { body: { ms: 60_000, after: 1, loadbalancerId: DEMO_IDS.loadbalancerId } });
  expect(slow.status).toBe(204);
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(201);
  expect((await client.call("POST", members, { body: newMember(11) })).status).toBe(201);
  expect((await client.call("POST", members, { body: newMember(12) })).status).toBe(409);
  expect((await client.call("PUT", "/_emulator/slow-change", { body: { ms: 5, after: -1 } })).status).toBe(400);
  expect((await client.call("PUT", "/_emulator/slow-change", { body: { ms: 5, loadbalancerId: 7 } })).status).toBe(400);
  expect((await client.call("PUT", "/_emulator/slow-change", { body: { ms: 5, loadbalancerId: "nope" } })).status).toBe(404);
});

test("PUT load balancer status", async () => {
  const path = `/_emulator/loadbalancers/${DEMO_IDS.loadbalancerId}/status`;
  expect((await client.call("PUT", path, { body: { status: "ERROR" } })).status).toBe(204);
  const lb = await client.call("GET", `/v2.0/lbaas/loadbalancers/${DEMO_IDS.loadbalancerId}`);
  expect(lb.json.loadbalancer.provisioning_status).toBe("ERROR");
  expect((await client.call("PUT", path, { body: { status: "SIDEWAYS" } })).status).toBe(400);
  expect((await client.call("PUT", "/_emulator/loadbalancers/nope/status", { body: { status: "ERROR" } })).status).toBe(404);
});

describe("operating_status", () => {
  beforeEach(() => {
    emu.seed({
      loadbalancers: [{ id: HM_LB, vipSubnetId: DEMO_IDS.subnetId }],
      pools: [{ id: HM_POOL, loadbalancerId: HM_LB, healthmonitorId: "hm-1" }],
      members: [
        { id: "m-a", poolId: HM_POOL, address: "192.168.0.21", protocolPort: 80, subnetId: DEMO_IDS.subnetId },
        { id: "m-b", poolId: HM_POOL, address: "192.168.0.22", protocolPort: 80, subnetId: DEMO_IDS.subnetId, adminStateUp: false },
        { id: "m-c", poolId: DEMO_IDS.poolId, address: "192.168.0.21", protocolPort: 80, subnetId: DEMO_IDS.subnetId },
      ],
    });
  });

  test("NO_MONITOR without a health monitor, ONLINE by default with one, OFFLINE once set by address", async () => {
    const status = async (pool: string, id: string) => (await client.call("GET", `/v2.0/lbaas/pools/${pool}/members/${id}`)).json.member.operating_status;
    expect(await status(HM_POOL, "m-a")).toBe("ONLINE");
    expect(await status(DEMO_IDS.poolId, "m-c")).toBe("NO_MONITOR");
    expect((await client.call("PUT", "/_emulator/health", { body: { address: "192.168.0.21", status: "OFFLINE" } })).status).toBe(204);
    expect(await status(HM_POOL, "m-a")).toBe("OFFLINE");
    expect(await status(DEMO_IDS.poolId, "m-c")).toBe("NO_MONITOR");
    emu.setMemberHealth("192.168.0.21", "ONLINE");
    expect(await status(HM_POOL, "m-a")).toBe("ONLINE");
    expect((await client.call("PUT", "/_emulator/health", { body: { address: "192.168.0.21", status: "DOWN" } })).status).toBe(400);
  });

  test("the status tree shows DISABLED for admin_state_up false", async () => {
    emu.setMemberHealth("192.168.0.22", "OFFLINE");
    const tree = await client.call("GET", `/v2.0/lbaas/loadbalancers/${HM_LB}/statuses`);
    const byId = Object.fromEntries(
      tree.json.statuses.loadbalancer.pools[0].members.map((m: { id: string; operating_status: string }) => [m.id, m.operating_status]),
    );
    expect(byId).toEqual({ "m-a": "ONLINE", "m-b": "DISABLED" });
    const plain = await client.call("GET", `/v2.0/lbaas/pools/${HM_POOL}/members/m-b`);
    expect(plain.json.member.operating_status).toBe("OFFLINE");
  });
});

test("POST reset restores the start world, busy time and faults, and clears counters", async () => {
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(201);
  emu.setFaults({ rules: [{ kind: "error", status: 500 }] });
  emu.setBusyMs(10_000);
  expect((await client.call("POST", "/_emulator/reset")).status).toBe(204);
  expect(emu.members(DEMO_IDS.poolId)).toEqual([]);
  expect(emu.counters()).toEqual({});
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(201);
  expect((await client.call("POST", members, { body: newMember(11) })).status).toBe(201);
});

test("counters count API requests by route key and status, not admin calls; DELETE clears them", async () => {
  for (const host of [10, 11, 12]) expect((await client.call("POST", members, { body: newMember(host) })).status).toBe(201);
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(409);
  await client.call("GET", members);
  await client.call("GET", "/v2.0/unknown");
  await client.call("GET", "/_emulator/state");
  const res = await client.call("GET", "/_emulator/counters");
  expect(res.json).toEqual({
    [CREATE]: { "201": 3, "409": 1 },
    "GET /v2.0/lbaas/pools/{pool_id}/members": { "200": 1 },
    unmatched: { "404": 1 },
  });
  expect(emu.counters()).toEqual(res.json);
  expect((await client.call("DELETE", "/_emulator/counters")).status).toBe(204);
  expect(emu.counters()).toEqual({});
});

test("admin errors: unknown route 404, wrong method 405, malformed JSON 400", async () => {
  expect((await client.call("GET", "/_emulator/nothing")).status).toBe(404);
  expect((await client.call("POST", "/_emulator/state")).status).toBe(405);
  const bad = await client.call("POST", "/_emulator/seed", { raw: "{" });
  expect(bad.status).toBe(400);
  expect(bad.json).toEqual({ error: "body is not valid JSON" });
});

test("admin routes need no auth even when auth is required", async () => {
  const secured = await startEmulator({ seed: demoSeed(), auth: { users: [] } });
  const c = new TestClient(secured.url);
  try {
    expect((await c.call("GET", members)).status).toBe(401);
    expect((await c.call("GET", "/_emulator/state")).status).toBe(200);
    expect((await c.call("PUT", "/_emulator/busy", { body: { ms: 1 } })).status).toBe(204);
  } finally {
    await c.close();
    await secured.close();
  }
});

test("members() of an unknown pool throws", () => {
  expect(() => emu.members("nope")).toThrow(/unknown pool nope/);
});
