// Creates and deletes waiting on one pool travel in batch calls, and whatever a batch cannot
// settle for certain goes back to the one-by-one path.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
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

test("100 concurrent creates travel in one batch call, and each gets its own id back", async () => {
  const results = await Promise.all(range(100).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  expect(emulator.counters()[BATCH]).toEqual({ "202": 1 });
  expect(emulator.counters()["POST /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
  expect(results.map((m) => m?.name)).toEqual(range(100).map((n) => `m${n}`));
  expect(new Set(results.map((m) => m?.id)).size).toBe(100);
  expect(emulator.members(POOL)).toHaveLength(100);
});

test("a batch carries at most 200 members", async () => {
  await Promise.all(range(450).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  expect(emulator.counters()[BATCH]).toEqual({ "202": 3 });
  expect(emulator.members(POOL)).toHaveLength(450);
});

test("a batch rejected for one member that existed before settles nothing: all go one by one", async () => {
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { address: "10.0.0.2", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "m1", weight: 1 } }),
  });
  const results = await Promise.all(range(3).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  expect(results).toEqual([undefined, undefined, undefined]);
  expect(emulator.counters()[BATCH]).toEqual({ "409": 1 });
  expect(emulator.members(POOL)).toHaveLength(1);
});

test("a batch whose answer was lost is settled from the pool's list", async () => {
  emulator.setFaults({ rules: [{ kind: "drop", route: BATCH, times: 1 }] });
  const results = await Promise.all(range(5).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  expect(results.map((m) => m?.address)).toEqual(range(5).map((n) => member(n).address));
  expect(emulator.members(POOL)).toHaveLength(5);
});

test("deletes travel in one batch; if one member is already gone, each goes one by one", async () => {
  const created = await Promise.all(range(4).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  const ids = created.map((m) => m!.id);
  expect(await Promise.all(ids.slice(0, 2).map((id) => batcher.remove(POOL, LB, id, deadline())))).toEqual([true, true]);
  expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members/${ids[2]}`, { method: "DELETE" });
  expect(await Promise.all(ids.slice(2).map((id) => batcher.remove(POOL, LB, id, deadline())))).toEqual([false, false]);
  expect(emulator.members(POOL).map((m) => m.id)).toEqual([ids[3]]);
});

test("a load balancer in ERROR fails every waiting create", async () => {
  emulator.setLoadBalancerStatus(LB, "ERROR");
  const results = await Promise.allSettled(range(3).map((n) => batcher.add(POOL, LB, member(n), deadline())));
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
  expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/provisioning status ERROR/);
});
