// Fault modes: latency, 5xx rate, 429 with Retry-After, commit-then-drop, slow bodies; seeded
// repetition; which routes rules reach. Latency and slow bodies sleep on a ManualClock, so the
// tests see what waits and for how long, and end each wait themselves.
import { request } from "undici";
import { DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "./index";
import { TestClient } from "./testing/client";
import { later, settledNow } from "./testing/promises";
import type { FaultConfig } from "./types";

const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
const CREATE = "POST /v2.0/lbaas/pools/{pool_id}/members";
const LIST = "GET /v2.0/lbaas/pools/{pool_id}/members";
const newMember = (host: number) => ({ member: { address: `192.168.0.${host}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId } });

let emu: Emulator;
let client: TestClient;
const clock = new ManualClock();

beforeAll(async () => {
  emu = await startEmulator({ seed: demoSeed(), clock });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  // The emulator first: it cuts short whatever still sleeps on the clock after a failed test.
  await emu.close();
  await client.close();
});
beforeEach(() => emu.reset());

async function statuses(count: number, path = members): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await client.call("GET", path)).status);
  return out;
}

/** One character per answer: "." 200, "5" 503, "4" 429. */
const pattern = (got: number[]) => got.map((s) => ({ 200: ".", 503: "5", 429: "4" })[s] ?? `(${s})`).join("");

test("latency delays matching routes only", async () => {
  emu.setFaults({ rules: [{ kind: "latency", ms: 150, route: LIST }] });
  const list = later(client.call("GET", members));
  await clock.sleeping();
  expect(clock.pending()).toEqual([150]);
  // Another route is answered while the list waits, without the clock moving.
  expect((await client.call("GET", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}`)).status).toBe(200);
  expect(clock.pending()).toEqual([150]);
  await clock.advance(149);
  expect(clock.pending()).toEqual([1]);
  expect(await settledNow(list)).toBe(false);
  await clock.advance(1);
  expect((await list).status).toBe(200);
  expect(clock.pending()).toEqual([]);
});

test("an error rate answers that share of requests with the status, in the selected style", async () => {
  emu.setFaults({ seed: 7, rules: [{ kind: "error", status: 503, rate: 0.5 }] });
  const got = await statuses(60);
  // Seed 7 fails exactly these 27 of 60: about half, and the same on every run.
  expect(pattern(got)).toBe("...5555...5.55.55..5.5....5555..5.....555.555..5..5..5....55");
  expect(got.filter((s) => s === 503)).toHaveLength(27);

  emu.setFaults({ rules: [{ kind: "error", status: 502 }] });
  const res = await client.call("GET", members);
  expect(res.status).toBe(502);
  expect(res.json.NeutronError.type).toBe("HTTPBadGateway");
  emu.setFaults({ rules: [{ kind: "error", status: 500 }] });
  expect((await client.call("GET", members)).json.NeutronError.type).toBe("HTTPInternalServerError");
});

test("a faulted change is not applied", async () => {
  emu.setFaults({ rules: [{ kind: "error", status: 500, route: CREATE }] });
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(500);
  expect(emu.members(DEMO_IDS.poolId)).toEqual([]);
});

test("an error after commit: the change is applied, yet the answer is the 5xx", async () => {
  emu.setFaults({ rules: [{ kind: "error", status: 500, route: CREATE, afterCommit: true, times: 1 }] });
  expect((await client.call("POST", members, { body: newMember(10) })).status).toBe(500);
  expect(emu.members(DEMO_IDS.poolId).map((m) => m.address)).toEqual(["192.168.0.10"]);
  expect(emu.counters()[CREATE]).toEqual({ "500": 1 });
});

test("throttling answers 429 with Retry-After", async () => {
  emu.setFaults({ rules: [{ kind: "throttle", retryAfterSeconds: 7, route: CREATE }] });
  const res = await client.call("POST", members, { body: newMember(10) });
  expect(res.status).toBe(429);
  expect(res.headers["retry-after"]).toBe("7");
  expect(res.json.NeutronError).toEqual({ message: "The throttling threshold has been reached", type: "TooManyRequests", detail: "" });
  expect(emu.members(DEMO_IDS.poolId)).toEqual([]);
  emu.setFaults({ rules: [{ kind: "throttle" }] });
  expect((await client.call("GET", members)).headers["retry-after"]).toBe("1");
});

test("times limits how often a rule fires", async () => {
  emu.setFaults({ rules: [{ kind: "error", status: 503, times: 2 }] });
  expect(await statuses(4)).toEqual([503, 503, 200, 200]);
});

test("commit-then-drop: the client sees a socket error, but the member exists", async () => {
  emu.setFaults({ rules: [{ kind: "drop", route: CREATE, times: 1 }] });
  await expect(client.call("POST", members, { body: newMember(10) })).rejects.toThrow(/other side closed|socket|ECONNRESET/i);
  const after = emu.members(DEMO_IDS.poolId);
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ address: "192.168.0.10", protocol_port: 80 });
  expect(emu.counters()[CREATE]).toEqual({ dropped: 1 });
  // A retry of the lost create meets the committed member.
  const retry = await client.call("POST", members, { body: newMember(10) });
  expect(retry.status).toBe(409);
  expect(retry.json.NeutronError.type).toBe("MemberExists");
});

test("slow body: headers at once, the body trickles over the configured time, intact", async () => {
  emu.setFaults({ rules: [{ kind: "slowBody", ms: 300, route: LIST }] });
  emu.seed({ members: [{ poolId: DEMO_IDS.poolId, address: "192.168.0.5", protocolPort: 80, subnetId: DEMO_IDS.subnetId }] });
  const start = clock.now();
  const res = await request(`${emu.url}${members}`, { dispatcher: client.agent });
  // The headers came while the clock stood still; the body is still to come, in ten slices.
  expect(res.statusCode).toBe(200);
  expect(clock.now()).toBe(start);
  const text = later(res.body.text());
  await clock.sleeping();
  expect(clock.pending()).toEqual([30]);
  await clock.advance(299);
  expect(clock.pending()).toEqual([1]);
  expect(await settledNow(text)).toBe(false);
  await clock.advance(1);
  expect(JSON.parse(await text).members[0].address).toBe("192.168.0.5");
  expect(clock.pending()).toEqual([]);
});

test("the same seed gives the same sequence; another seed a different one", async () => {
  const config = (seed: number): FaultConfig => ({
    seed,
    rules: [
      { kind: "error", status: 503, rate: 0.3 },
      { kind: "throttle", rate: 0.3 },
    ],
  });
  emu.setFaults(config(42));
  const first = await statuses(30);
  emu.setFaults(config(42));
  const again = await statuses(30);
  emu.setFaults(config(43));
  const other = await statuses(30);
  expect(again).toEqual(first);
  expect(pattern(first)).toBe("....4555.5.545...4455.4.54.5.5");
  expect(pattern(other)).toBe("..4...55545..545........5.5545");
});

test("rules without a route never touch the IAM or admin routes; a rule naming the IAM route does", async () => {
  emu.setFaults({ rules: [{ kind: "error", status: 503 }] });
  expect((await client.call("GET", members)).status).toBe(503);
  expect((await client.call("GET", "/_emulator/state")).status).toBe(200);
  const tokenBody = {
    auth: {
      identity: { methods: ["password"], password: { user: { name: "u", password: "p", domain: { name: "d" } } } },
      scope: { project: { name: "eu-de" } },
    },
  };
  expect((await client.call("POST", "/v3/auth/tokens", { body: tokenBody })).status).toBe(201);
  emu.setFaults({ rules: [{ kind: "error", status: 503, route: "POST /v3/auth/tokens" }] });
  expect((await client.call("POST", "/v3/auth/tokens", { body: tokenBody })).status).toBe(503);
});

test("faults given at start apply from the first request; reset restores them", async () => {
  const faulty = await startEmulator({ seed: demoSeed(), faults: { rules: [{ kind: "error", status: 500, times: 1 }] } });
  const c = new TestClient(faulty.url);
  try {
    expect((await c.call("GET", members)).status).toBe(500);
    expect((await c.call("GET", members)).status).toBe(200);
    faulty.reset();
    expect((await c.call("GET", members)).status).toBe(500);
  } finally {
    await c.close();
    await faulty.close();
  }
});

test("bad fault configurations are refused", () => {
  expect(() => emu.setFaults({ rules: [{ kind: "error", status: 503, route: "GET /nowhere" }] })).toThrow(/unknown route/);
  expect(() => emu.setFaults({ rules: [{ kind: "error", status: 503, rate: 2 }] })).toThrow(/rate must be 0..1/);
  expect(() => emu.setFaults({ rules: [{ kind: "error", status: 404 as 500 }] })).toThrow(/status must be/);
  expect(() => emu.setFaults({ rules: [{ kind: "drop", route: "GET /_emulator/state" }] })).toThrow(/admin routes are never faulted/);
});

test("close() does not wait for a request stuck in injected latency", async () => {
  const stuck = new ManualClock();
  const slow = await startEmulator({ seed: demoSeed(), clock: stuck, faults: { rules: [{ kind: "latency", ms: 10_000 }] } });
  const c = new TestClient(slow.url);
  const pending = later(c.call("GET", members));
  await stuck.sleeping();
  // The clock never moves: close() can only finish by cutting the latency short.
  await slow.close();
  expect(stuck.pending()).toEqual([]);
  expect(stuck.now()).toBe(0);
  await expect(pending).rejects.toThrow();
  await c.close();
});
