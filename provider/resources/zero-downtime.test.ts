// Drains and health gates below the engine, on a clock the test moves: a removal is reported done
// only after its drain, drains never hold the load balancer's queue and overlap each other, and
// a stack-wide default applies to members that set nothing.
import { DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "../../emulator";
import { settledNow as settled } from "../../emulator/testing/promises";
import type { PoolMemberState } from "../types";
import { ProviderRuntime } from "../runtime";
import { PartialFailure } from "./partial-failure";
import { configuredBy, lifecycleOn } from "../testing/lifecycle";

const POOL = DEMO_IDS.poolId;
let emulator: Emulator;
let clock: ManualClock;
let runtime: ProviderRuntime;
const lifecycle = lifecycleOn(() => runtime);

function useSettings(extra: Record<string, string> = {}): void {
  const config: Record<string, string> = { "elb:endpoint": emulator.url, "elb:auth": "none", ...extra };
  runtime = new ProviderRuntime(configuredBy(config), { clock });
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed() });
});
afterAll(async () => emulator.close());
beforeEach(() => {
  emulator.reset();
  clock = new ManualClock(Date.now());
  useSettings();
});

async function member(address: string, extra: Partial<PoolMemberState> = {}): Promise<{ id: string; state: PoolMemberState }> {
  const checked = await lifecycle.check({ poolId: POOL, subnetId: DEMO_IDS.subnetId, address, protocolPort: 80, ...extra } as PoolMemberState);
  const created = await clock.run(lifecycle.create(checked.inputs!), 5_000);
  return { id: created.id, state: created.state! };
}

/** Lets loopback I/O run until `count` sleeps of exactly `ms` are pending (the drains). */
async function drainsPending(count: number, ms: number): Promise<void> {
  while (clock.pending().filter((left) => left === ms).length < count) await new Promise((resolve) => setImmediate(resolve));
}

const inPool = (address: string) => emulator.members(POOL).some((m) => m.address === address);

test("a removal deletes the member at once and is reported done only when its drain has passed", async () => {
  const { id, state } = await member("192.168.0.31", { drainSeconds: 30 });
  const removal = lifecycle.remove(id, state);
  await drainsPending(1, 30_000);
  expect(inPool("192.168.0.31")).toBe(false);
  expect(clock.pending()).toEqual([30_000]);
  await clock.advance(29_999);
  expect(await settled(removal)).toBe(false);
  await clock.advance(1);
  expect(await settled(removal)).toBe(true);
  await removal;
});

test("a drain does not hold the load balancer's queue: another member is added meanwhile", async () => {
  const first = await member("192.168.0.32", { drainSeconds: 60 });
  const removal = lifecycle.remove(first.id, first.state);
  await drainsPending(1, 60_000);
  // Sleeps of up to 5 s (the queue's own) may pass; the 60 s drain is never jumped to.
  await member("192.168.0.33");
  expect(inPool("192.168.0.33")).toBe(true);
  expect(await settled(removal)).toBe(false);
  await clock.advance(60_000);
  await removal;
});

test("drains of many members overlap: ten 30 s drains end together after 30 s", async () => {
  const members = [];
  for (let n = 0; n < 10; n++) members.push(await member(`192.168.0.${40 + n}`, { drainSeconds: 30 }));
  const removals = members.map(({ id, state }) => lifecycle.remove(id, state));
  await drainsPending(10, 30_000);
  // Ten drains at once (the first delete went alone, the other nine in one batch); nothing else
  // long is pending.
  expect(clock.pending().filter((left) => left >= 1_000)).toEqual(Array(10).fill(30_000));
  expect(clock.pending().filter((left) => left < 1_000).length).toBeLessThanOrEqual(1);
  expect(emulator.members(POOL)).toEqual([]);
  await clock.advance(30_000);
  expect(await Promise.all(removals.map(settled))).toEqual(Array(10).fill(true));
});

test("elb:drainSeconds applies to members that set none; the member's own value wins", async () => {
  useSettings({ "elb:drainSeconds": "12" });
  const plain = await member("192.168.0.51");
  const own = await member("192.168.0.52", { drainSeconds: 3 });
  const removals = [lifecycle.remove(plain.id, plain.state), lifecycle.remove(own.id, own.state)];
  await drainsPending(1, 3_000);
  await drainsPending(1, 12_000);
  expect(clock.pending()).toEqual([3_000, 12_000]);
  await clock.advance(12_000);
  await Promise.all(removals);
});

test("a member already gone is drained anyway: a 404 cannot tell it from our own retried or batched delete", async () => {
  const { id, state } = await member("192.168.0.53", { drainSeconds: 30 });
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members/${id}`, { method: "DELETE" });
  const removal = lifecycle.remove(id, state);
  await drainsPending(1, 30_000);
  expect(await settled(removal)).toBe(false);
  await clock.advance(30_000);
  await removal;
});

test("without drainSeconds (and no elb:drainSeconds) a removal ends with its delete", async () => {
  const { id, state } = await member("192.168.0.55");
  await clock.run(lifecycle.remove(id, state), 5_000);
  expect(inPool("192.168.0.55")).toBe(false);
  expect(clock.pending()).toEqual([]);
});

test("a bad elb:drainSeconds is refused naming the key and the range", async () => {
  useSettings({ "elb:drainSeconds": "soon" });
  await expect(lifecycle.create({ poolId: POOL, subnetId: DEMO_IDS.subnetId, address: "192.168.0.54", protocolPort: 80 } as PoolMemberState)).rejects.toThrow(
    /elb:drainSeconds must be a whole number from 0 to 3600, got "soon"/,
  );
});

describe("waitForHealthy", () => {
  const MONITORED = "00000000-0000-4000-8000-0000000000e9";
  let monitored: Emulator;
  let healthClock: ManualClock;

  beforeAll(async () => {
    healthClock = new ManualClock(Date.now());
    const seed = demoSeed();
    seed.pools = [
      ...(seed.pools ?? []),
      { id: MONITORED, name: "monitored", loadbalancerId: DEMO_IDS.loadbalancerId, protocol: "TCP", lbAlgorithm: "ROUND_ROBIN" },
    ];
    // A member turns ONLINE after delay x maxRetries = 6 s of a healthy server.
    seed.healthmonitors = [{ id: "hm-1", poolId: MONITORED, type: "TCP", delay: 2, timeout: 1, maxRetries: 3 }];
    monitored = await startEmulator({ seed, clock: healthClock });
  });
  afterAll(async () => monitored.close());
  beforeEach(() => {
    monitored.reset();
    const config: Record<string, string> = { "elb:endpoint": monitored.url, "elb:auth": "none" };
    runtime = new ProviderRuntime(configuredBy(config), { clock: healthClock });
  });

  const inputs = async (poolId: string, address: string, extra: Partial<PoolMemberState> = {}) =>
    (await lifecycle.check({ poolId, subnetId: DEMO_IDS.subnetId, address, protocolPort: 80, waitForHealthy: true, ...extra } as PoolMemberState)).inputs!;
  const statusOf = async (memberId: string) =>
    ((await (await fetch(`${monitored.url}/v2.0/lbaas/pools/${MONITORED}/members/${memberId}`)).json()) as { member: { operating_status: string } }).member
      .operating_status;

  test("a create is reported done once the health check says ONLINE, not before", async () => {
    const started = healthClock.now();
    const done = await healthClock.run(lifecycle.create(await inputs(MONITORED, "192.168.0.71")), 10_000);
    // The monitor needs 6 s of passing checks; the create took at least that on the test's clock.
    expect(healthClock.now() - started).toBeGreaterThanOrEqual(6_000);
    expect(await statusOf(done.id)).toBe("ONLINE");
    const looks = monitored.counters()["GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}"];
    expect(Object.values(looks ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
  });

  test("a pool without a health monitor ends the wait at once (NO_MONITOR)", async () => {
    const done = await healthClock.run(lifecycle.create(await inputs(POOL, "192.168.0.72")), 10_000);
    expect(done.id).toBeTruthy();
    const looks = monitored.counters()["GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}"];
    expect(looks).toEqual({ "200": 1 });
  });

  test("a server that never passes fails the create at its deadline, naming the member, its status and the wait; the member is recorded", async () => {
    monitored.setServerHealth("192.168.0.73", false);
    const failure = (await healthClock
      .run(lifecycle.create(await inputs(MONITORED, "192.168.0.73", { timeouts: { create: "30s" } })), 10_000)
      .catch((e) => e)) as PartialFailure;
    const made = monitored.members(MONITORED).find((m) => m.address === "192.168.0.73");
    expect(made).toBeDefined();
    expect(failure.id).toBe(made!.id);
    expect(failure).toBeInstanceOf(PartialFailure);
    expect(failure.message).toMatch(
      new RegExp(
        `member ${made!.id} \\(192\\.168\\.0\\.73:80\\) in pool ${MONITORED} is still OFFLINE after waiting 29\\.9s for the load balancer's health check to report it ONLINE, and the operation's time is up \\(waitForHealthy; the limit is timeouts\\.create 30s\\)`,
      ),
    );
  });

  test("without waitForHealthy a create does not look at health at all", async () => {
    const done = await healthClock.run(lifecycle.create(await inputs(MONITORED, "192.168.0.74", { waitForHealthy: false })), 10_000);
    expect(monitored.counters()["GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}"]).toBeUndefined();
    expect(await statusOf(done.id)).toBe("OFFLINE");
  });

  test("the engine's retry of a failed health wait (an update with nothing to send) waits again, and passes once ONLINE", async () => {
    monitored.setServerHealth("192.168.0.76", false);
    const wanted = await inputs(MONITORED, "192.168.0.76", { timeouts: { create: "20s", update: "20s" } });
    const failed = (await healthClock.run(lifecycle.create(wanted), 10_000).catch((e) => e)) as PartialFailure;
    expect(failed.id).toBeTruthy();
    // Still down: the retry fails too, recording the member again.
    const again = (await healthClock.run(lifecycle.update(failed.id, failed.state, wanted), 10_000).catch((e) => e)) as PartialFailure;
    expect(again).toBeInstanceOf(PartialFailure);
    expect(again.id).toBe(failed.id);
    expect(again.message).toMatch(/is still OFFLINE after waiting/);
    monitored.setServerHealth("192.168.0.76", true);
    const started = healthClock.now();
    await healthClock.run(lifecycle.update(failed.id, failed.state, wanted), 10_000);
    expect(healthClock.now() - started).toBeGreaterThanOrEqual(6_000);
    expect(await statusOf(failed.id)).toBe("ONLINE");
  });

  test("an update that sets adminStateUp true waits for ONLINE; elb:waitForHealthy turns it on for members that set nothing", async () => {
    const config: Record<string, string> = { "elb:endpoint": monitored.url, "elb:auth": "none", "elb:waitForHealthy": "true" };
    runtime = new ProviderRuntime(configuredBy(config), { clock: healthClock });
    const down = await healthClock.run(lifecycle.create(await inputs(MONITORED, "192.168.0.75", { waitForHealthy: undefined, adminStateUp: false })), 10_000);
    monitored.resetCounters();
    const up = await inputs(MONITORED, "192.168.0.75", { waitForHealthy: undefined, adminStateUp: true });
    const started = healthClock.now();
    await healthClock.run(lifecycle.update(down.id, down.state, up), 10_000);
    expect(healthClock.now() - started).toBeGreaterThanOrEqual(6_000);
    expect(await statusOf(down.id)).toBe("ONLINE");
  });
});
