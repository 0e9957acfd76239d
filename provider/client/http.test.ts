// The HTTP client against the emulator's faults: what is retried, what is not, and what an
// error says.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import { Deadline } from "./deadline";
import { ElbError } from "./errors";

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
  emulator.setFaults({ rules: [{ kind: "error", status: 502, route: LIST, times: 1 }, { kind: "error", status: 503, route: LIST, times: 1 }] });
  const result = await context.client.call<{ members: unknown[] }>("GET", path, { deadline: deadline() });
  expect(result.status).toBe(200);
  expect(emulator.counters()[LIST]).toEqual({ "502": 1, "503": 1, "200": 1 });
  expect(context.events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.reason)).toEqual(["502", "503"]);
});

test("a 429 waits for Retry-After, also for a create", async () => {
  emulator.setFaults({ rules: [{ kind: "throttle", retryAfterSeconds: 1, route: CREATE, times: 1 }] });
  const started = Date.now();
  const body = { member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } };
  const result = await context.client.call("POST", path, { deadline: deadline(), body });
  expect(result.status).toBe(201);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  expect(emulator.counters()[CREATE]).toEqual({ "429": 1, "201": 1 });
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

test("the deadline bounds the retries", async () => {
  emulator.setFaults({ rules: [{ kind: "error", status: 503, route: LIST }] });
  const short = Deadline.after(300, "listing members");
  await expect(context.client.call("GET", path, { deadline: short })).rejects.toMatchObject({ kind: expect.stringMatching(/server|timeout/) });
});
