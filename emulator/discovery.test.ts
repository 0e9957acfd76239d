// Version discovery as independent clients do it (GET /, /v2.0, /v2), and Octavia's /v2 path as
// an alias of /v2.0 with its own counters.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "./index";
import { TestClient } from "./testing/client";

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

describe("version documents", () => {
  test("GET / lists v3, v2 and v2.0 as the v3 versions page does, each with a self link", async () => {
    const res = await client.call("GET", "/");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      versions: [
        { status: "CURRENT", id: "v3", links: [{ href: `${emu.url}/v3`, rel: "self" }] },
        { status: "STABLE", id: "v2", links: [{ href: `${emu.url}/v2`, rel: "self" }] },
        { status: "STABLE", id: "v2.0", links: [{ href: `${emu.url}/v2.0`, rel: "self" }] },
      ],
    });
  });

  test.each(["/v2.0", "/v2.0/", "/v2"])("GET %s describes the version served there", async (path) => {
    const res = await client.call("GET", path);
    expect(res.status).toBe(200);
    const prefix = path.replace(/\/$/, "");
    expect(res.json).toEqual({ version: { status: "CURRENT", id: "v2.0", links: [{ href: `${emu.url}${prefix}`, rel: "self" }] } });
  });

  test("version documents need no auth, like GET /", async () => {
    const locked = await startEmulator({ seed: demoSeed(), auth: { users: [] } });
    const lockedClient = new TestClient(locked.url);
    try {
      expect((await lockedClient.call("GET", "/v2.0")).status).toBe(200);
      expect((await lockedClient.call("GET", "/v2")).status).toBe(200);
      expect((await lockedClient.call("GET", "/v2.0/lbaas/pools")).status).toBe(401);
    } finally {
      await lockedClient.close();
      await locked.close();
    }
  });
});

describe("/v2/lbaas as an alias of /v2.0/lbaas", () => {
  const member = { address: "192.168.0.20", protocol_port: 80, subnet_id: DEMO_IDS.subnetId };

  test("a member created under /v2 is the same member under /v2.0, and the prefixes count apart", async () => {
    const created = await client.call("POST", `/v2/lbaas/pools/${DEMO_IDS.poolId}/members`, { body: { member } });
    expect(created.status).toBe(201);
    const id = created.json.member.id;
    const viaDoc = await client.call("GET", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members/${id}`);
    expect(viaDoc.json.member).toEqual(created.json.member);
    expect(emu.members(DEMO_IDS.poolId).map((m) => m.id)).toEqual([id]);

    const updated = await client.call("PUT", `/v2/lbaas/pools/${DEMO_IDS.poolId}/members/${id}`, { body: { member: { weight: 7 } } });
    expect(updated.json.member.weight).toBe(7);
    expect((await client.call("DELETE", `/v2/lbaas/pools/${DEMO_IDS.poolId}/members/${id}`)).status).toBe(204);
    expect(emu.members(DEMO_IDS.poolId)).toEqual([]);

    const counters = emu.counters();
    expect(counters["POST /v2/lbaas/pools/{pool_id}/members"]).toEqual({ "201": 1 });
    expect(counters["GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}"]).toEqual({ "200": 1 });
    expect(counters["POST /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
  });

  test("pools, load balancers, status trees, the extension list and the batch call are there too", async () => {
    expect((await client.call("GET", `/v2/lbaas/pools/${DEMO_IDS.poolId}`)).json.pool.id).toBe(DEMO_IDS.poolId);
    expect((await client.call("GET", "/v2/lbaas/pools")).json.pools).toHaveLength(1);
    expect((await client.call("GET", `/v2/lbaas/loadbalancers/${DEMO_IDS.loadbalancerId}`)).json.loadbalancer.provisioning_status).toBe("ACTIVE");
    expect((await client.call("GET", "/v2/lbaas/loadbalancers")).json.loadbalancers).toHaveLength(1);
    expect((await client.call("GET", `/v2/lbaas/loadbalancers/${DEMO_IDS.loadbalancerId}/statuses`)).status).toBe(200);
    const batch = await client.call("PUT", `/v2/lbaas/pools/${DEMO_IDS.poolId}/members`, { body: { action: "add", members: [member] } });
    expect(batch.status).toBe(202);
    expect((await client.call("GET", "/v2/lbaas/members")).json.members).toHaveLength(1);
  });

  test("paging links keep the prefix the client used", async () => {
    for (const address of ["192.168.0.21", "192.168.0.22"]) {
      await client.call("POST", `/v2/lbaas/pools/${DEMO_IDS.poolId}/members`, { body: { member: { ...member, address } } });
    }
    const res = await client.call("GET", `/v2/lbaas/pools/${DEMO_IDS.poolId}/members?limit=1`);
    const next = res.json.members_links.find((l: { rel: string }) => l.rel === "next");
    expect(next.href.startsWith(`${emu.url}/v2/lbaas/pools/${DEMO_IDS.poolId}/members?`)).toBe(true);
  });

  test("fault rules name one prefix: a rule on /v2.0 leaves /v2 alone", async () => {
    emu.setFaults({ rules: [{ kind: "error", status: 503, route: "GET /v2.0/lbaas/pools/{pool_id}" }] });
    expect((await client.call("GET", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}`)).status).toBe(503);
    expect((await client.call("GET", `/v2/lbaas/pools/${DEMO_IDS.poolId}`)).status).toBe(200);
  });
});
