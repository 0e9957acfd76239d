// Dedicated load balancers' member API (ELB v3) on the demo world: the round trip field for field,
// the adding page's placement rules (IP as a backend, IPv6 and dual stack), duplicates, the kinds
// kept apart (v2.0 never sees dedicated objects, v3 never shared ones), marker paging and
// filters, the ACTIVE constraint, no busy window, and status[] with a health check failure reason.
import { DedicatedMember, DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "./index";
import { TestClient } from "./testing/client";

const clock = new ManualClock();
let emu: Emulator;
let client: TestClient;

const V3 = `/v3/${DEMO_IDS.projectId}/elb`;
const members = `${V3}/pools/${DEMO_IDS.dedicatedPoolId}/members`;
const V4_POOL = "00000000-0000-4000-8000-0000000000e3";
const MONITORED_POOL = "00000000-0000-4000-8000-0000000000e4";
const MONITORED_LISTENER = "00000000-0000-4000-8000-0000000000d4";
const HTTP_MONITOR = "00000000-0000-4000-8000-0000000000f4";
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const REQUEST_ID = /^[0-9a-f]{32}$/;

const extraWorld = () => ({
  pools: [
    { id: V4_POOL, name: "v4-only", loadbalancerId: DEMO_IDS.dedicatedLoadbalancerId, protocol: "TCP" },
    { id: MONITORED_POOL, name: "monitored", loadbalancerId: DEMO_IDS.dedicatedLoadbalancerId, protocol: "HTTP", ipVersion: "dualstack" as const },
  ],
  listeners: [
    {
      id: MONITORED_LISTENER,
      name: "http",
      loadbalancerId: DEMO_IDS.dedicatedLoadbalancerId,
      protocol: "HTTP",
      protocolPort: 8080,
      defaultPoolId: MONITORED_POOL,
    },
  ],
  healthmonitors: [{ id: HTTP_MONITOR, poolId: MONITORED_POOL, name: "hm-http", type: "HTTP", delay: 0.2, timeout: 0.1, maxRetries: 3 }],
});

beforeAll(async () => {
  emu = await startEmulator({ seed: demoSeed(), clock, busyMs: 500 });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  await emu.close();
  await client.close();
});
beforeEach(() => {
  emu.reset();
  emu.seed(extraWorld());
});

async function create(member: Record<string, unknown>, path = members) {
  return client.call("POST", path, { body: { member } });
}

const apigw = (code: string) => ({ error_code: code, error_msg: expect.any(String), request_id: expect.stringMatching(REQUEST_ID) });

describe("the round trip", () => {
  test("create, get, update, list and delete an instance member, field for field", async () => {
    const made = await create({
      address: "192.168.0.10",
      protocol_port: 80,
      subnet_cidr_id: DEMO_IDS.subnetId,
      name: "web",
      weight: 5,
      availability_zone: "eu-de-01",
    });
    expect(made.status).toBe(201);
    const m = made.json.member as DedicatedMember;
    expect(made.json.request_id).toMatch(REQUEST_ID);
    expect(m).toEqual({
      id: expect.any(String),
      name: "web",
      project_id: DEMO_IDS.projectId,
      admin_state_up: true,
      subnet_cidr_id: DEMO_IDS.subnetId,
      protocol_port: 80,
      weight: 5,
      address: "192.168.0.10",
      ip_version: "v4",
      operating_status: "NO_MONITOR",
      status: [{ listener_id: DEMO_IDS.dedicatedListenerId, operating_status: "NO_MONITOR", created_at: m.created_at, updated_at: m.updated_at }],
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: expect.stringMatching(TIMESTAMP),
      member_type: "instance",
      instance_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      availability_zone: "eu-de-01",
    });

    const got = await client.call("GET", `${members}/${m.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ member: m, request_id: expect.stringMatching(REQUEST_ID) });

    const updated = await client.call("PUT", `${members}/${m.id}`, {
      body: { member: { name: "web-2", weight: 0, admin_state_up: false, availability_zone: "" } },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.member).toEqual({
      ...m,
      name: "web-2",
      weight: 0,
      admin_state_up: false,
      availability_zone: "",
      updated_at: expect.stringMatching(TIMESTAMP),
      status: [expect.objectContaining({ listener_id: DEMO_IDS.dedicatedListenerId })],
    });
    expect(emu.members<DedicatedMember>(DEMO_IDS.dedicatedPoolId)).toEqual([updated.json.member]);

    const listed = await client.call("GET", members);
    expect(listed.json).toEqual({
      members: [updated.json.member],
      page_info: { previous_marker: m.id, current_count: 1 },
      request_id: expect.stringMatching(REQUEST_ID),
    });

    const removed = await client.call("DELETE", `${members}/${m.id}`);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe("");
    const gone = await client.call("GET", `${members}/${m.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual(apigw("ELB.8904"));
    expect(emu.counters()[`DELETE /v3/{project_id}/elb/pools/{pool_id}/members/{member_id}`]).toEqual({ "204": 1 });
  });

  test("an IP member: no subnet, member_type ip, no instance id", async () => {
    const made = await create({ address: "10.20.30.40", protocol_port: 443 });
    expect(made.status).toBe(201);
    expect(made.json.member).toMatchObject({
      subnet_cidr_id: "",
      member_type: "ip",
      instance_id: "",
      availability_zone: "",
      weight: 1,
      name: "",
      ip_version: "v4",
    });
  });

  test("update takes only name, weight, admin_state_up and availability_zone", async () => {
    const m = (await create({ address: "10.0.0.1", protocol_port: 80 })).json.member;
    for (const member of [{ address: "10.0.0.2" }, { protocol_port: 81 }, { subnet_cidr_id: DEMO_IDS.subnetId }, { weight: 101 }, { name: 7 }]) {
      const res = await client.call("PUT", `${members}/${m.id}`, { body: { member } });
      expect([res.status, res.json]).toEqual([400, apigw("ELB.8902")]);
    }
  });

  test("bad create bodies are 400 ELB.8902", async () => {
    for (const member of [
      { protocol_port: 80 },
      { address: "10.0.0.1" },
      { address: "10.0.0.1", protocol_port: 0 },
      { address: "nope", protocol_port: 80 },
      { address: "10.0.0.1", protocol_port: 80, subnet_id: DEMO_IDS.subnetId },
      { address: "10.0.0.1", protocol_port: 80, project_id: "other" },
    ]) {
      const res = await create(member);
      expect([res.status, res.json]).toEqual([400, apigw("ELB.8902")]);
    }
    const raw = await client.call("POST", members, { raw: "{" });
    expect([raw.status, raw.json]).toEqual([400, apigw("ELB.8902")]);
  });
});

describe("where an address may go", () => {
  test("IP as a backend takes IPv4 only", async () => {
    const res = await create({ address: "2001:db8:a::5", protocol_port: 80 });
    expect([res.status, res.json]).toEqual([400, apigw("ELB.8902")]);
  });

  test("IPv6 needs a dual-stack pool and an IPv6 subnet holding it", async () => {
    const v6 = await create({ address: "2001:DB8:A::5", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId });
    expect(v6.status).toBe(201);
    expect(v6.json.member).toMatchObject({ address: "2001:db8:a::5", ip_version: "v6", member_type: "instance" });

    const v4Pool = await create({ address: "2001:db8:a::5", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId }, `${V3}/pools/${V4_POOL}/members`);
    expect([v4Pool.status, v4Pool.json]).toEqual([400, apigw("ELB.8933")]);

    const outside = await create({ address: "2001:db8:b::5", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId });
    expect([outside.status, outside.json]).toEqual([400, apigw("ELB.8902")]);
    const wrongFamily = await create({ address: "192.168.0.5", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId });
    expect(wrongFamily.status).toBe(400);
    const noSubnet = await create({ address: "192.168.0.5", protocol_port: 80, subnet_cidr_id: "00000000-0000-4000-8000-0000000000ff" });
    expect(noSubnet.status).toBe(400);
  });

  test("the same address and port twice in a pool is 409 ELB.8907, however IPv6 is spelled", async () => {
    expect((await create({ address: "2001:db8:a::7", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId })).status).toBe(201);
    const again = await create({ address: "2001:0db8:000a::0007", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId });
    expect([again.status, again.json]).toEqual([409, apigw("ELB.8907")]);
    expect(again.json.error_msg).toMatch(/The IP address is already in use/);
    expect((await create({ address: "2001:db8:a::7", protocol_port: 81, subnet_cidr_id: DEMO_IDS.ipv6SubnetId })).status).toBe(201);
  });
});

describe("each API sees its own kind", () => {
  test("a shared pool is 404 on v3, a dedicated pool 404 on v2.0 and v2, and lists leave the other kind out", async () => {
    const shared = await client.call("GET", `${V3}/pools/${DEMO_IDS.poolId}/members`);
    expect([shared.status, shared.json]).toEqual([404, apigw("ELB.8904")]);
    expect((await create({ address: "192.168.0.9", protocol_port: 80 }, `${V3}/pools/${DEMO_IDS.poolId}/members`)).status).toBe(404);
    expect((await client.call("GET", `${V3}/loadbalancers/${DEMO_IDS.loadbalancerId}`)).status).toBe(404);
    for (const prefix of ["/v2.0", "/v2"]) {
      expect((await client.call("GET", `${prefix}/lbaas/pools/${DEMO_IDS.dedicatedPoolId}/members`)).status).toBe(404);
      expect((await client.call("GET", `${prefix}/lbaas/pools/${DEMO_IDS.dedicatedPoolId}`)).status).toBe(404);
      expect((await client.call("GET", `${prefix}/lbaas/loadbalancers/${DEMO_IDS.dedicatedLoadbalancerId}/statuses`)).status).toBe(404);
      const post = await client.call("POST", `${prefix}/lbaas/pools/${DEMO_IDS.dedicatedPoolId}/members`, {
        body: { member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } },
      });
      expect(post.status).toBe(404);
    }
    await create({ address: "192.168.0.11", protocol_port: 80 });
    expect((await client.call("GET", "/v2.0/lbaas/members")).json.members).toEqual([]);
    expect((await client.call("GET", "/v2.0/lbaas/pools")).json.pools.map((p: { id: string }) => p.id)).toEqual([DEMO_IDS.poolId]);
    expect((await client.call("GET", "/v2.0/lbaas/loadbalancers")).json.loadbalancers.map((l: { id: string }) => l.id)).toEqual([DEMO_IDS.loadbalancerId]);
    const lbs = await client.call("GET", `${V3}/loadbalancers?limit=1`);
    expect(lbs.json).toEqual({
      loadbalancers: [expect.objectContaining({ id: DEMO_IDS.dedicatedLoadbalancerId, provisioning_status: "ACTIVE" })],
      page_info: { previous_marker: DEMO_IDS.dedicatedLoadbalancerId, current_count: 1 },
      request_id: expect.stringMatching(REQUEST_ID),
    });
  });

  test("another project in the path is 404", async () => {
    const res = await client.call("GET", `/v3/0123456789abcdef0123456789abcdef/elb/pools/${DEMO_IDS.dedicatedPoolId}/members`);
    expect([res.status, res.json]).toEqual([404, apigw("ELB.8904")]);
  });
});

describe("lists", () => {
  async function five(): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await create({ address: `10.0.0.${i}`, protocol_port: 80 + (i % 2), weight: i })).json.member.id);
    return ids.sort();
  }

  test("marker paging over five members with limit 2, forward and back", async () => {
    const ids = await five();
    const page = async (query: string) => (await client.call("GET", `${members}?${query}`)).json;
    const p1 = await page("limit=2");
    expect(p1.members.map((m: DedicatedMember) => m.id)).toEqual(ids.slice(0, 2));
    expect(p1.page_info).toEqual({ previous_marker: ids[0], current_count: 2, next_marker: ids[1] });
    const p2 = await page(`limit=2&marker=${ids[1]}`);
    expect(p2.page_info).toEqual({ previous_marker: ids[2], current_count: 2, next_marker: ids[3] });
    const p3 = await page(`limit=2&marker=${ids[3]}`);
    expect(p3.members.map((m: DedicatedMember) => m.id)).toEqual([ids[4]]);
    expect(p3.page_info).toEqual({ previous_marker: ids[4], current_count: 1 });
    const back = await page(`limit=2&marker=${ids[4]}&page_reverse=true`);
    expect(back.members.map((m: DedicatedMember) => m.id)).toEqual(ids.slice(2, 4));
    expect(back.page_info).toEqual({ previous_marker: ids[2], current_count: 2, next_marker: ids[3] });
    const first = await page(`limit=2&marker=${ids[2]}&page_reverse=true`);
    expect(first.page_info).toEqual({ current_count: 2, next_marker: ids[1] });
    expect((await page("")).page_info).toEqual({ previous_marker: ids[0], current_count: 5 });
  });

  test("an unknown marker, a limit over 2000 and an unknown parameter are 400", async () => {
    await five();
    for (const query of [
      "limit=2&marker=00000000-0000-4000-8000-000000000000",
      "limit=2001",
      "limit=-1",
      "sort_key=id&sort_dir=asc",
      "subnet_id=x",
      "page_reverse=maybe",
    ]) {
      const res = await client.call("GET", `${members}?${query}`);
      expect([query, res.status, res.json]).toEqual([query, 400, apigw("ELB.8902")]);
    }
    expect((await client.call("GET", `${members}?enterprise_project_id=0`)).json.members).toHaveLength(5);
  });

  test("a repeated filter matches any of its values; filters combine", async () => {
    await five();
    const addresses = async (query: string) => (await client.call("GET", `${members}?${query}`)).json.members.map((m: DedicatedMember) => m.address).sort();
    expect(await addresses("weight=1&weight=4")).toEqual(["10.0.0.1", "10.0.0.4"]);
    expect(await addresses("protocol_port=81&address=10.0.0.1&address=10.0.0.2")).toEqual(["10.0.0.1"]);
    expect(await addresses("member_type=ip&ip_version=v4&operating_status=NO_MONITOR&weight=5")).toEqual(["10.0.0.5"]);
    expect(await addresses("member_type=instance")).toEqual([]);
  });

  test("the project's members: every dedicated pool's, with pool and load balancer, filtered by pool_id", async () => {
    await create({ address: "10.0.0.1", protocol_port: 80 });
    await create({ address: "10.0.0.2", protocol_port: 80 }, `${V3}/pools/${V4_POOL}/members`);
    await client.call("POST", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`, {
      body: { member: { address: "192.168.0.3", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } },
    });
    const all = await client.call("GET", `${V3}/members`);
    expect(all.json.members.map((m: { address: string }) => m.address).sort()).toEqual(["10.0.0.1", "10.0.0.2"]);
    const one = await client.call("GET", `${V3}/members?pool_id=${V4_POOL}`);
    expect(one.json.members).toEqual([
      expect.objectContaining({ address: "10.0.0.2", pool_id: V4_POOL, loadbalancer_id: DEMO_IDS.dedicatedLoadbalancerId, device_id: "", device_owner: "" }),
    ]);
  });
});

describe("the load balancer's state", () => {
  test("no busy window after a v3 change, while the shared load balancer keeps its own", async () => {
    expect((await create({ address: "10.0.0.1", protocol_port: 80 })).status).toBe(201);
    expect((await create({ address: "10.0.0.2", protocol_port: 80 })).status).toBe(201);
    const lb = await client.call("GET", `${V3}/loadbalancers/${DEMO_IDS.dedicatedLoadbalancerId}`);
    expect(lb.json.loadbalancer).toMatchObject({
      id: DEMO_IDS.dedicatedLoadbalancerId,
      provisioning_status: "ACTIVE",
      vip_address: "192.168.0.2",
      vip_subnet_cidr_id: DEMO_IDS.subnetId,
      pools: expect.arrayContaining([{ id: DEMO_IDS.dedicatedPoolId }]),
    });
    const shared = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
    expect((await client.call("POST", shared, { body: { member: { address: "192.168.0.3", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } } })).status).toBe(
      201,
    );
    expect((await client.call("GET", `/v2.0/lbaas/loadbalancers/${DEMO_IDS.loadbalancerId}`)).json.loadbalancer.provisioning_status).toBe("PENDING_UPDATE");
    await clock.advance(500);
  });

  test("update, create and delete are refused with 409 while the load balancer is not ACTIVE", async () => {
    const m = (await create({ address: "10.0.0.1", protocol_port: 80 })).json.member;
    expect(() => emu.setLoadBalancerStatus(DEMO_IDS.dedicatedLoadbalancerId, "PENDING_UPDATE")).toThrow(/ACTIVE, PENDING_DELETE, ERROR/);
    for (const status of ["ERROR", "PENDING_DELETE"]) {
      emu.setLoadBalancerStatus(DEMO_IDS.dedicatedLoadbalancerId, status);
      const update = await client.call("PUT", `${members}/${m.id}`, { body: { member: { weight: 3 } } });
      expect([update.status, update.json]).toEqual([409, apigw("ELB.8907")]);
      expect(update.json.error_msg).toContain(status);
      expect((await create({ address: "10.0.0.2", protocol_port: 80 })).status).toBe(409);
      expect((await client.call("DELETE", `${members}/${m.id}`)).status).toBe(409);
      expect(
        (await client.call("GET", `${V3}/loadbalancers/${DEMO_IDS.dedicatedLoadbalancerId}/statuses`)).json.statuses.loadbalancer.provisioning_status,
      ).toBe(status);
    }
    emu.setLoadBalancerStatus(DEMO_IDS.dedicatedLoadbalancerId, "ACTIVE");
    expect((await client.call("PUT", `${members}/${m.id}`, { body: { member: { weight: 3 } } })).status).toBe(200);
  });
});

describe("health", () => {
  const monitored = `${V3}/pools/${MONITORED_POOL}/members`;

  test("status[] per listener, with the HTTP monitor's default reason, a given reason, and none once healthy", async () => {
    const m = (await create({ address: "192.168.0.20", protocol_port: 80, subnet_cidr_id: DEMO_IDS.subnetId }, monitored)).json.member;
    await clock.advance(600);
    const view = async () => (await client.call("GET", `${monitored}/${m.id}`)).json.member;
    expect((await view()).status).toEqual([expect.objectContaining({ listener_id: MONITORED_LISTENER, operating_status: "ONLINE" })]);
    expect((await view()).status[0].reason).toBeUndefined();

    emu.setMemberHealth("192.168.0.20", "OFFLINE");
    await clock.advance(600);
    expect((await view()).status).toEqual([
      {
        listener_id: MONITORED_LISTENER,
        operating_status: "OFFLINE",
        reason: { reason_code: "RESPONSE_MISMATCH", expected_response: "200", healthcheck_response: "503" },
        created_at: m.created_at,
        updated_at: m.updated_at,
      },
    ]);

    emu.setMemberHealth("192.168.0.20", "OFFLINE", { reasonCode: "CONNECT_TIMEOUT" });
    expect((await view()).status[0].reason).toEqual({ reason_code: "CONNECT_TIMEOUT" });
    const admin = await client.call("PUT", "/_emulator/health", {
      body: {
        address: "192.168.0.20",
        status: "OFFLINE",
        reason: { reasonCode: "RESPONSE_MISMATCH", expectedResponse: "200-204", healthcheckResponse: "404" },
      },
    });
    expect(admin.status).toBe(204);
    expect((await view()).status[0].reason).toEqual({ reason_code: "RESPONSE_MISMATCH", expected_response: "200-204", healthcheck_response: "404" });
    const tree = await client.call("GET", `${V3}/loadbalancers/${DEMO_IDS.dedicatedLoadbalancerId}/statuses`);
    expect(tree.json.statuses.loadbalancer.operating_status).toBe("DEGRADED");

    expect((await client.call("PUT", "/_emulator/health", { body: { address: "192.168.0.20", status: "ONLINE", reason: { reasonCode: "X" } } })).status).toBe(
      400,
    );
    emu.setMemberHealth("192.168.0.20", "ONLINE");
    await clock.advance(600);
    expect((await view()).status).toEqual([expect.objectContaining({ operating_status: "ONLINE" })]);
    expect((await view()).status[0].reason).toBeUndefined();
  });

  test("a TCP monitor's default reason is CONNECT_REFUSED; a pool without one is NO_MONITOR", async () => {
    emu.seed({
      healthmonitors: [{ id: HTTP_MONITOR, poolId: MONITORED_POOL, type: "TCP", delay: 0.2, timeout: 0.1, maxRetries: 3 }],
      memberHealth: { "2001:db8:a::20": "OFFLINE" },
    });
    const m = (await create({ address: "2001:db8:a::20", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId }, monitored)).json.member;
    expect(m.status).toEqual([expect.objectContaining({ operating_status: "OFFLINE", reason: { reason_code: "CONNECT_REFUSED" } })]);
    const hm = await client.call("GET", `${V3}/healthmonitors/${HTTP_MONITOR}`);
    expect(hm.json.healthmonitor).toMatchObject({ id: HTTP_MONITOR, type: "TCP", max_retries: 3, pools: [{ id: MONITORED_POOL }] });
    const plain = (await create({ address: "10.0.0.1", protocol_port: 80 })).json.member;
    expect(plain.operating_status).toBe("NO_MONITOR");
  });
});

test("the demo world's dedicated pool, seed members, and a world that persists", async () => {
  const pool = await client.call("GET", `${V3}/pools/${DEMO_IDS.dedicatedPoolId}`);
  expect(pool.json.pool).toMatchObject({
    id: DEMO_IDS.dedicatedPoolId,
    protocol: "TCP",
    ip_version: "dualstack",
    healthmonitor_id: "",
    loadbalancers: [{ id: DEMO_IDS.dedicatedLoadbalancerId }],
    listeners: [{ id: DEMO_IDS.dedicatedListenerId }],
    project_id: DEMO_IDS.projectId,
    admin_state_up: true,
  });
  emu.seed({
    members: [
      { id: "ip-member", poolId: DEMO_IDS.dedicatedPoolId, address: "10.9.9.9", protocolPort: 80, subnetId: "" },
      { id: "v6-member", poolId: DEMO_IDS.dedicatedPoolId, address: "2001:db8:a::9", protocolPort: 80, subnetId: DEMO_IDS.ipv6SubnetId, instanceId: "ecs-1" },
    ],
  });
  expect(emu.members<DedicatedMember>(DEMO_IDS.dedicatedPoolId).map((m) => [m.id, m.member_type, m.instance_id])).toEqual([
    ["ip-member", "ip", ""],
    ["v6-member", "instance", "ecs-1"],
  ]);
  expect(() => emu.seed({ members: [{ poolId: V4_POOL, address: "2001:db8:a::9", protocolPort: 80, subnetId: DEMO_IDS.ipv6SubnetId }] })).toThrow(
    /supports only IPv4/,
  );
  expect(() => emu.seed({ members: [{ poolId: DEMO_IDS.poolId, address: "10.9.9.9", protocolPort: 80, subnetId: "" }] })).toThrow(/unknown subnet/);
  const state = emu.state();
  expect(state.members.find((m) => m.id === "v6-member")).toMatchObject({ pool_id: DEMO_IDS.dedicatedPoolId, ip_version: "v6" });
  expect(emu.counters()).toBeDefined();
});
