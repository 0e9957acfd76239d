// Member health under a pool's health monitor, on a ManualClock: a member turns ONLINE once its
// server has been healthy for delay x max_retries, and OFFLINE once it has been unhealthy as long;
// GET, both lists, the status tree and the admin API all tell the same story.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_IDS, demoSeed, Emulator, ManualClock, SeedData, startEmulator } from "./index";
import { TestClient } from "./testing/client";

const MONITOR = "00000000-0000-4000-8000-0000000000f1";
const OTHER_LB = "00000000-0000-4000-8000-0000000000c2";
const OTHER_POOL = "00000000-0000-4000-8000-0000000000e2";
/** delay 0.2 s x max_retries 3. */
const RISE_MS = 600;
const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
const otherMembers = `/v2.0/lbaas/pools/${OTHER_POOL}/members`;
const tree = `/v2.0/lbaas/loadbalancers/${DEMO_IDS.loadbalancerId}/statuses`;

/** The demo pool gets a monitor; a second load balancer's pool has none. */
const world: SeedData = {
  loadbalancers: [{ id: OTHER_LB, vipSubnetId: DEMO_IDS.subnetId }],
  pools: [{ id: OTHER_POOL, loadbalancerId: OTHER_LB }],
  healthmonitors: [{ id: MONITOR, poolId: DEMO_IDS.poolId, name: "hm-demo", type: "HTTP", delay: 0.2, timeout: 0.1, maxRetries: 3 }],
};

const clock = new ManualClock();
let emu: Emulator;
let client: TestClient;

beforeAll(async () => {
  emu = await startEmulator({ seed: demoSeed(), clock });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  await emu.close();
  await client.close();
});
beforeEach(() => {
  emu.reset();
  emu.seed(world);
});

const body = (host: number, extra: Record<string, unknown> = {}) => ({
  member: { address: `192.168.0.${host}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId, ...extra },
});

async function create(host: number, extra: Record<string, unknown> = {}, at = members): Promise<{ id: string; operating_status: string }> {
  const res = await client.call("POST", at, { body: body(host, extra) });
  expect(res.status).toBe(201);
  return res.json.member;
}

async function status(id: string, at = members): Promise<string> {
  const res = await client.call("GET", `${at}/${id}`);
  expect(res.status).toBe(200);
  return res.json.member.operating_status;
}

type Row = { id: string; operating_status: string };
const statuses = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.id, r.operating_status]));

async function treeMembers(): Promise<Record<string, string>> {
  const res = await client.call("GET", tree);
  expect(res.status).toBe(200);
  return statuses(res.json.statuses.loadbalancer.pools[0].members);
}

describe("a member in a pool with a monitor", () => {
  test("is OFFLINE when created, and ONLINE exactly delay x max_retries later", async () => {
    const m = await create(10);
    expect(m.operating_status).toBe("OFFLINE");
    await clock.advance(RISE_MS - 1);
    expect(await status(m.id)).toBe("OFFLINE");
    await clock.advance(1);
    expect(await status(m.id)).toBe("ONLINE");
  });

  test("stays OFFLINE while its server is unhealthy, and turns ONLINE delay x max_retries after it turns healthy", async () => {
    emu.setServerHealth("192.168.0.10", false);
    const m = await create(10);
    await clock.advance(60_000);
    expect(await status(m.id)).toBe("OFFLINE");
    emu.setServerHealth("192.168.0.10", true);
    await clock.advance(RISE_MS - 1);
    expect(await status(m.id)).toBe("OFFLINE");
    await clock.advance(1);
    expect(await status(m.id)).toBe("ONLINE");
  });

  test("turns OFFLINE delay x max_retries after its server goes unhealthy; a shorter outage leaves it ONLINE", async () => {
    const m = await create(10);
    await clock.advance(RISE_MS);
    expect(await status(m.id)).toBe("ONLINE");

    emu.setServerHealth("192.168.0.10", false);
    await clock.advance(RISE_MS - 1);
    expect(await status(m.id)).toBe("ONLINE");
    emu.setServerHealth("192.168.0.10", true);
    await clock.advance(60_000);
    expect(await status(m.id)).toBe("ONLINE");

    emu.setServerHealth("192.168.0.10", false);
    await clock.advance(RISE_MS - 1);
    expect(await status(m.id)).toBe("ONLINE");
    await clock.advance(1);
    expect(await status(m.id)).toBe("OFFLINE");
  });

  test("counts checks again when its server's health flips before the result does", async () => {
    const m = await create(10);
    await clock.advance(RISE_MS - 100);
    emu.setServerHealth("192.168.0.10", false);
    await clock.advance(50);
    emu.setServerHealth("192.168.0.10", true);
    // 1149 ms after creation, healthy for 1099 ms of it, but only the last 599 ms in a row.
    await clock.advance(RISE_MS - 1);
    expect(await status(m.id)).toBe("OFFLINE");
    await clock.advance(1);
    expect(await status(m.id)).toBe("ONLINE");
  });

  test("marking a server as what it already is does not restart the count", async () => {
    const m = await create(10);
    await clock.advance(RISE_MS / 2);
    emu.setServerHealth("192.168.0.10", true);
    await clock.advance(RISE_MS / 2);
    expect(await status(m.id)).toBe("ONLINE");
  });

  test("a fractional delay is timed to the millisecond (2.007 s x 2 = 4014 ms, though 2.007 * 1000 * 2 is not)", async () => {
    emu.seed({ healthmonitors: [{ id: MONITOR, poolId: DEMO_IDS.poolId, delay: 2.007, timeout: 1, maxRetries: 2 }] });
    const m = await create(10);
    await clock.advance(4013);
    expect(await status(m.id)).toBe("OFFLINE");
    await clock.advance(1);
    expect(await status(m.id)).toBe("ONLINE");
  });

  test("members added by a batch start OFFLINE; those a replace keeps keep their health", async () => {
    const kept = await create(10);
    await clock.advance(RISE_MS);
    const batch = await client.call("PUT", members, {
      body: {
        action: "replace",
        members: [
          { address: "192.168.0.10", protocol_port: 80, subnet_id: DEMO_IDS.subnetId },
          { address: "192.168.0.11", protocol_port: 80, subnet_id: DEMO_IDS.subnetId },
        ],
      },
    });
    expect(batch.status).toBe(202);
    const list = (await client.call("GET", members)).json.members as (Row & { address: string })[];
    const added = list.find((r) => r.address === "192.168.0.11") as Row;
    expect(statuses(list)).toEqual({ [kept.id]: "ONLINE", [added.id]: "OFFLINE" });
    await clock.advance(RISE_MS);
    expect(await status(added.id)).toBe("ONLINE");
  });
});

test("without a monitor a member is NO_MONITOR, whatever its server's health, in GET, list and status tree", async () => {
  const m = await create(10, {}, otherMembers);
  expect(m.operating_status).toBe("NO_MONITOR");
  emu.setServerHealth("192.168.0.10", false);
  await clock.advance(60_000);
  expect(await status(m.id, otherMembers)).toBe("NO_MONITOR");
  expect(statuses((await client.call("GET", otherMembers)).json.members)).toEqual({ [m.id]: "NO_MONITOR" });
  const other = await client.call("GET", `/v2.0/lbaas/loadbalancers/${OTHER_LB}/statuses`);
  expect(other.json.statuses.loadbalancer.pools[0]).not.toHaveProperty("healthmonitor");
  expect(statuses(other.json.statuses.loadbalancer.pools[0].members)).toEqual({ [m.id]: "NO_MONITOR" });
});

test("GET, the pool's list, the extension list, their operating_status filters and the status tree agree", async () => {
  const up = await create(10);
  const sick = await create(11);
  const disabled = await create(12, { admin_state_up: false });
  emu.setServerHealth("192.168.0.11", false);

  const views = async () => {
    const one = Object.fromEntries(await Promise.all([up, sick, disabled].map(async (m) => [m.id, await status(m.id)])));
    const list = statuses((await client.call("GET", members)).json.members);
    const all = statuses((await client.call("GET", `/v2.0/lbaas/members?pool_id=${DEMO_IDS.poolId}`)).json.members);
    const filtered = async (at: string, value: string) =>
      ((await client.call("GET", `${at}${at.includes("?") ? "&" : "?"}operating_status=${value}`)).json.members as Row[]).map((r) => r.id).sort();
    return {
      one,
      list,
      all,
      online: await filtered(members, "ONLINE"),
      offline: await filtered(members, "OFFLINE"),
      allOnline: await filtered(`/v2.0/lbaas/members?pool_id=${DEMO_IDS.poolId}`, "ONLINE"),
      tree: await treeMembers(),
    };
  };

  const before = await views();
  const offline = { [up.id]: "OFFLINE", [sick.id]: "OFFLINE", [disabled.id]: "OFFLINE" };
  expect(before).toEqual({
    one: offline,
    list: offline,
    all: offline,
    online: [],
    offline: [up.id, sick.id, disabled.id].sort(),
    allOnline: [],
    // The status tree shows an administratively disabled member as DISABLED; GET and the lists
    // show its health check result, the only values their pages document.
    tree: { ...offline, [disabled.id]: "DISABLED" },
  });

  await clock.advance(RISE_MS);
  const after = await views();
  const settled = { [up.id]: "ONLINE", [sick.id]: "OFFLINE", [disabled.id]: "ONLINE" };
  expect(after).toEqual({
    one: settled,
    list: settled,
    all: settled,
    online: [up.id, disabled.id].sort(),
    offline: [sick.id],
    allOnline: [up.id, disabled.id].sort(),
    tree: { ...settled, [disabled.id]: "DISABLED" },
  });
  expect(statuses(emu.members(DEMO_IDS.poolId))).toEqual(settled);
  expect(statuses(emu.state().members)).toEqual(settled);
});

describe("health monitors in seed data", () => {
  test("a declared monitor shows in the status tree, the pool and the state snapshot", async () => {
    const res = await client.call("GET", tree);
    expect(res.json.statuses.loadbalancer.pools[0].healthmonitor).toEqual({ type: "HTTP", id: MONITOR, name: "hm-demo", provisioning_status: "ACTIVE" });
    expect(res.json.statuses.loadbalancer.listeners[0].pools[0].healthmonitor.id).toBe(MONITOR);
    const pool = await client.call("GET", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}`);
    expect(pool.json.pool.healthmonitor_id).toBe(MONITOR);
    expect(emu.state().healthmonitors).toEqual([
      {
        id: MONITOR,
        name: "hm-demo",
        type: "HTTP",
        delay: 0.2,
        timeout: 0.1,
        max_retries: 3,
        admin_state_up: true,
        tenant_id: DEMO_IDS.projectId,
        pools: [{ id: DEMO_IDS.poolId }],
      },
    ]);
  });

  test("type defaults to TCP, and to UDP_CONNECT for a UDP pool", async () => {
    emu.seed({
      pools: [{ id: OTHER_POOL, loadbalancerId: OTHER_LB, protocol: "UDP" }],
      healthmonitors: [
        { id: MONITOR, poolId: DEMO_IDS.poolId, delay: 1, timeout: 1, maxRetries: 1 },
        { id: "hm-udp", poolId: OTHER_POOL, delay: 1, timeout: 1, maxRetries: 1 },
      ],
    });
    expect(emu.state().healthmonitors.map((h) => [h.id, h.type])).toEqual([
      [MONITOR, "TCP"],
      ["hm-udp", "UDP_CONNECT"],
    ]);
  });

  test("members that seed data lists show their server's health at once", async () => {
    emu.seed({
      members: [
        { id: "m-up", poolId: DEMO_IDS.poolId, address: "192.168.0.20", protocolPort: 80, subnetId: DEMO_IDS.subnetId },
        { id: "m-down", poolId: DEMO_IDS.poolId, address: "192.168.0.21", protocolPort: 80, subnetId: DEMO_IDS.subnetId },
      ],
      memberHealth: { "192.168.0.21": "OFFLINE" },
    });
    expect(statuses(emu.members(DEMO_IDS.poolId))).toEqual({ "m-up": "ONLINE", "m-down": "OFFLINE" });
    // From then on the rule applies as to any member.
    emu.setServerHealth("192.168.0.21", true);
    await clock.advance(RISE_MS - 1);
    expect(await status("m-down")).toBe("OFFLINE");
    await clock.advance(1);
    expect(await status("m-down")).toBe("ONLINE");
  });

  test("members of a pool that gains a monitor start over, OFFLINE", async () => {
    const m = await create(10, {}, otherMembers);
    await clock.advance(60_000);
    emu.seed({ healthmonitors: [{ id: "hm-late", poolId: OTHER_POOL, delay: 0.2, timeout: 0.1, maxRetries: 3 }] });
    expect(await status(m.id, otherMembers)).toBe("OFFLINE");
    await clock.advance(RISE_MS);
    expect(await status(m.id, otherMembers)).toBe("ONLINE");
  });

  test("a seed that changes the server health of members it does not list is a change like setServerHealth", async () => {
    const m = await create(10);
    await clock.advance(RISE_MS);
    emu.seed({ memberHealth: { "192.168.0.10": "OFFLINE" } });
    await clock.advance(RISE_MS - 1);
    expect(await status(m.id)).toBe("ONLINE");
    await clock.advance(1);
    expect(await status(m.id)).toBe("OFFLINE");
  });

  test("declaring a pool's monitor again keeps its members' results and counts again from then", async () => {
    const m = await create(10);
    await clock.advance(RISE_MS / 2);
    // 0.1 s x 3 = 300 ms, which the member has already been healthy for; the count starts again.
    emu.seed({ healthmonitors: [{ id: MONITOR, poolId: DEMO_IDS.poolId, delay: 0.1, timeout: 0.1, maxRetries: 3 }] });
    expect(await status(m.id)).toBe("OFFLINE");
    await clock.advance(299);
    expect(await status(m.id)).toBe("OFFLINE");
    await clock.advance(1);
    expect(await status(m.id)).toBe("ONLINE");
  });

  test("a monitor that the seed names but does not declare follows the server's health at once", async () => {
    emu.seed({ pools: [{ id: OTHER_POOL, loadbalancerId: OTHER_LB, healthmonitorId: "undeclared" }] });
    const m = await create(10, {}, otherMembers);
    expect(m.operating_status).toBe("ONLINE");
    emu.setServerHealth("192.168.0.10", false);
    expect(await status(m.id, otherMembers)).toBe("OFFLINE");
  });

  test.each([
    [{ delay: 0 }, "health monitor hm-x delay must be seconds, more than 0 and at most 50, in steps of at least 0.001, got 0"],
    [{ delay: 0.0005 }, "health monitor hm-x delay must be seconds, more than 0 and at most 50, in steps of at least 0.001, got 0.0005"],
    [{ delay: "1" }, 'health monitor hm-x delay must be seconds, more than 0 and at most 50, in steps of at least 0.001, got "1"'],
    [{ timeout: 51 }, "health monitor hm-x timeout must be seconds, more than 0 and at most 50, in steps of at least 0.001, got 51"],
    [{ maxRetries: 11 }, "health monitor hm-x maxRetries must be an integer 1-10, got 11"],
    [{ maxRetries: 1.5 }, "health monitor hm-x maxRetries must be an integer 1-10, got 1.5"],
    [{ type: "PING" }, 'health monitor hm-x type must be one of TCP, UDP_CONNECT, HTTP, got "PING"'],
    [{ type: "UDP_CONNECT" }, `health monitor hm-x is UDP_CONNECT, which needs a UDP pool, but pool ${OTHER_POOL} is not`],
    [{ poolId: "nope" }, "health monitor hm-x names unknown pool nope"],
  ])("a bad monitor %j is refused with a clear message, and the seed changes nothing", async (change, message) => {
    const before = emu.state();
    const bad = await client.call("POST", "/_emulator/seed", {
      body: {
        members: [{ id: "m-new", poolId: OTHER_POOL, address: "192.168.0.30", protocolPort: 80, subnetId: DEMO_IDS.subnetId }],
        healthmonitors: [{ id: "hm-x", poolId: OTHER_POOL, delay: 1, timeout: 1, maxRetries: 3, ...change }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe(`seed: ${message}`);
    expect(emu.state()).toEqual(before);
  });

  test("a pool has one monitor: two naming it, or a pool naming another pool's monitor, are refused", () => {
    expect(() => emu.seed({ healthmonitors: [{ id: "hm-2", poolId: DEMO_IDS.poolId, delay: 1, timeout: 1, maxRetries: 1 }] })).toThrow(
      `seed: pool ${DEMO_IDS.poolId} has two health monitors, ${MONITOR} and hm-2`,
    );
    expect(() => emu.seed({ pools: [{ id: OTHER_POOL, loadbalancerId: OTHER_LB, healthmonitorId: MONITOR }] })).toThrow(
      `seed: pool ${OTHER_POOL} names health monitor ${MONITOR}, which checks pool ${DEMO_IDS.poolId}`,
    );
    expect(() => emu.seed({ pools: [{ id: DEMO_IDS.poolId, loadbalancerId: DEMO_IDS.loadbalancerId, healthmonitorId: "hm-other" }] })).toThrow(
      `seed: pool ${DEMO_IDS.poolId} has healthmonitorId "hm-other", but health monitor ${MONITOR} names the pool`,
    );
    expect(emu.state().pools.find((p) => p.id === DEMO_IDS.poolId)?.healthmonitor_id).toBe(MONITOR);
  });

  test("a pool seeded again, with healthmonitorId null or without it, keeps the monitor that names it", () => {
    emu.seed({ pools: [{ id: DEMO_IDS.poolId, loadbalancerId: DEMO_IDS.loadbalancerId, healthmonitorId: null }] });
    emu.seed({ pools: [{ id: DEMO_IDS.poolId, loadbalancerId: DEMO_IDS.loadbalancerId }] });
    expect(emu.state().pools.find((p) => p.id === DEMO_IDS.poolId)?.healthmonitor_id).toBe(MONITOR);
  });

  test("a monitor moved to another pool leaves its old pool without one", () => {
    emu.seed({ healthmonitors: [{ id: MONITOR, poolId: OTHER_POOL, delay: 1, timeout: 1, maxRetries: 1 }] });
    expect(Object.fromEntries(emu.state().pools.map((p) => [p.id, p.healthmonitor_id]))).toEqual({
      [DEMO_IDS.poolId]: null,
      [OTHER_POOL]: MONITOR,
    });
  });

  test("monitors are saved with the world and loaded again", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-health-"));
    const file = path.join(dir, "world.json");
    try {
      const first = await startEmulator({ seed: demoSeed(), persistFile: file, clock });
      first.seed(world);
      await first.close();
      expect(JSON.parse(fs.readFileSync(file, "utf8")).healthmonitors).toEqual([
        { id: MONITOR, name: "hm-demo", poolId: DEMO_IDS.poolId, type: "HTTP", delay: 0.2, timeout: 0.1, maxRetries: 3 },
      ]);
      const second = await startEmulator({ persistFile: file, clock });
      try {
        expect(second.state().healthmonitors.map((h) => h.id)).toEqual([MONITOR]);
        expect(second.state().pools.find((p) => p.id === DEMO_IDS.poolId)?.healthmonitor_id).toBe(MONITOR);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("server health through the admin API and the Emulator", () => {
  const route = (address: string) => `/_emulator/servers/${address}/health`;

  test("PUT servers/{address}/health marks a server unhealthy or healthy; GET reads it back", async () => {
    const m = await create(10);
    await clock.advance(RISE_MS);
    expect((await client.call("GET", route("192.168.0.10"))).json).toEqual({ address: "192.168.0.10", healthy: true });
    const put = await client.call("PUT", route("192.168.0.10"), { body: { healthy: false } });
    expect(put.status).toBe(204);
    expect((await client.call("GET", route("192.168.0.10"))).json).toEqual({ address: "192.168.0.10", healthy: false });
    await clock.advance(RISE_MS);
    expect(await status(m.id)).toBe("OFFLINE");
    expect((await client.call("PUT", route("192.168.0.10"), { body: { healthy: true } })).status).toBe(204);
    await clock.advance(RISE_MS);
    expect(await status(m.id)).toBe("ONLINE");
  });

  test.each([
    ["no body", undefined, 'expected {"healthy": true} or {"healthy": false} as the body'],
    ["an array", [false], 'expected {"healthy": true} or {"healthy": false} as the body'],
    ["healthy missing", {}, 'expected {"healthy": true} or {"healthy": false}; healthy is missing'],
    ["healthy as a string", { healthy: "false" }, 'expected {"healthy": true} or {"healthy": false}; healthy is "false"'],
    ["the older status field", { status: "OFFLINE" }, 'expected {"healthy": true} or {"healthy": false}; unknown field status'],
  ])("PUT with %s is 400 with a clear message and changes nothing", async (_what, payload, message) => {
    const res = await client.call("PUT", route("192.168.0.10"), payload === undefined ? {} : { body: payload });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: message });
    expect((await client.call("GET", route("192.168.0.10"))).json.healthy).toBe(true);
  });

  test("an address that is not an IP address is 400, on the route and on the Emulator", async () => {
    const res = await client.call("PUT", route("web-1"), { body: { healthy: false } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'address must be an IPv4 or IPv6 address, got "web-1"' });
    expect((await client.call("GET", route("web-1"))).status).toBe(400);
    expect(() => emu.setServerHealth("web-1", false)).toThrow('address must be an IPv4 or IPv6 address, got "web-1"');
    expect(() => emu.setServerHealth("192.168.0.10", "no" as unknown as boolean)).toThrow('healthy must be true or false, got "no"');
  });

  test("the older PUT health {address, status} and setMemberHealth mark the same server health", async () => {
    const m = await create(10);
    await clock.advance(RISE_MS);
    expect((await client.call("PUT", "/_emulator/health", { body: { address: "192.168.0.10", status: "OFFLINE" } })).status).toBe(204);
    expect((await client.call("GET", route("192.168.0.10"))).json.healthy).toBe(false);
    await clock.advance(RISE_MS);
    expect(await status(m.id)).toBe("OFFLINE");
    emu.setMemberHealth("192.168.0.10", "ONLINE");
    expect((await client.call("GET", route("192.168.0.10"))).json.healthy).toBe(true);
  });
});
