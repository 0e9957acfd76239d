// Three stacks on one load balancer, through the real CLI, each `up` and `destroy` run in all of
// them at once, as several pipelines sharing a load balancer do. Each provider process queues its
// own changes but cannot see the others', so they meet as 409s and as a load balancer that stays
// busy after a change of theirs; the timing must neither lose a member nor look at the load
// balancer all the time while the others hold it. (How long it takes is `make bench`'s
// "3 stacks x 100 members on one load balancer".)
import { PoolMember } from "pulumi-elb-poolmember";
import { Backend, startBackend } from "./backends";
import { EngineStack, resourcesOfType, teardown } from "./harness";

jest.setTimeout(600_000);

const STACKS = 3;
const MEMBERS = 20;
const LOOK = "GET loadbalancers/{id}";

const address = (stack: number, n: number) => `10.0.${10 + stack}.${10 + n}`;

function program(backend: Backend, stack: number) {
  return async () => {
    const members = Array.from(
      { length: MEMBERS },
      (_, n) => new PoolMember(`s${stack}-m${n}`, { poolId: backend.poolId, subnetId: backend.subnetId, address: address(stack, n), protocolPort: 80 }),
    );
    return { ids: members.map((member) => member.id) };
  };
}

describe("three stacks on one load balancer at once (emulator, 200 ms per change)", () => {
  let backend: Backend;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    backend = await startBackend("emulator", { busyMs: 200 });
    for (let stack = 0; stack < STACKS; stack++) {
      stacks.push(
        await EngineStack.create({ projectName: "shared-lb", stackName: `stack-${stack}`, program: program(backend, stack), config: backend.config }),
      );
    }
  });

  afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => backend?.close()));

  /** Applied changes (2xx to POST, PUT, DELETE) and load balancer reads since the counters were reset. */
  async function changesAndLooks(): Promise<{ changes: number; looks: number; conflicts: number }> {
    let changes = 0;
    let conflicts = 0;
    const counters = await backend.counters();
    for (const [route, statuses] of Object.entries(counters)) {
      if (!/^(POST|PUT|DELETE) /.test(route)) continue;
      for (const [status, count] of Object.entries(statuses)) {
        if (/^2\d\d$/.test(status)) changes += count;
        if (status === "409") conflicts += count;
      }
    }
    return { changes, looks: counters[LOOK]?.["200"] ?? 0, conflicts };
  }

  test("every member of every stack is created once and recorded, with a few load balancer reads per change", async () => {
    await backend.resetCounters();
    // --parallel 4, as pipelines on small runners have: many changes, few travel together.
    const ups = await Promise.all(stacks.map((stack) => stack.up({ parallel: 4 })));
    for (const up of ups) {
      expect(up.summary.result).toBe("succeeded");
      expect(up.summary.resourceChanges).toEqual({ create: MEMBERS + 1 });
    }
    const members = await backend.members();
    const expected = stacks.flatMap((_, stack) => Array.from({ length: MEMBERS }, (__, n) => address(stack, n)));
    expect(members.map((member) => member.address).sort()).toEqual(expected.sort());
    for (const [stack, engine] of stacks.entries()) {
      const recorded = resourcesOfType(await engine.exportState(), "elb:PoolMember").map((resource) => resource.id);
      const own = members.filter((member) => member.address.startsWith(`10.0.${10 + stack}.`)).map((member) => member.id);
      expect(recorded.sort()).toEqual(own.sort());
    }
    const { changes, looks, conflicts } = await changesAndLooks();
    console.log(`up: ${changes} changes applied, ${looks} load balancer reads, ${conflicts} x 409`);
    // Every member went in a change of its own or in a batch. Per change the stack that made it
    // looks once or twice and each stack waiting behind it about once: 65-90 reads for 27 changes
    // in most runs, 4.7 per change at worst seen. Looking every 20 ms, as the timing does right
    // around the time a change of ours should be done, would be ten per change and more.
    expect(changes).toBeGreaterThanOrEqual(STACKS);
    expect(changes).toBeLessThanOrEqual(STACKS * MEMBERS);
    expect(looks).toBeLessThanOrEqual(6 * changes);
  });

  test("destroyed at once, every member is gone, with a few load balancer reads per change", async () => {
    await backend.resetCounters();
    const destroys = await Promise.all(stacks.map((stack) => stack.destroy({ parallel: 4 })));
    for (const destroy of destroys) {
      expect(destroy.summary.result).toBe("succeeded");
      expect(destroy.summary.resourceChanges).toEqual({ delete: MEMBERS + 1 });
    }
    expect(await backend.members()).toEqual([]);
    const { changes, looks, conflicts } = await changesAndLooks();
    console.log(`destroy: ${changes} changes applied, ${looks} load balancer reads, ${conflicts} x 409`);
    expect(looks).toBeLessThanOrEqual(6 * changes);
  });
});
