// The HTTP client against the emulator's faults: what is retried, what is not, and what an
// error says. Waits between attempts sleep on a ManualClock, so the tests see each wait's length
// and end it themselves.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "../../emulator";
import { later, settledNow, settlesWithoutSleeping } from "../../emulator/testing/promises";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import { Deadline } from "./deadline";
import { ElbError } from "./errors";
import { RetryPolicy } from "./retry";

const LIST = "GET /v2.0/lbaas/pools/{pool_id}/members";
const CREATE = "POST /v2.0/lbaas/pools/{pool_id}/members";
const path = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;

let emulator: Emulator;
let context: TestContext;

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed() });
});
afterAll(async () => emulator.close());
beforeEach(() => {
  emulator.reset();
  context = emulatorContext(emulator.url);
});
afterEach(async () => context.close());

const deadline = () => Deadline.after(10_000, "test");

test("a GET is retried through 502 and 503 until it succeeds", async () => {
  emulator.setFaults({
    rules: [
      { kind: "error", status: 502, route: LIST, times: 1 },
      { kind: "error", status: 503, route: LIST, times: 1 },
    ],
  });
  const result = await context.client.call<{ members: unknown[] }>("GET", path, { deadline: deadline() });
  expect(result.status).toBe(200);
  expect(emulator.counters()[LIST]).toEqual({ "502": 1, "503": 1, "200": 1 });
  expect(context.events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.reason)).toEqual(["502", "503"]);
});

test("a 429 waits for Retry-After, in full, also for a create", async () => {
  emulator.setFaults({ rules: [{ kind: "throttle", retryAfterSeconds: 1, route: CREATE, times: 1 }] });
  const clock = new ManualClock();
  const body = { member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } };
  const created = later(context.client.call("POST", path, { deadline: Deadline.after(10_000, "test", clock), body }));
  await clock.sleeping();
  expect(clock.pending()).toEqual([1_000]);
  expect(emulator.counters()[CREATE]).toEqual({ "429": 1 });
  await clock.advance(999);
  expect(await settledNow(created)).toBe(false);
  expect(emulator.counters()[CREATE]).toEqual({ "429": 1 });
  await clock.advance(1);
  expect((await created).status).toBe(201);
  expect(emulator.counters()[CREATE]).toEqual({ "429": 1, "201": 1 });
  expect(context.events.filter((e) => e.type === "retry")).toEqual([{ type: "retry", method: "POST", path, attempt: 1, delayMs: 1_000, reason: "429" }]);
});

test("a create is not retried on a 5xx: the caller decides after looking", async () => {
  emulator.setFaults({ rules: [{ kind: "error", status: 500, route: CREATE, times: 1 }] });
  const body = { member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } };
  const failure = context.client.call("POST", path, { deadline: deadline(), body });
  await expect(failure).rejects.toMatchObject({ kind: "server", status: 500 });
  expect(emulator.counters()[CREATE]).toEqual({ "500": 1 });
});

test("an API error carries status, code, request id and the API's message", async () => {
  const body = { member: { address: "10.9.9.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } };
  const error = (await context.client.call("POST", path, { deadline: deadline(), body }).catch((e) => e)) as ElbError;
  expect(error).toBeInstanceOf(ElbError);
  expect(error.kind).toBe("invalid_input");
  expect(error.status).toBe(400);
  expect(error.requestId).toMatch(/\S+/);
  expect(error.message).toContain(`POST ${path} answered 400`);
  expect(error.message).toContain(`(request id ${error.requestId})`);
});

test("a lost connection on a GET is retried", async () => {
  emulator.setFaults({ rules: [{ kind: "drop", route: LIST, times: 1 }] });
  const result = await context.client.call("GET", path, { deadline: deadline() });
  expect(result.status).toBe(200);
  expect(emulator.counters()[LIST]).toEqual({ dropped: 1, "200": 1 });
});

test("the deadline bounds the retries, however many attempts the policy would allow", async () => {
  const patient = emulatorContext(emulator.url, { retry: new RetryPolicy({ maxAttempts: 1_000, baseDelayMs: 20, maxDelayMs: 20, random: () => 1 }) });
  emulator.setFaults({ rules: [{ kind: "error", status: 503, route: LIST }] });
  const clock = new ManualClock();
  const deadline = Deadline.after(500, "listing members", clock);
  // Attempts at 0, 20, ..., 480 ms; after the one at 480 a 20 ms wait no longer fits before 500.
  await expect(clock.run(patient.client.call("GET", path, { deadline }))).rejects.toMatchObject({ kind: "server", status: 503 });
  expect(emulator.counters()[LIST]).toEqual({ "503": 25 });
  expect(clock.now()).toBe(480);
  expect(patient.events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.delayMs)).toEqual(Array(24).fill(20));
  await patient.close();
});

test("nothing is sent once the deadline has passed", async () => {
  const past = Deadline.after(0, "adding a member");
  const body = { member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } };
  await expect(context.client.call("POST", path, { deadline: past, body })).rejects.toMatchObject({ kind: "timeout" });
  expect(emulator.counters()[CREATE]).toBeUndefined();
});

test("a 2xx whose body is not JSON counts as a server error (the change may have happened)", async () => {
  const server = http.createServer((_req, res) => res.writeHead(201, { "content-type": "text/plain" }).end("Created"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const odd = emulatorContext(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    const failure = odd.client.call("POST", path, { deadline: deadline(), body: {} });
    await expect(failure).rejects.toMatchObject({ kind: "server", message: `POST ${path} answered 201 with a body that is not JSON` });
  } finally {
    await odd.close();
    server.close();
  }
});

test("an outage longer than eight attempts is ridden out within the deadline", async () => {
  emulator.setFaults({ rules: [{ kind: "error", status: 503, route: LIST, times: 20 }] });
  const clock = new ManualClock();
  const result = await clock.run(context.client.call("GET", path, { deadline: Deadline.after(60_000, "listing members", clock) }));
  expect(result.status).toBe(200);
  expect(emulator.counters()[LIST]).toEqual({ "503": 20, "200": 1 });
  // The test context's policy: full jitter drawn at its top, 10, 20, 40, then capped at 50 ms.
  expect(clock.now()).toBe(10 + 20 + 40 + 17 * 50);
});

test("a 429 asking for longer than the deadline leaves fails at once, naming the wait and the time left", async () => {
  emulator.setFaults({ rules: [{ kind: "throttle", retryAfterSeconds: 3600, route: CREATE }] });
  const clock = new ManualClock();
  const body = { member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } };
  const call = context.client.call("POST", path, { deadline: Deadline.after(30_000, "adding member", clock, "timeouts.create"), body });
  expect(await settlesWithoutSleeping(call, clock)).toBe(true);
  const failure = (await call.catch((e) => e)) as ElbError;
  expect(failure).toBeInstanceOf(ElbError);
  expect(failure.kind).toBe("throttled");
  expect(failure.message).toMatch(
    new RegExp(
      `^POST ${path} answered 429.*; the server asked to wait 3600 s, more than the 30 s left before this operation's deadline \\(timeouts\\.create\\)$`,
    ),
  );
  expect(emulator.counters()[CREATE]).toEqual({ "429": 1 });
});

test("a refused connection names the host and port", async () => {
  // A port that was just free: nothing listens there.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  const nowhere = emulatorContext(`http://127.0.0.1:${port}`, { retry: new RetryPolicy({ maxAttempts: 1 }) });
  try {
    await expect(nowhere.client.call("GET", path, { deadline: deadline() })).rejects.toMatchObject({
      kind: "network",
      message: `GET ${path} to 127.0.0.1:${port} failed (ECONNREFUSED)`,
    });
  } finally {
    await nowhere.close();
  }
});
