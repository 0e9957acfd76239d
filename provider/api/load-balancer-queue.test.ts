// The change gates against a busy emulator: the queue lets changes through one at a time with
// no 409 and few status reads; the Terraform-like gate waits its fixed times and retries 409s.
// One ManualClock drives the emulator's busy windows and every deadline, poll and pause of the
// provider, so the numbers of calls are exact and no test waits for real time.
import { DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "../../emulator";
import { later, settledNow, settlesWithoutSleeping } from "../../emulator/testing/promises";
import { Deadline } from "../client/deadline";
import { ElbError } from "../client/errors";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import { QueuedChanges, RetryingChanges } from "./load-balancer-queue";
import { createMember } from "./members";
import { Agent } from "undici";
import { NoAuthenticator } from "../client/auth";
import { ElbClient } from "../client/http";
import { ShutdownError, ShutdownSignal } from "../client/shutdown-signal";

const sharedTestAgent = new Agent({ keepAliveTimeout: 1_000 });

const LB = DEMO_IDS.loadbalancerId;
const STATUS = "GET /v2.0/lbaas/loadbalancers/{loadbalancer_id}";
const CREATE = "POST /v2.0/lbaas/pools/{pool_id}/members";

let emulator: Emulator;
let context: TestContext;
const clock = new ManualClock();

/**
 * Runs work to its end, moving the clock to each poll or pause as it starts. Sleeps longer than
 * 10 s (the timers of changes waiting in line for their 30 s deadlines) are never jumped to.
 */
const run = <T>(work: Promise<T>) => clock.run(work, 10_000);

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 100, clock });
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

test("the first look after a change comes when the change is done, not twenty round trips later", async () => {
  // Every request takes 20 ms and a change 100 ms. Learning only "how long until ACTIVE was
  // seen" would settle at 0.95 x learnt + 20 ms, i.e. 400 ms per change.
  emulator.setFaults({ rules: [{ kind: "latency", ms: 20 }] });
  try {
    const gate = new QueuedChanges(context.client);
    const deadline = Deadline.after(60_000, "test", clock);
    const started = clock.now();
    for (let n = 1; n <= 20; n++) await run(gate.apply(LB, deadline, create(n, deadline)));
    const perChange = (clock.now() - started) / 20;
    // A POST and a status read (20 ms each) around a 100 ms change, and a probe now and then.
    expect(perChange).toBeLessThan(200);
    expect(emulator.counters()[STATUS]["200"]).toBeLessThanOrEqual(3 * 20);
  } finally {
    emulator.setFaults({ rules: [] });
  }
});

describe("the timing follows what the load balancer does now", () => {
  beforeEach(() => emulator.setBusyMs(200));

  /** How the test makes its nth change through the gate; by default it is a create, made to the end. */
  type Step = (n: number, gate: QueuedChanges, deadline: Deadline) => Promise<void>;
  const plainStep: Step = async (n, gate, deadline) => void (await run(gate.apply(LB, deadline, create(n, deadline))));

  /** Makes `count` changes through one gate, one after another as the engine hands them over; the time each took on the clock, and the status reads. */
  async function changes(count: number, step = plainStep): Promise<{ eachMs: number[]; reads: number }> {
    const gate = new QueuedChanges(context.client);
    const deadline = Deadline.after(600_000, "test", clock);
    const eachMs: number[] = [];
    for (let n = 1; n <= count; n++) {
      const started = clock.now();
      await step(n, gate, deadline);
      eachMs.push(clock.now() - started);
    }
    return { eachMs, reads: emulator.counters()[STATUS]?.["200"] ?? 0 };
  }
  const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);
  /** Back to an empty pool and zero counters, busy 200 ms per change. */
  const again = () => {
    emulator.reset();
    emulator.setBusyMs(200);
  };

  test("a steady 200 ms load balancer: each change takes little more than 200 ms, with at most 3 status reads", async () => {
    emulator.setFaults({ rules: [{ kind: "latency", ms: 5 }] });
    const steady = await changes(40);
    expect(steady.reads).toBeLessThanOrEqual(3 * 40);
    // The POST and the read that finds it ACTIVE (5 ms each) and a look now and then a little early.
    expect(sum(steady.eachMs) / 40).toBeLessThan(240);
  });

  test("one 5 s change among 40 of 200 ms adds about its own time, with few more reads; the changes after it are as quick as before", async () => {
    const steady = await changes(40);
    again();
    emulator.slowChange(5_000, { after: 10 }); // the eleventh
    const outlier = await changes(40);
    // 4.8 s more for the slow change itself; it is seen done within 20 % of its time.
    expect(sum(outlier.eachMs) - sum(steady.eachMs)).toBeLessThanOrEqual(6_000);
    expect(outlier.reads - steady.reads).toBeLessThanOrEqual(30);
    // Learning the slow change's time made each later change wait 95 % of it, then 10 % less each time.
    expect(sum(outlier.eachMs.slice(11))).toBeLessThanOrEqual(1.05 * sum(steady.eachMs.slice(11)));
  });

  const outsideChange = async (ms: number, deadline: Deadline) => {
    emulator.slowChange(ms);
    await createMember(context.client, DEMO_IDS.poolId, { address: "192.168.0.200", protocol_port: 80, subnet_id: DEMO_IDS.subnetId }, deadline);
  };

  test("another client's 3 s change right after one of ours, seen as part of it, costs about its own time and is not learnt", async () => {
    const steady = await changes(20);
    again();
    const shared = await changes(20, async (n, gate, deadline) => {
      if (n !== 10) return plainStep(n, gate, deadline);
      // Our tenth change is reported made once accepted, as a batch with more waiting behind it
      // is; the next change waits for it to be applied, and that wait is what the timing learns.
      await run(gate.apply(LB, deadline, create(n, deadline), { followed: () => true }));
      // Another client's change lands as soon as the load balancer has applied ours.
      await clock.advance(200);
      await outsideChange(3_000, deadline);
    });
    expect(sum(shared.eachMs) - sum(steady.eachMs)).toBeLessThanOrEqual(3_000 + 1_000);
    expect(shared.reads - steady.reads).toBeLessThanOrEqual(30);
    // Learnt as ours, the 3.2 s made the changes after it wait about that long, then 10 % less each time.
    expect(sum(shared.eachMs.slice(11))).toBeLessThanOrEqual(1.05 * sum(steady.eachMs.slice(11)));
  });

  test("another client's 3 s change just before one of ours: ours is refused, waits about that long, and nothing is learnt", async () => {
    const steady = await changes(20);
    again();
    let landed = false;
    const refused = await changes(20, async (n, gate, deadline) => {
      await run(
        gate.apply(LB, deadline, async () => {
          if (n === 10 && !landed) {
            landed = true;
            await outsideChange(3_000, deadline);
          }
          return create(n, deadline)();
        }),
      );
    });
    expect(emulator.counters()[CREATE]).toEqual({ "201": 21, "409": 1 });
    expect(sum(refused.eachMs) - sum(steady.eachMs)).toBeLessThanOrEqual(3_000 + 1_000);
    expect(refused.reads - steady.reads).toBeLessThanOrEqual(30);
    expect(sum(refused.eachMs.slice(10))).toBeLessThanOrEqual(1.05 * sum(steady.eachMs.slice(10)));
  });
});

test("ten parallel changes pass one at a time: no 409, and about one status read per change", async () => {
  const gate = new QueuedChanges(context.client);
  const deadline = Deadline.after(30_000, "test", clock);
  const order: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  await run(
    Promise.all(
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
    ),
  );
  expect(mostInFlight).toBe(1);
  expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(emulator.counters()[CREATE]).toEqual({ "201": 10 });
  // One look before the first change and two after it (nothing learnt yet); after each later
  // change the first look comes a little before the learnt time and finds ACTIVE, or the second
  // does, 20 ms later (a first look that finds ACTIVE makes the next one come earlier still, so
  // the timing keeps tracking the change's real time).
  expect(emulator.counters()[STATUS]).toEqual({ "200": 19 });
  expect(emulator.members(DEMO_IDS.poolId)).toHaveLength(10);
});

test("a change that turned out to send nothing is not waited for, and the next change needs no look first", async () => {
  const gate = new QueuedChanges(context.client);
  const deadline = Deadline.after(60_000, "test", clock);
  await run(gate.apply(LB, deadline, create(1, deadline)));
  emulator.resetCounters();
  // A batch whose members all turned out to be in the pool: it read, and changed nothing.
  const nothing = gate.apply(LB, deadline, async () => "looked only", { unchanged: () => true });
  expect(await settlesWithoutSleeping(nothing, clock)).toBe(true);
  expect(await nothing).toBe("looked only");
  expect(emulator.counters()[STATUS]).toBeUndefined();
  // The load balancer was known ACTIVE before it, and nothing of ours changed it since: the
  // next change is sent without a look first.
  const before = emulator.requestLog().length;
  await run(gate.apply(LB, deadline, create(2, deadline)));
  expect(emulator.requestLog()[before]).toMatchObject({ method: "POST", status: 201 });
});

test("a change that fails does not block the ones queued behind it", async () => {
  const gate = new QueuedChanges(context.client);
  const deadline = Deadline.after(30_000, "test", clock);
  const results = await run(
    Promise.allSettled([
      gate.apply(LB, deadline, create(1, deadline)),
      gate.apply(LB, deadline, async () => {
        throw new Error("boom");
      }),
      gate.apply(LB, deadline, create(3, deadline)),
    ]),
  );
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(emulator.members(DEMO_IDS.poolId)).toHaveLength(2);
});

test("a change whose deadline passes while it waits in line fails on time and is never sent", async () => {
  const gate = new QueuedChanges(context.client);
  const slow = Deadline.after(30_000, "slow", clock);
  const hurried = Deadline.after(150, "hurried", clock);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  // The first change keeps the line until the test releases it; the second waits behind it.
  const first = later(
    gate.apply(LB, slow, async () => {
      await held;
      return create(1, slow)();
    }),
  );
  const second = later(gate.apply(LB, hurried, create(2, hurried)));
  await clock.advance(149);
  expect(await settledNow(second)).toBe(false);
  await clock.advance(1);
  await expect(second).rejects.toMatchObject({ kind: "timeout", message: expect.stringContaining("waiting for earlier changes") });
  release();
  await run(first);
  // Everything queued before this has run by the time it runs: the second change was dropped.
  await run(gate.apply(LB, slow, async () => undefined));
  expect(emulator.members(DEMO_IDS.poolId).map((m) => m.address)).toEqual(["192.168.0.1"]);
  expect(emulator.counters()[CREATE]).toEqual({ "201": 1 });
});

test("a 409 from a change made outside this process is waited out and the change retried", async () => {
  const gate = new QueuedChanges(context.client);
  const deadline = Deadline.after(30_000, "test", clock);
  await run(gate.apply(LB, deadline, create(1, deadline)));
  // Someone else changes the load balancer right after our last look saw it ACTIVE.
  await create(2, deadline)();
  const member = await run(gate.apply(LB, deadline, create(3, deadline)));
  expect(member.address).toBe("192.168.0.3");
  expect(emulator.counters()[CREATE]).toEqual({ "201": 3, "409": 1 });
});

describe("a 409 is asked about, not read", () => {
  const conflict = () => new ElbError("conflict", "answered 409: something", { status: 409 });

  test("while the load balancer stays ACTIVE, a 409 is final after a few tries, and says why", async () => {
    const gate = new QueuedChanges(context.client);
    let tries = 0;
    const failure = await run(
      gate.apply(LB, Deadline.after(30_000, "test", clock), async () => {
        tries++;
        throw conflict();
      }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ElbError);
    expect((failure as ElbError).kind).toBe("conflict");
    expect((failure as ElbError).message).toContain(`load balancer ${LB} is ACTIVE, so this is not a busy load balancer`);
    expect(tries).toBe(6);
  });

  test("a PENDING_UPDATE seen after a 409 makes it a busy load balancer: waited out and retried", async () => {
    const gate = new QueuedChanges(context.client);
    let tries = 0;
    const result = await run(
      gate.apply(LB, Deadline.after(30_000, "test", clock), async () => {
        // Someone else's change lands right before each of our first seven tries (more than the
        // six 409s in a row that end it while ACTIVE), keeping the load balancer busy for a while.
        if (++tries <= 7) {
          emulator.setBusyMs(500);
          await createMember(
            context.client,
            DEMO_IDS.poolId,
            { address: `192.168.0.${100 + tries}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId },
            Deadline.after(5_000, "outside", clock),
          );
          throw conflict();
        }
        return "done";
      }),
    );
    expect(result).toBe("done");
    expect(tries).toBe(8);
  });

  test("a load balancer in ERROR after a 409 fails at once", async () => {
    const gate = new QueuedChanges(context.client);
    let tries = 0;
    const failure = await gate
      .apply(LB, Deadline.after(30_000, "test", clock), async () => {
        tries++;
        emulator.setLoadBalancerStatus(LB, "ERROR");
        throw conflict();
      })
      .catch((error: unknown) => error);
    expect((failure as ElbError).kind).toBe("lb_failed");
    expect(tries).toBe(1);
  });
});

/** A queue whose client has its own shutdown signal: one change made and settling, one waiting its turn. */
function twoChangesInLine() {
  const shutdown = new ShutdownSignal();
  const client = new ElbClient({ endpoint: emulator.url, authenticator: new NoAuthenticator(), dispatcher: sharedTestAgent, shutdown });
  const gate = new QueuedChanges(client);
  const deadline = Deadline.after(30_000, "test", clock);
  const made = (n: number) => () =>
    createMember(client, DEMO_IDS.poolId, { address: `192.168.0.${n}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId }, deadline);
  const first = later(gate.apply(LB, deadline, made(1)));
  const waiting = gate.apply(LB, deadline, made(2)).catch((error) => error);
  return { shutdown, gate, deadline, made, first, waiting };
}

test("once the provider is shutting down, the queue takes no new change and starts none of those waiting in line", async () => {
  const { shutdown, gate, deadline, made, first, waiting } = twoChangesInLine();
  // The first change is made and waits for the load balancer to settle, the second waits its
  // turn; the engine goes away before the first looks again.
  await clock.sleeping(10_000);
  expect(emulator.members(DEMO_IDS.poolId)).toHaveLength(1);
  shutdown.begin("test");
  await clock.advance(clock.pending()[0]);
  await expect(first).rejects.toThrow(ShutdownError); // its wait for ACTIVE is not sent either
  expect(await waiting).toBeInstanceOf(ShutdownError);
  await expect(gate.apply(LB, deadline, made(3))).rejects.toThrow(/not sent: the provider is shutting down \(test\)/);
  expect(emulator.members(DEMO_IDS.poolId).map((m) => m.address)).toEqual(["192.168.0.1"]);
  expect(emulator.counters()[CREATE]).toEqual({ "201": 1 });
});

test("once the engine cancels, the change under way still looks and returns what it made; the ones waiting are not sent", async () => {
  const { shutdown, first, waiting } = twoChangesInLine();
  await clock.sleeping(10_000);
  shutdown.refuseChanges("the engine cancelled");
  // The engine waits for this answer and records it: the member is reported, found ACTIVE by a read.
  await clock.advance(clock.pending()[0]);
  expect((await first).address).toBe("192.168.0.1");
  expect(await waiting).toBeInstanceOf(ShutdownError);
  expect((await waiting).message).toBe("not sent: the provider is shutting down (the engine cancelled)");
  expect(emulator.members(DEMO_IDS.poolId).map((m) => m.address)).toEqual(["192.168.0.1"]);
  expect(emulator.counters()[CREATE]).toEqual({ "201": 1 });
  expect(emulator.counters()[STATUS]?.["200"]).toBeGreaterThanOrEqual(1);
});

describe("the Terraform-like gate (queueChanges false)", () => {
  test("it waits 5 s and looks before a change, retries each busy 409 with a doubling backoff, and waits 5 s and looks after", async () => {
    const gate = new RetryingChanges(context.client);
    const deadline = Deadline.after(60_000, "test", clock);
    const started = clock.now();
    // Whole milliseconds: earlier tests leave the shared clock at a fraction.
    const since = () => Math.round(clock.now() - started);
    const sent: number[] = [];
    const member = await run(
      gate.apply(LB, deadline, async () => {
        if (sent.length === 0) {
          // Someone else's change lands first and keeps the load balancer busy for 1.2 s.
          emulator.setBusyMs(1_200);
          await create(100, deadline)();
        }
        sent.push(since());
        return create(1, deadline)();
      }),
    );
    expect(member.address).toBe("192.168.0.1");
    // Sent after the first wait, then after pauses of 0.5 s and 1 s; the last wait ends at 11.5 s.
    expect(sent).toEqual([5_000, 5_500, 6_500]);
    expect(since()).toBe(11_500);
    expect(emulator.counters()[CREATE]).toEqual({ "201": 2, "409": 2 });
    // A look before, one after each 409, and one after the change.
    expect(emulator.counters()[STATUS]).toEqual({ "200": 4 });
  });

  test("a load balancer in ERROR fails the change after the first wait, without waiting out the deadline", async () => {
    const gate = new RetryingChanges(context.client);
    emulator.setLoadBalancerStatus(LB, "ERROR");
    const started = clock.now();
    let tries = 0;
    const failure = await run(
      gate.apply(LB, Deadline.after(60_000, "test", clock), async () => {
        tries++;
      }),
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: "lb_failed", message: expect.stringContaining("is in provisioning status ERROR") });
    expect(Math.round(clock.now() - started)).toBe(5_000);
    expect(tries).toBe(0);
  });
});
