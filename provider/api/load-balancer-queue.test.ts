// The change gates against a busy emulator: the queue lets changes through one at a time with
// no 409 and few status reads; the Terraform-like gate collides and retries.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import { Deadline } from "../client/deadline";
import { ElbError } from "../client/errors";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import { QueuedChanges } from "./load-balancer-queue";
import { createMember } from "./members";
import { Agent } from "undici";
import { NoAuthenticator } from "../client/auth";
import { ElbClient } from "../client/http";
import { Lifecycle, ShutdownError } from "../shutdown";

const sharedTestAgent = new Agent({ keepAliveTimeout: 1_000 });

const LB = DEMO_IDS.loadbalancerId;
const STATUS = "GET /v2.0/lbaas/loadbalancers/{loadbalancer_id}";
const CREATE = "POST /v2.0/lbaas/pools/{pool_id}/members";

let emulator: Emulator;
let context: TestContext;

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 100 });
});
afterAll(async () => {
  await sharedTestAgent.close();
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
  context = emulatorContext(emulator.url);
});
afterEach(async () => context.close());

const create = (n: number, deadline: Deadline) => () =>
  createMember(context.client, DEMO_IDS.poolId, { address: `192.168.0.${n}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId }, deadline);

test("ten parallel changes pass one at a time: no 409, and about one status read per change", async () => {
  const gate = new QueuedChanges(context.client);
  const deadline = Deadline.after(30_000, "test");
  const order: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  await Promise.all(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) =>
      gate.apply(LB, deadline, async () => {
        order.push(n);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          return await create(n, deadline)();
        } finally {
          inFlight--;
        }
      }),
    ),
  );
  expect(mostInFlight).toBe(1);
  expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(emulator.counters()[CREATE]).toEqual({ "201": 10 });
  const statusReads = emulator.counters()[STATUS]["200"];
  // A few reads for the first change; after that the learnt timing finds ACTIVE at about the first look.
  expect(statusReads).toBeLessThanOrEqual(15);
  expect(emulator.members(DEMO_IDS.poolId)).toHaveLength(10);
});

test("a change that fails does not block the ones queued behind it", async () => {
  const gate = new QueuedChanges(context.client);
  const deadline = Deadline.after(30_000, "test");
  const results = await Promise.allSettled([
    gate.apply(LB, deadline, create(1, deadline)),
    gate.apply(LB, deadline, async () => {
      throw new Error("boom");
    }),
    gate.apply(LB, deadline, create(3, deadline)),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(emulator.members(DEMO_IDS.poolId)).toHaveLength(2);
});

test("a change whose deadline passes while it waits in line fails on time and is never sent", async () => {
  const gate = new QueuedChanges(context.client);
  const slow = Deadline.after(30_000, "slow");
  const hurried = Deadline.after(150, "hurried");
  const first = gate.apply(LB, slow, async () => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    return create(1, slow)();
  });
  const started = Date.now();
  await expect(gate.apply(LB, hurried, create(2, hurried))).rejects.toMatchObject({ kind: "timeout" });
  expect(Date.now() - started).toBeLessThan(500);
  await first;
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(emulator.members(DEMO_IDS.poolId).map((m) => m.address)).toEqual(["192.168.0.1"]);
});

test("a 409 from a change made outside this process is waited out and the change retried", async () => {
  const gate = new QueuedChanges(context.client);
  const deadline = Deadline.after(30_000, "test");
  await gate.apply(LB, deadline, create(1, deadline));
  // Someone else changes the load balancer right after our last look saw it ACTIVE.
  await create(2, deadline)();
  const member = await gate.apply(LB, deadline, create(3, deadline));
  expect(member.address).toBe("192.168.0.3");
  expect(emulator.counters()[CREATE]).toEqual({ "201": 3, "409": 1 });
});

describe("a 409 is asked about, not read", () => {
  const conflict = () => new ElbError("conflict", "answered 409: something", { status: 409 });

  test("while the load balancer stays ACTIVE, a 409 is final after a few tries, and says why", async () => {
    const gate = new QueuedChanges(context.client);
    let tries = 0;
    const failure = await gate
      .apply(LB, Deadline.after(30_000, "test"), async () => {
        tries++;
        throw conflict();
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ElbError);
    expect((failure as ElbError).kind).toBe("conflict");
    expect((failure as ElbError).message).toContain(`load balancer ${LB} is ACTIVE, so this is not a busy load balancer`);
    expect(tries).toBe(6);
  });

  test("a PENDING_UPDATE seen after a 409 makes it a busy load balancer: waited out and retried", async () => {
    const gate = new QueuedChanges(context.client);
    let tries = 0;
    const result = await gate.apply(LB, Deadline.after(30_000, "test"), async () => {
      // Someone else's change lands right before each of our first seven tries (more than the
      // six 409s in a row that end it while ACTIVE), keeping the load balancer busy for a while.
      if (++tries <= 7) {
        emulator.setBusyMs(500);
        await createMember(context.client, DEMO_IDS.poolId, { address: `192.168.0.${100 + tries}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId }, Deadline.after(5_000, "outside"));
        throw conflict();
      }
      return "done";
    });
    expect(result).toBe("done");
    expect(tries).toBe(8);
  });

  test("a load balancer in ERROR after a 409 fails at once", async () => {
    const gate = new QueuedChanges(context.client);
    let tries = 0;
    const failure = await gate
      .apply(LB, Deadline.after(30_000, "test"), async () => {
        tries++;
        emulator.setLoadBalancerStatus(LB, "ERROR");
        throw conflict();
      })
      .catch((error: unknown) => error);
    expect((failure as ElbError).kind).toBe("lb_failed");
    expect(tries).toBe(1);
  });
});

test("once the provider is shutting down, the queue takes no new change and starts none of those waiting in line", async () => {
  const lifecycle = new Lifecycle();
  const client = new ElbClient({ endpoint: emulator.url, authenticator: new NoAuthenticator(), dispatcher: sharedTestAgent, lifecycle });
  const gate = new QueuedChanges(client, lifecycle);
  const deadline = Deadline.after(30_000, "test");
  const made = (n: number) => () => createMember(client, DEMO_IDS.poolId, { address: `192.168.0.${n}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId }, deadline);
  const first = gate.apply(LB, deadline, made(1));
  const waiting = gate.apply(LB, deadline, made(2)).catch((error) => error);
  // The first change is on its way; the engine goes away while the second waits its turn.
  while (emulator.members(DEMO_IDS.poolId).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  lifecycle.beginShutdown("test");
  await expect(first).rejects.toThrow(ShutdownError); // its wait for ACTIVE is not sent either
  expect(await waiting).toBeInstanceOf(ShutdownError);
  await expect(gate.apply(LB, deadline, made(3))).rejects.toThrow(/not sent: the provider is shutting down \(test\)/);
  expect(emulator.members(DEMO_IDS.poolId).map((m) => m.address)).toEqual(["192.168.0.1"]);
  expect(emulator.counters()[CREATE]).toEqual({ "201": 1 });
});
