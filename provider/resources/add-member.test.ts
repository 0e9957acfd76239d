// Adding a member never makes two: lost answers and 5xx are looked up before a retry, a found
// member is taken silently only when this operation may have made it, and an existing member
// needs adopt.
import { DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "../../emulator";
import { later, settlesWithoutSleeping } from "../../emulator/testing/promises";
import { Deadline } from "../client/deadline";
import { ElbError } from "../client/errors";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import { MemberBatcher } from "../api/member-batcher";
import { addMember, AddMemberRequest } from "./add-member";

const CREATE = "POST /v2.0/lbaas/pools/{pool_id}/members";
const BATCH = "PUT /v2.0/lbaas/pools/{pool_id}/members";
const LIST = "GET /v2.0/lbaas/pools/{pool_id}/members";
const POOL = DEMO_IDS.poolId;

let emulator: Emulator;
let context: TestContext;

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 20 });
});
afterAll(async () => emulator.close());
beforeEach(() => {
  emulator.reset();
  context = emulatorContext(emulator.url);
});
afterEach(async () => context.close());

function request(overrides: Partial<AddMemberRequest["member"]> = {}, adopt = false): AddMemberRequest {
  return {
    poolId: POOL,
    loadBalancerId: DEMO_IDS.loadbalancerId,
    adopt,
    member: { address: "192.168.0.50", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "web", weight: 3, admin_state_up: true, ...overrides },
  };
}

const deadline = () => Deadline.after(20_000, "test");

async function outsideCreate(member: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member }),
  });
  return ((await response.json()) as { member: { id: string } }).member.id;
}

test("a plain create posts once", async () => {
  const added = await addMember(context, request(), deadline());
  expect(added.origin).toBe("created");
  expect(emulator.counters()[CREATE]).toEqual({ "201": 1 });
  expect(emulator.members(POOL)).toHaveLength(1);
});

test.each([
  ["the connection drops after the member was made", { kind: "drop" as const, route: CREATE, times: 1 }],
  ["a 500 comes back although the member was made", { kind: "error" as const, status: 500 as const, afterCommit: true, route: CREATE, times: 1 }],
])("%s: it is found and used, not made twice", async (_what, rule) => {
  emulator.setFaults({ rules: [rule] });
  const added = await addMember(context, request(), deadline());
  expect(added.origin).toBe("recovered");
  expect(emulator.members(POOL).map((m) => m.id)).toEqual([added.member.id]);
  expect(context.logs.some((line) => line.includes("earlier attempt whose answer was lost"))).toBe(true);
});

test("a 503 that made nothing: the lookup finds nothing and the create is retried", async () => {
  emulator.setFaults({ rules: [{ kind: "error", status: 503, route: CREATE, times: 2 }] });
  const added = await addMember(context, request(), deadline());
  expect(added.origin).toBe("created");
  expect(emulator.counters()[CREATE]).toEqual({ "503": 2, "201": 1 });
  expect(emulator.members(POOL)).toHaveLength(1);
});

test("a create keeps looking, then posting, through more than eight 5xx in a row; one member results", async () => {
  // The last one made the member before failing: the retry after it must look first, not post.
  emulator.setFaults({
    rules: [
      { kind: "error", status: 503, route: CREATE, times: 12 },
      { kind: "error", status: 500, afterCommit: true, route: CREATE, times: 1 },
    ],
  });
  const added = await addMember(context, request(), deadline());
  expect(added.origin).toBe("recovered");
  expect(emulator.counters()[CREATE]).toEqual({ "503": 12, "500": 1 });
  expect(emulator.members(POOL).map((m) => m.id)).toEqual([added.member.id]);
});

test("a create that keeps failing gives up at the deadline with the server's error, after one last look", async () => {
  emulator.setFaults({ rules: [{ kind: "error", status: 503, route: CREATE }] });
  const clock = new ManualClock();
  const failure = await clock.run(addMember(context, request(), Deadline.after(1_500, "test", clock)), 1_000).catch((e) => e);
  expect(failure).toBeInstanceOf(ElbError);
  expect(failure).toMatchObject({ kind: "server", status: 503 });
  // Posts at 0, 10, 30, 70 ms, then every 50 ms to 1470 ms, where the next wait no longer fits:
  // 32 posts, a look before each but the first, and the last look.
  expect(emulator.counters()[CREATE]).toEqual({ "503": 32 });
  expect(emulator.counters()[LIST]).toEqual({ "200": 32 });
  expect(clock.now()).toBe(1_470);
  expect(emulator.members(POOL)).toEqual([]);
});

test("a member that existed before is a duplicate, and the error explains adopt", async () => {
  const existing = await outsideCreate({ address: "192.168.0.50", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "web", weight: 3 });
  const failure = addMember(context, request(), deadline());
  await expect(failure).rejects.toThrow(ElbError);
  await expect(failure).rejects.toThrow(new RegExp(`already exists in pool ${POOL} \\(member id ${existing}\\).*adopt: true`));
  expect(emulator.members(POOL)).toHaveLength(1);
});

test("with adopt, an existing member is taken over even with other settings", async () => {
  const existing = await outsideCreate({ address: "192.168.0.50", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "old", weight: 9 });
  const added = await addMember(context, request({}, true), deadline());
  expect(added).toMatchObject({ origin: "adopted", member: { id: existing, name: "old", weight: 9 } });
});

test("an existing member adopted after a 409 changed nothing: the load balancer is not waited for afterwards", async () => {
  emulator.seed({ members: [{ poolId: POOL, address: "192.168.0.50", protocolPort: 80, subnetId: DEMO_IDS.subnetId, name: "old", weight: 9 }] });
  const clock = new ManualClock();
  const adding = addMember(context, request({}, true), Deadline.after(20_000, "test", clock));
  expect(await settlesWithoutSleeping(adding, clock)).toBe(true);
  expect((await adding).origin).toBe("adopted");
  expect(emulator.counters()[CREATE]).toEqual({ "409": 1 });
  // One look before the POST; none after it.
  expect(emulator.counters()["GET /v2.0/lbaas/loadbalancers/{loadbalancer_id}"]).toEqual({ "200": 1 });
});

test("adopt refuses a member in another subnet, which could never be corrected", async () => {
  const otherSubnet = "00000000-0000-4000-8000-0000000000b2";
  emulator.seed({ subnets: [{ id: otherSubnet, cidr: "192.168.0.0/24", vpcId: DEMO_IDS.vpcId }] });
  await outsideCreate({ address: "192.168.0.50", protocol_port: 80, subnet_id: otherSubnet });
  await expect(addMember(context, request({}, true), deadline())).rejects.toThrow(/in subnet .*b2, not .*b1; it cannot be adopted/);
});

test("after a lost answer, a member found with other settings is someone else's", async () => {
  await outsideCreate({ address: "192.168.0.50", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "web", weight: 7 });
  // Our POST fails with a 500 (it made nothing: the address is taken), so we look and find theirs.
  emulator.setFaults({ rules: [{ kind: "error", status: 500, route: CREATE, times: 1 }] });
  await expect(addMember(context, request({ weight: 3 }), deadline())).rejects.toThrow(
    /already exists in pool .* with other settings \(weight 7 \(asked 3\)\), so it was not made by this operation; set adopt: true/,
  );
  expect(emulator.members(POOL)).toHaveLength(1);
});

test("a load balancer in ERROR fails at once, naming it and its status", async () => {
  emulator.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "ERROR");
  const clock = new ManualClock();
  const adding = addMember(context, request(), Deadline.after(20_000, "test", clock));
  expect(await settlesWithoutSleeping(adding, clock)).toBe(true);
  await expect(adding).rejects.toThrow(new RegExp(`load balancer ${DEMO_IDS.loadbalancerId} \\(demo-lb\\) is in provisioning status ERROR`));
  expect(emulator.members(POOL)).toEqual([]);
});

test("after a lost answer, a busy 409 goes back to the gate, and the gate's next turn still looks before posting", async () => {
  emulator.setFaults({ rules: [{ kind: "error", status: 503, route: CREATE, times: 1 }] });
  const clock = new ManualClock();
  const adding = later(addMember(context, request(), Deadline.after(20_000, "test", clock)));
  // Our POST got a 503 and its retry waits: someone else's change makes the load balancer busy.
  await clock.sleeping(100);
  emulator.setBusyMs(60_000);
  await outsideCreate({ address: "192.168.0.99", protocol_port: 80, subnet_id: DEMO_IDS.subnetId });
  await clock.advance(clock.pending()[0]);
  // The look finds nothing, the POST is refused as busy and goes back to the gate, which waits.
  await clock.sleeping(1_000);
  emulator.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "ACTIVE");
  emulator.setBusyMs(0);
  const added = await clock.run(adding);
  expect(added.origin).toBe("created");
  expect(emulator.counters()[CREATE]).toEqual({ "503": 1, "409": 1, "201": 2 });
  // A look before the second POST, one asking about the 409, and one before the third POST.
  expect(emulator.counters()[LIST]).toEqual({ "200": 3 });
  expect(
    emulator
      .members(POOL)
      .map((m) => m.address)
      .sort(),
  ).toEqual(["192.168.0.50", "192.168.0.99"]);
});

describe("with batches, creates that wait behind another change", () => {
  const at = (n: number) => `192.168.0.${60 + n}`;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  /** A member made outside this operation, without making the load balancer busy; its id. */
  function existing(address: string, settings: { name?: string; weight?: number } = { name: "old", weight: 9 }): string {
    emulator.seed({ members: [{ poolId: POOL, address, protocolPort: 80, subnetId: DEMO_IDS.subnetId, ...settings }] });
    return emulator.members(POOL).find((m) => m.address === address)!.id;
  }

  beforeEach(() => {
    context.batcher = new MemberBatcher(context.client, context.gate, context.log);
  });

  /** Runs the creates while a change of the test's own holds the load balancer, so they wait and are batched. */
  async function behindAChange<T>(creates: () => Promise<T>): Promise<T> {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const held = context.gate.apply(DEMO_IDS.loadbalancerId, deadline(), () => opened);
    const done = creates();
    open();
    await held;
    return done;
  }

  test("with adopt they travel in a batch: the existing ones are adopted as they are, the rest made in one call, none twice", async () => {
    const before = [0, 3].map((n) => existing(at(n)));
    const added = await behindAChange(() =>
      Promise.all(range(6).map((n) => addMember(context, request({ address: at(n), name: `web-${n}` }, true), deadline()).catch((error: Error) => error))),
    );
    expect(added.map((a) => ("origin" in a ? a.origin : a.message))).toEqual(["adopted", "created", "created", "adopted", "created", "created"]);
    // Same member ids; their name and weight are the lifecycle's to set (pool-member.ts).
    expect([0, 3].map((n) => "member" in added[n] && [added[n].member.id, added[n].member.name])).toEqual(before.map((id) => [id, "old"]));
    expect(emulator.counters()[CREATE]).toBeUndefined();
    // Five taken together (two found, three sent), and the sixth, left behind, in its own call.
    expect(emulator.counters()[BATCH]).toEqual({ "202": 2 });
    expect(context.logs.filter((line) => line.startsWith("adopting existing member"))).toHaveLength(2);
    expect(
      emulator
        .members(POOL)
        .map((m) => m.address)
        .sort(),
    ).toEqual(range(6).map(at).sort());
  });

  test("a member found in the pool that does not adopt is a duplicate, and the error explains adopt", async () => {
    const id = existing(at(0), { name: "web", weight: 3 });
    const added = await behindAChange(() =>
      Promise.all([
        addMember(context, request({ address: at(0) }), deadline()).catch((error: Error) => error),
        ...[1, 2].map((n) => addMember(context, request({ address: at(n) }, true), deadline())),
      ]),
    );
    expect(added[0]).toBeInstanceOf(ElbError);
    expect((added[0] as Error).message).toMatch(new RegExp(`already exists in pool ${POOL} \\(member id ${id}\\).*adopt: true`));
    expect(emulator.counters()[CREATE]).toBeUndefined();
    expect(emulator.members(POOL)).toHaveLength(3);
  });

  test("adopt still refuses a member in another subnet, which could never be corrected", async () => {
    const otherSubnet = "00000000-0000-4000-8000-0000000000b2";
    emulator.seed({ subnets: [{ id: otherSubnet, cidr: "192.168.0.0/24", vpcId: DEMO_IDS.vpcId }] });
    await outsideCreate({ address: at(0), protocol_port: 80, subnet_id: otherSubnet });
    const added = await behindAChange(() =>
      Promise.all(range(3).map((n) => addMember(context, request({ address: at(n) }, true), deadline()).catch((error: Error) => error))),
    );
    expect((added[0] as Error).message).toMatch(/in subnet .*b2, not .*b1; it cannot be adopted/);
    expect(added.slice(1).map((a) => "origin" in a && a.origin)).toEqual(["created", "created"]);
    expect(emulator.members(POOL)).toHaveLength(3);
  });

  test("after a 503 on the batch call the batch is sent again: no member is posted one by one", async () => {
    emulator.setFaults({ rules: [{ kind: "error", status: 503, route: BATCH, times: 1 }] });
    const added = await behindAChange(() => Promise.all(range(5).map((n) => addMember(context, request({ address: at(n) }), deadline()))));
    expect(added.map((a) => a.origin)).toEqual(range(5).map(() => "created"));
    expect(emulator.counters()[CREATE]).toBeUndefined();
    expect(emulator.counters()[BATCH]).toEqual({ "503": 1, "202": 2 });
    expect(emulator.members(POOL)).toHaveLength(5);
  });
});
