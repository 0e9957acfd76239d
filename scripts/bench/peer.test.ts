// The peer replays the measured profile: its calls and sleeps per member at parallelism 1, and
// a load balancer in ERROR polled every 2 s for the whole 10-minute timeout. On a manual clock.
import { ManualClock } from "../../emulator/clock";
import { MEASURED_PEER, PeerApi, PeerMember, TerraformPeer } from "./peer";

/** The measured profile without the walk's jitter, so times come out exact. */
const STEADY = { ...MEASURED_PEER, walkJitterMs: 0 };

const POOL = "pool-1";
const LB = "lb-1";

/** An API that answers at once, with a load balancer whose status the test sets; it logs calls. */
function fakeApi(status: () => string) {
  const calls: string[] = [];
  let made = 0;
  const api: PeerApi = async (method, path) => {
    calls.push(`${method} ${path.replace(/[0-9a-f-]{6,}$/, "{id}")}`);
    if (method === "GET" && path === `pools/${POOL}`) return { status: 200, body: { pool: { id: POOL, loadbalancers: [{ id: LB }] } } };
    if (method === "GET" && path === `loadbalancers/${LB}`) return { status: 200, body: { loadbalancer: { id: LB, provisioning_status: status() } } };
    if (method === "POST") return { status: 201, body: { member: { id: `00000000-${String(++made).padStart(4, "0")}` } } };
    if (method === "GET") return { status: 200, body: { member: {} } };
    if (method === "DELETE") return { status: 204, body: undefined };
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { api, calls };
}

const members = (n: number): PeerMember[] =>
  Array.from({ length: n }, (_, i) => ({ poolId: POOL, address: `10.0.0.${i + 1}`, protocolPort: 80, subnetId: "subnet", name: `m${i}`, weight: 1 }));

test("at parallelism 1 a create is 6 calls and 10 s, a destroy 6 calls and 15 s, as measured", async () => {
  const clock = new ManualClock();
  const { api, calls } = fakeApi(() => "ACTIVE");
  const peer = new TerraformPeer(api, clock, STEADY);
  const ids = await clock.run(peer.apply(members(10), 1));
  expect(calls).toHaveLength(60);
  expect(calls.slice(0, 6)).toEqual([
    `GET pools/${POOL}`,
    `GET loadbalancers/${LB}`,
    `POST pools/${POOL}/members`,
    `GET pools/${POOL}`,
    `GET loadbalancers/${LB}`,
    `GET pools/${POOL}/members/{id}`,
  ]);
  expect(clock.now()).toBe(10 * 10_000);

  calls.length = 0;
  const start = clock.now();
  await clock.run(
    peer.destroy(
      members(10).map((m, i) => ({ ...m, id: ids[i] })),
      1,
    ),
  );
  expect(calls).toHaveLength(60);
  expect(calls.filter((call) => call.startsWith("DELETE"))).toHaveLength(10);
  expect(clock.now() - start).toBe(10 * 15_000);
});

test("a load balancer in ERROR is looked at every 2 s until the 10-minute timeout", async () => {
  const clock = new ManualClock();
  const { api, calls } = fakeApi(() => "ERROR");
  const peer = new TerraformPeer(api, clock, STEADY);
  const failure = await clock.run(peer.apply(members(1), 1).catch((error: Error) => error));
  expect((failure as Error).message).toMatch(/timeout while waiting for load balancer lb-1 to become ACTIVE \(last status: ERROR\)/);
  const polls = calls.filter((call) => call === `GET loadbalancers/${LB}`).length;
  // The first look after the fixed 5 s, then one every 2 s: as measured, 601.5 s and 297 GETs.
  expect(polls).toBe(1 + Math.floor((MEASURED_PEER.timeoutMs - MEASURED_PEER.waitDelayMs) / MEASURED_PEER.pollMs));
  expect(clock.now()).toBeGreaterThanOrEqual(595_000);
  expect(clock.now()).toBeLessThanOrEqual(MEASURED_PEER.timeoutMs);
});

test("a 409 on POST sleeps 5 s and posts again; DELETE 409s back off from 0.5 s", async () => {
  const clock = new ManualClock();
  const refusals = { POST: 2, DELETE: 3 };
  const { api: inner, calls } = fakeApi(() => "ACTIVE");
  const sentAt: Record<string, number[]> = { POST: [], DELETE: [] };
  const api: PeerApi = async (method, path, body) => {
    if (method === "POST" || method === "DELETE") {
      sentAt[method].push(clock.now());
      if (refusals[method]-- > 0) {
        calls.push(`${method} 409`);
        return { status: 409, body: {} };
      }
    }
    return inner(method, path, body);
  };
  const peer = new TerraformPeer(api, clock, STEADY);
  const [id] = await clock.run(peer.apply(members(1), 1));
  expect(sentAt.POST.map((at) => at - sentAt.POST[0])).toEqual([0, 5_000, 10_000]);
  await clock.run(peer.destroy([{ ...members(1)[0], id }], 1));
  expect(sentAt.DELETE.map((at) => at - sentAt.DELETE[0])).toEqual([0, 500, 1_500, 3_500]);
});

test("the walk starts the first P resources together and each later one up to 1 s after its slot frees", async () => {
  const clock = new ManualClock();
  const { api } = fakeApi(() => "ACTIVE");
  const posts: number[] = [];
  const timed: PeerApi = async (method, path, body) => {
    if (method === "POST") posts.push(clock.now());
    return api(method, path, body);
  };
  await clock.run(new TerraformPeer(timed, clock).apply(members(6), 3));
  // The first three POST after the 5 s wait, together; each later one 10 s later plus its jitter.
  expect(posts.slice(0, 3)).toEqual([5_000, 5_000, 5_000]);
  const later = posts.slice(3).map((at) => at - 15_000);
  expect(later.every((delay) => delay >= 0 && delay < MEASURED_PEER.walkJitterMs)).toBe(true);
  expect(new Set(later).size).toBeGreaterThan(1);
});
