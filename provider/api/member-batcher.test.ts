// Creates and deletes waiting on one pool travel in batch calls, a change that need not wait goes
// alone, and whatever a batch cannot settle for certain goes back to the one-by-one path.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import { ManualClock } from "../../emulator/clock";
import { settledNow } from "../../emulator/testing/promises";
import { Deadline } from "../client/deadline";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import { BatchableMember, MemberBatcher } from "./member-batcher";

const BATCH = "PUT /v2.0/lbaas/pools/{pool_id}/members";
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

/** Runs the changes while the load balancer is held, then lets it go. */
async function behindAChange<T>(changes: () => Promise<T>): Promise<T> {
  const release = holdLoadBalancer();
  const done = changes();
  await release();
  return done;
}

test("a change would wait, and so is batched, only while another is under way or a batch is gathered", async () => {
  const clock = new ManualClock(Date.now());
  const gathering = new MemberBatcher(context.client, context.gate, context.log, clock);
  expect(gathering.wouldWait(POOL, LB)).toBe(false);
  const release = holdLoadBalancer();
  expect(gathering.wouldWait(POOL, LB)).toBe(true);
  const batched = gathering.add(POOL, LB, member(1), deadline());
  await release();
  expect((await batched)?.address).toBe(member(1).address);
  // A batch of one gathers no successors: the load balancer is free again at once.
  await new Promise((resolve) => setImmediate(resolve));
  expect(clock.pending()).toEqual([]);
  expect(gathering.wouldWait(POOL, LB)).toBe(false);
});

test("creates that arrive while a change is under way wait for it and go together in one batch", async () => {
  const release = holdLoadBalancer();
  const results = Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  expect(await settledNow(results)).toBe(false);
  expect(emulator.counters()[BATCH]).toBeUndefined();
  await release();
  expect((await results).map((m) => m?.name)).toEqual(range(5).map((n) => `m${n}`));
  expect(emulator.counters()[BATCH]).toEqual({ "202": 1 });
});

test("the members the engine starts as a batch is reported done are gathered into one batch, for a short while", async () => {
  const clock = new ManualClock(Date.now());
  const gathering = new MemberBatcher(context.client, context.gate, context.log, clock);
  const first = await behindAChange(() => Promise.all(range(3).map((n) => gathering.add(POOL, LB, member(n), deadline()))));
  expect(first.every((m) => m !== undefined)).toBe(true);
  // No time passed on this clock during the batch: the shortest window is left for its successors.
  expect(clock.pending()).toEqual([50]);
  // Three successors: the gathering ends as soon as they are all there, without the clock moving.
  const next = Promise.all(range(3).map((n) => gathering.add(POOL, LB, member(10 + n), deadline())));
  expect((await next).every((m) => m !== undefined)).toBe(true);
  expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
  expect(emulator.counters()["POST /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
  // One successor of three: it waits out the window, then goes.
  const lone = gathering.add(POOL, LB, member(20), deadline());
  expect(await settledNow(lone)).toBe(false);
  await clock.advance(clock.pending()[0]);
  expect((await lone)?.address).toBe(member(20).address);
  expect(emulator.counters()[BATCH]).toEqual({ "202": 3 });
});

test("100 concurrent creates travel in one batch call, and each gets its own id back", async () => {
  const results = await behindAChange(() => Promise.all(range(100).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  expect(emulator.counters()[BATCH]).toEqual({ "202": 1 });
  expect(emulator.counters()["POST /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
  expect(results.map((m) => m?.name)).toEqual(range(100).map((n) => `m${n}`));
  expect(new Set(results.map((m) => m?.id)).size).toBe(100);
  expect(emulator.members(POOL)).toHaveLength(100);
});

test("a batch carries at most 200 members", async () => {
  await behindAChange(() => Promise.all(range(450).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  expect(emulator.counters()[BATCH]).toEqual({ "202": 3 });
  expect(emulator.members(POOL)).toHaveLength(450);
});

test("a batch rejected for one member that existed before settles nothing: all go one by one", async () => {
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { address: "10.0.0.2", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "m1", weight: 1 } }),
  });
  const results = await behindAChange(() => Promise.all(range(3).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  expect(results).toEqual([undefined, undefined, undefined]);
  expect(emulator.counters()[BATCH]).toEqual({ "409": 1 });
  expect(emulator.members(POOL)).toHaveLength(1);
});

test("a batch whose answer was lost is settled from the pool's list", async () => {
  emulator.setFaults({ rules: [{ kind: "drop", route: BATCH, times: 1 }] });
  const results = await behindAChange(() => Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  expect(results.map((m) => m?.address)).toEqual(range(5).map((n) => member(n).address));
  expect(emulator.members(POOL)).toHaveLength(5);
});

test("deletes travel in one batch; if one member is already gone, each goes one by one", async () => {
  const created = await behindAChange(() => Promise.all(range(4).map((n) => batcher.add(POOL, LB, member(n), deadline()))));
  const ids = created.map((m) => m!.id);
  expect(await behindAChange(() => Promise.all(ids.slice(0, 2).map((id) => batcher.remove(POOL, LB, id, deadline()))))).toEqual([true, true]);
  expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
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
