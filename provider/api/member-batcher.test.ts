// Creates and deletes waiting on one pool travel in batch calls, a change that need not wait goes
// alone, and whatever a batch cannot settle for certain goes back to the one-by-one path.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import { settledNow } from "../../emulator/testing/promises";
import { Deadline } from "../client/deadline";
import { ShutdownError } from "../client/shutdown-signal";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import { BatchableMember, MemberBatcher } from "./member-batcher";

const BATCH = "PUT /v2.0/lbaas/pools/{pool_id}/members";
const LIST = "GET /v2.0/lbaas/pools/{pool_id}/members";
const POOL = DEMO_IDS.poolId;
const LB = DEMO_IDS.loadbalancerId;

let emulator: Emulator;
let context: TestContext;
let batcher: MemberBatcher;

beforeAll(async () => {
  emulator = await startEmulator({ seed: { ...demoSeed(), subnets: [{ id: DEMO_IDS.subnetId, cidr: "10.0.0.0/16", vpcId: DEMO_IDS.vpcId }] }, busyMs: 30 });
});
afterAll(async () => emulator.close());
beforeEach(() => {
  emulator.reset();
  context = emulatorContext(emulator.url);
  batcher = new MemberBatcher(context.client, context.gate, context.log);
});
afterEach(async () => context.close());

const deadline = () => Deadline.after(20_000, "test");
const member = (n: number): BatchableMember => ({
  address: `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`,
  protocol_port: 80,
  subnet_id: DEMO_IDS.subnetId,
  name: `m${n}`,
  weight: n % 101,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Member n as someone else made it before: other name and weight. */
function existing(n: number, overrides: { subnetId?: string } = {}) {
  emulator.seed({
    members: [{ poolId: POOL, address: member(n).address, protocolPort: 80, subnetId: DEMO_IDS.subnetId, name: "by-hand", weight: 7, ...overrides }],
  });
  return emulator.members(POOL).find((m) => m.address === member(n).address)!;
}

/**
 * A change of the test's own holds the load balancer, so what arrives meanwhile waits, as
 * behind any change under way. The returned function ends it.
 */
function holdLoadBalancer(): () => Promise<void> {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const held = context.gate.apply(LB, deadline(), () => opened);
  held.catch(() => undefined);
  return async () => {
    open();
    await held.catch(() => undefined);
  };
}

async function loadBalancerStatus(): Promise<string> {
  const answer = await fetch(`${emulator.url}/v2.0/lbaas/loadbalancers/${LB}`);
  return ((await answer.json()) as { loadbalancer: { provisioning_status: string } }).loadbalancer.provisioning_status;
}

/** Runs the changes while the load balancer is held, then lets it go. */
async function behindAChange<T>(changes: () => Promise<T>): Promise<T> {
  const release = holdLoadBalancer();
  const done = changes();
  await release();
  return done;
}

test("a change would wait, and so is batched, only while another is under way or a batch is being sent", async () => {
  expect(batcher.wouldWait(POOL, LB)).toBe(false);
  const release = holdLoadBalancer();
  expect(batcher.wouldWait(POOL, LB)).toBe(true);
  const batched = batcher.add(POOL, LB, member(1), deadline());
  await release();
  expect((await batched)?.member.address).toBe(member(1).address);
  await new Promise((resolve) => setImmediate(resolve));
  expect(batcher.wouldWait(POOL, LB)).toBe(false);
});

test("creates that arrive while a change is under way wait for it and go together in one batch", async () => {
  const release = holdLoadBalancer();
  const results = Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  expect(await settledNow(results)).toBe(false);
  expect(emulator.counters()[BATCH]).toBeUndefined();
  await release();
  expect((await results).map((m) => m?.member.name)).toEqual(range(5).map((n) => `m${n}`));
  // Four together, and the one left behind them after.
  expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
});

test("a batch takes all but one of those waiting, is reported made once accepted, and the last one waits for ACTIVE", async () => {
  // Long enough that "still applying" cannot have ended by the time the test looks.
  emulator.setBusyMs(1_500);
  try {
    const release = holdLoadBalancer();
    const adds = range(3).map((n) => batcher.add(POOL, LB, member(n), deadline()));
    await release();
    const made = await Promise.all(adds.slice(0, 2));
    // Reported while the load balancer is still applying the batch: the third waits behind it.
    expect(await loadBalancerStatus()).toBe("PENDING_UPDATE");
    expect(made.every((m) => m !== undefined)).toBe(true);
    expect(await adds[2]).toBeDefined();
    expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
    // The last change had nobody behind it: it returned only once it was applied.
    expect(await loadBalancerStatus()).toBe("ACTIVE");
  } finally {
    emulator.setBusyMs(30);
  }
}, 20_000);

test("100 concurrent creates travel in two batch calls (99, then the one left behind), and each gets its own id back", async () => {
  const results = await behindAChange(() => Promise.all(range(100).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
  expect(emulator.counters()["POST /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
  expect(results.map((m) => m?.member.name)).toEqual(range(100).map((n) => `m${n}`));
  expect(new Set(results.map((m) => m?.member.id)).size).toBe(100);
  expect(emulator.members(POOL)).toHaveLength(100);
});

test("a batch carries at most 200 members", async () => {
  await behindAChange(() => Promise.all(range(450).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  // 200, 200, 49, and the one left behind.
  expect(emulator.counters()[BATCH]).toEqual({ "202": 4 });
  expect(emulator.members(POOL)).toHaveLength(450);
});

test("a batch rejected for one member that existed before settles nothing: all go one by one", async () => {
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { address: "10.0.0.2", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "m1", weight: 1 } }),
  });
  const results = await behindAChange(() => Promise.all(range(3).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  // The batch of the first two is refused whole; the third, left behind it, goes in its own.
  expect(results.slice(0, 2)).toEqual([undefined, undefined]);
  expect(results[2]?.member.address).toBe(member(2).address);
  expect(emulator.counters()[BATCH]).toEqual({ "409": 1, "202": 1 });
  expect(emulator.members(POOL)).toHaveLength(2);
});

test("a batch whose answer was lost is settled from the pool's list", async () => {
  emulator.setFaults({ rules: [{ kind: "drop", route: BATCH, times: 1 }] });
  const results = await behindAChange(() => Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  expect(results.map((m) => m?.member.address)).toEqual(range(5).map((n) => member(n).address));
  expect(emulator.members(POOL)).toHaveLength(5);
});

test("deletes travel in one batch; if one member is already gone, each goes one by one", async () => {
  const created = await behindAChange(() => Promise.all(range(4).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  const ids = created.map((m) => m!.member.id);
  expect(await behindAChange(() => Promise.all(ids.slice(0, 2).map((id) => batcher.remove(POOL, LB, id, deadline()))))).toEqual([true, true]);
  // Two batches made the four (three, and the one left behind); one removed two.
  expect(emulator.counters()[BATCH]).toEqual({ "202": 3 });
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members/${ids[2]}`, { method: "DELETE" });
  expect(await behindAChange(() => Promise.all(ids.slice(2).map((id) => batcher.remove(POOL, LB, id, deadline()))))).toEqual([false, false]);
  expect(emulator.members(POOL).map((m) => m.id)).toEqual([ids[3]]);
});

test("a load balancer in ERROR fails every waiting create", async () => {
  emulator.setLoadBalancerStatus(LB, "ERROR");
  const results = await behindAChange(() => Promise.allSettled(range(3).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
  expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/provisioning status ERROR/);
});

describe("creates that may adopt", () => {
  test("a batch carrying them lists its pool once before it is sent: those found come back as existing, the rest are made in one call", async () => {
    const before = [0, 2, 4].map((n) => existing(n));
    const results = await behindAChange(() => Promise.all(range(6).map((n) => batcher.add(POOL, LB, member(n), deadline(), { adopt: true }))));
    expect(results.map((r) => r?.existed)).toEqual([true, false, true, false, true, false]);
    // As they were: taking them over is the caller's.
    expect([0, 2, 4].map((n) => results[n]!.member)).toEqual(before);
    expect([1, 3, 5].map((n) => results[n]!.member.name)).toEqual(["m1", "m3", "m5"]);
    // Five taken together (three found, two sent), and the sixth, left behind, in its own call.
    expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
    // Per batch, one look before it and one list that maps the new ids: not a look per member.
    expect(emulator.counters()[LIST]).toEqual({ "200": 4 });
    expect(emulator.counters()["POST /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
    expect(new Set(emulator.members(POOL).map((m) => m.address)).size).toBe(6);
    expect(emulator.members(POOL)).toHaveLength(6);
  });

  test("a batch whose members are all in the pool sends nothing", async () => {
    range(3).forEach((n) => existing(n));
    const results = await behindAChange(() => Promise.all(range(3).map((n) => batcher.add(POOL, LB, member(n), deadline(), { adopt: true }))));
    expect(results.map((r) => r?.existed)).toEqual([true, true, true]);
    expect(emulator.counters()[BATCH]).toBeUndefined();
    expect(emulator.members(POOL)).toHaveLength(3);
  });

  test("a member that may not adopt, found by that look, comes back as existing too, for the caller to refuse", async () => {
    existing(0);
    const results = await behindAChange(() =>
      Promise.all([batcher.add(POOL, LB, member(0), deadline()), ...[1, 2].map((n) => batcher.add(POOL, LB, member(n), deadline(), { adopt: true }))]),
    );
    expect(results.map((r) => r?.existed)).toEqual([true, false, false]);
    expect(emulator.members(POOL)).toHaveLength(3);
  });
});

describe("a batch call whose answer is lost", () => {
  test("a 503 before anything was applied: the batch is looked up and sent again as a batch, not member by member", async () => {
    emulator.setFaults({ rules: [{ kind: "error", status: 503, route: BATCH, times: 1 }] });
    const results = await behindAChange(() => Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
    expect(results.map((r) => r && [r.member.address, r.existed])).toEqual(range(5).map((n) => [member(n).address, false]));
    // The four taken together twice (refused, then made), and the one left behind.
    expect(emulator.counters()[BATCH]).toEqual({ "503": 1, "202": 2 });
    expect(emulator.members(POOL)).toHaveLength(5);
    expect(context.logs.some((line) => line.includes("looking them up, then sending the batch again"))).toBe(true);
  });

  test("a 500 after the batch was applied: the look finds its members, which are not sent again", async () => {
    emulator.setFaults({ rules: [{ kind: "error", status: 500, afterCommit: true, route: BATCH, times: 1 }] });
    const results = await behindAChange(() => Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
    expect(results.map((r) => r && [r.member.address, r.existed])).toEqual(range(5).map((n) => [member(n).address, false]));
    // The four applied once (its answer lost), and the one left behind.
    expect(emulator.counters()[BATCH]).toEqual({ "500": 1, "202": 1 });
    expect(new Set(emulator.members(POOL).map((m) => m.address)).size).toBe(5);
    expect(emulator.members(POOL)).toHaveLength(5);
  });

  test("a batch of adopting creates: what the look before it found stays existing, what the lost call made comes back as made", async () => {
    existing(0);
    emulator.setFaults({ rules: [{ kind: "error", status: 500, afterCommit: true, route: BATCH, times: 1 }] });
    const results = await behindAChange(() => Promise.all(range(4).map((n) => batcher.add(POOL, LB, member(n), deadline(), { adopt: true }))));
    expect(results.map((r) => r?.existed)).toEqual([true, false, false, false]);
    expect(emulator.counters()[BATCH]).toEqual({ "500": 1, "202": 1 });
    expect(emulator.members(POOL)).toHaveLength(4);
  });

  test("a batch call that keeps failing is sent four times, then its members go one by one", async () => {
    emulator.setFaults({ rules: [{ kind: "error", status: 503, route: BATCH }] });
    const results = await behindAChange(() => Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // Four calls for the four taken together, four for the one left behind.
    expect(emulator.counters()[BATCH]).toEqual({ "503": 8 });
    expect(emulator.members(POOL)).toEqual([]);
  });
});

test("a batch left behind looks again right before it goes: after the engine cancels it is not sent, and fails as not sent, not as a batch to redo one by one", async () => {
  // The batch left behind waits this long for the load balancer to apply the first one: the
  // cancel comes in that wait, whatever the machine's speed.
  emulator.setBusyMs(300);
  try {
    const release = holdLoadBalancer();
    const adds = range(3).map((n) => batcher.add(POOL, LB, member(n), deadline()).catch((error: unknown) => error));
    await release();
    expect((await Promise.all(adds.slice(0, 2))).map((m) => (m as { member: { address: string } }).member.address)).toEqual([
      member(0).address,
      member(1).address,
    ]);
    // The batch left behind has passed the queue's checks and is looking at the load balancer.
    const lookedAfterBatch = () =>
      emulator.requestLog().some((entry, n, log) => entry.path.includes("/loadbalancers/") && log.slice(0, n).some((e) => e.method === "PUT"));
    while (!lookedAfterBatch()) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await loadBalancerStatus()).toBe("PENDING_UPDATE");
    context.client.shutdown.refuseChanges("the engine cancelled");
    const refused = await adds[2];
    expect(refused).toBeInstanceOf(ShutdownError);
    expect(emulator.counters()[BATCH]).toEqual({ "202": 1 });
    // One listing gave the first batch its ids; none was needed for a batch that never went.
    expect(emulator.counters()[LIST]).toEqual({ "200": 1 });
    expect(context.logs.filter((line) => line.includes("one by one"))).toEqual([]);
    expect(emulator.members(POOL)).toHaveLength(2);
  } finally {
    emulator.setBusyMs(30);
  }
});
