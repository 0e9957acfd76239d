// Contract tests: each documented example request, replayed against a world built from the
// examples' ids, must answer with the documented status and the documented shape.
import { Emulator, startEmulator } from "./index";
import { TestClient } from "./testing/client";
import * as ex from "./testing/doc-examples";
import { DOC, docWorld } from "./testing/doc-world";
import { shapeDiff } from "./testing/shape";

let emu: Emulator;
let client: TestClient;

beforeAll(async () => {
  emu = await startEmulator({ seed: docWorld() });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  await client.close();
  await emu.close();
});
beforeEach(() => emu.reset());

const members = `/v2.0/lbaas/pools/${DOC.pool}/members`;

test("GET / lists the versions (querying_versions)", async () => {
  const res = await client.call("GET", "/");
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.VERSIONS_RESPONSE)).toEqual([]);
  // querying_api_versions.rst (v3): v3 CURRENT, then v2 and v2.0 STABLE.
  expect(res.json.versions.map((v: { id: string; status: string }) => [v.id, v.status])).toEqual([
    ["v3", "CURRENT"],
    ["v2", "STABLE"],
    ["v2.0", "STABLE"],
  ]);
  expect(res.json.versions[2].links[0].href).toBe(`${emu.url}/v2.0`);
});

test("POST member, step 2 of adding_a_backend_server, answers 201 with the documented member", async () => {
  const res = await client.call("POST", members, {
    body: {
      member: { subnet_id: DOC.subnet44, protocol_port: 88, name: "member-jy-tt-1", address: "192.168.44.11" },
    },
  });
  expect(res.status).toBe(201);
  expect(shapeDiff(res.json, ex.CREATE_MEMBER_RESPONSE)).toEqual([]);
  expect(res.json.member).toMatchObject({
    name: "member-jy-tt-1",
    weight: 1,
    admin_state_up: true,
    subnet_id: DOC.subnet44,
    tenant_id: DOC.projectId,
    address: "192.168.44.11",
    protocol_port: 88,
    operating_status: "NO_MONITOR",
  });
  expect(res.json.member.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("GET members (querying_backend_servers example 1) lists the pool", async () => {
  const res = await client.call("GET", members);
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.LIST_MEMBERS_RESPONSE)).toEqual([]);
  expect(res.json.members.map((m: { id: string }) => m.id)).toEqual([DOC.listMember, DOC.detailMember].sort());
  expect(res.json.members_links).toBeUndefined();
});

test("GET members?address=10.0.0.8&protocol_port=80 (example 2) finds exactly that member", async () => {
  const res = await client.call("GET", `${members}?address=10.0.0.8&protocol_port=80`);
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.LIST_MEMBERS_RESPONSE)).toEqual([]);
  expect(res.json.members).toHaveLength(1);
  expect(res.json.members[0]).toMatchObject({ id: DOC.listMember, address: "10.0.0.8", protocol_port: 80, name: "member-name" });
});

test("GET one member (querying_details_of_a_backend_server)", async () => {
  const res = await client.call("GET", `${members}/${DOC.detailMember}`);
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.GET_MEMBER_RESPONSE)).toEqual([]);
  expect(res.json.member).toMatchObject({ id: DOC.detailMember, name: "", address: "192.172.3.100", protocol_port: 8080 });
});

test("PUT member name and weight (updating_a_backend_server) answers 200 with the member", async () => {
  const memberId = "c0042496-e220-44f6-914b-e6ca33bab503";
  emu.seed({ members: [{ id: memberId, poolId: DOC.pool, address: "192.168.44.11", protocolPort: 88, subnetId: DOC.subnet44, name: "member-jy-tt-1" }] });
  const res = await client.call("PUT", `${members}/${memberId}`, { body: { member: { name: "member create test", weight: 10 } } });
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.UPDATE_MEMBER_RESPONSE)).toEqual([]);
  expect(res.json.member).toMatchObject({ id: memberId, name: "member create test", weight: 10 });
  expect(emu.members(DOC.pool).find((m) => m.id === memberId)).toMatchObject({ name: "member create test", weight: 10 });
});

test("DELETE member (removing_a_backend_server) answers 204 with no body", async () => {
  const res = await client.call("DELETE", `${members}/${DOC.detailMember}`);
  expect(res.status).toBe(204);
  expect(res.text).toBe("");
  expect(emu.members(DOC.pool).map((m) => m.id)).toEqual([DOC.listMember]);
});

test("GET /v2.0/lbaas/members (extension example 1) carries pool, load balancer and device fields", async () => {
  const res = await client.call("GET", "/v2.0/lbaas/members");
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.EXTENSION_LIST_RESPONSE)).toEqual([]);
  const ext = res.json.members.find((m: { id: string }) => m.id === DOC.extMember1);
  expect(ext).toMatchObject({
    pool_id: DOC.extPool,
    loadbalancer_id: DOC.extLb,
    device_id: "",
    device_owner: "",
    operating_status: "OFFLINE",
    admin_state_up: false,
  });
  expect(res.json.members).toHaveLength(6);
});

test("GET /v2.0/lbaas/members?operating_status=OFFLINE&limit=2 (extension example 2) pages with a previous link", async () => {
  const res = await client.call("GET", "/v2.0/lbaas/members?operating_status=OFFLINE&limit=2");
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.EXTENSION_PAGE_RESPONSE)).toEqual([]);
  expect(res.json.members.map((m: { id: string }) => m.id)).toEqual([DOC.extMember1, DOC.extMember2]);
  // As in the example: no next link (nothing more), a previous link from the first item.
  expect(res.json.members_links).toEqual([
    {
      rel: "previous",
      href: `${emu.url}/v2.0/lbaas/members?operating_status=OFFLINE&limit=2&marker=${DOC.extMember1}&page_reverse=True`,
    },
  ]);
});

test("PUT batch add, update (replace) and delete (batch_updating_backend_servers) answer 202 with no body", async () => {
  const item = (name: string, address: string) => ({ subnet_id: DOC.subnet44, protocol_port: 88, name, address });
  const add = await client.call("PUT", members, {
    body: { members: [item("member-1", "192.168.44.11"), item("member-2", "192.168.44.12"), item("member-3", "192.168.44.13")], action: "add" },
  });
  expect(add.status).toBe(202);
  expect(add.text).toBe("");
  expect(emu.members(DOC.pool)).toHaveLength(5);

  const replace = await client.call("PUT", members, {
    body: { members: [item("member-1", "192.168.44.11"), item("member-3", "192.168.44.12"), item("member-3", "192.168.44.13")] },
  });
  expect(replace.status).toBe(202);
  expect(replace.text).toBe("");
  const after = emu.members(DOC.pool);
  expect(after.map((m) => `${m.name}@${m.address}`).sort()).toEqual(["member-1@192.168.44.11", "member-3@192.168.44.12", "member-3@192.168.44.13"]);

  // Example 3 names placeholder ids (twice); replayed with real ids, duplicates included.
  const [a, b] = after;
  const del = await client.call("PUT", members, { body: { members: [{ id: a.id }, { id: b.id }, { id: b.id }], action: "delete" } });
  expect(del.status).toBe(202);
  expect(del.text).toBe("");
  expect(emu.members(DOC.pool).map((m) => m.id)).toEqual([after[2].id]);
});

test("GET pool (querying_details_of_a_backend_server_group)", async () => {
  const res = await client.call("GET", `/v2.0/lbaas/pools/${DOC.pool}`);
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.POOL_RESPONSE)).toEqual([]);
  expect(res.json.pool).toMatchObject({
    id: DOC.pool,
    name: "my-pool",
    lb_algorithm: "SOURCE_IP",
    protocol: "TCP",
    healthmonitor_id: null,
    loadbalancers: [{ id: DOC.lb }],
    listeners: [{ id: DOC.listener }],
    tenant_id: DOC.projectId,
  });
  expect(res.json.pool.members).toEqual([{ id: DOC.listMember }, { id: DOC.detailMember }].sort((x, y) => (x.id < y.id ? -1 : 1)));
});

test("GET pools lists every pool", async () => {
  const res = await client.call("GET", "/v2.0/lbaas/pools");
  expect(res.status).toBe(200);
  expect(res.json.pools).toHaveLength(4);
  for (const pool of res.json.pools) expect(Object.keys(pool).sort()).toEqual(Object.keys(ex.POOL_RESPONSE.pool).sort());
  expect(res.json.pools.map((p: { id: string }) => p.id)).toEqual([DOC.extPool, DOC.pool, DOC.detailPool, DOC.treePool].sort());
});

test("GET load balancer (querying_details_of_a_load_balancer example 1)", async () => {
  const res = await client.call("GET", `/v2.0/lbaas/loadbalancers/${DOC.detailLb}`);
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.LOADBALANCER_RESPONSE)).toEqual([]);
  expect(res.json.loadbalancer).toMatchObject({
    id: DOC.detailLb,
    name: "lb-2",
    provisioning_status: "ACTIVE",
    operating_status: "ONLINE",
    vip_address: "192.168.2.4",
    vip_subnet_id: DOC.subnet2,
    provider: "vlb",
    listeners: [{ id: DOC.detailListener }],
    pools: [{ id: DOC.detailPool }],
  });
  expect(res.json.loadbalancer.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
});

test("GET status tree (querying_the_status_tree_of_a_load_balancer)", async () => {
  const res = await client.call("GET", `/v2.0/lbaas/loadbalancers/${DOC.treeLb}/statuses`);
  expect(res.status).toBe(200);
  expect(shapeDiff(res.json, ex.STATUS_TREE_RESPONSE)).toEqual([]);
  const lb = res.json.statuses.loadbalancer;
  expect(lb.listeners[0].pools[0].members[0]).toEqual({
    protocol_port: 80,
    address: "192.168.44.11",
    id: DOC.treeMember,
    operating_status: "ONLINE",
    provisioning_status: "ACTIVE",
  });
  expect(lb.pools[0].healthmonitor).toEqual({ type: "TCP", id: DOC.treeMonitor, name: "", provisioning_status: "ACTIVE" });
});
