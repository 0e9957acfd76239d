// Finding members and bringing existing ones under Pulumi, through the real CLI, on every backend:
// lookups by id and by address:port, filters and paging, PoolMember.get with both id forms
// (adoption is in pool-member.test.ts, examples/adopt in adopt-example.test.ts).
import { getPoolMember, getPoolMembers, PoolMember } from "pulumi-elb-poolmember";
import { Backend, MemberSeed, selectedBackends, startBackend } from "./backends";
import { EngineStack, teardown } from "./harness";

jest.setTimeout(300_000);

/** 250 members 10.0.x.y:8080 with weights 0..9 and names by tens. */
const BIG_POOL: MemberSeed[] = Array.from({ length: 250 }, (_, n) => ({
  address: `10.0.${Math.floor(n / 100)}.${(n % 100) + 1}`,
  protocolPort: 8080,
  name: `group-${Math.floor(n / 10)}`,
  weight: n % 10,
}));

describe.each(selectedBackends())("lookups in a program on %s", (backendName) => {
  let backend: Backend;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    backend = await startBackend(backendName);
    await backend.seedMembers(BIG_POOL);
  });
  afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => backend?.close()));

  async function run(program: () => Promise<Record<string, unknown>>) {
    const stack = await EngineStack.create({ projectName: "lookups", program, config: backend.config });
    stacks.push(stack);
    return stack.up();
  }

  test("getPoolMember by id and by address:port; getPoolMembers with filters and paging over 250", async () => {
    const POOL = backend.poolId;
    const target = (await backend.members()).find((m) => m.address === "10.0.1.7")!;
    await backend.resetCounters();
    const result = await run(async () => {
      const byId = await getPoolMember({ poolId: POOL, memberId: target.id });
      const byAddress = await getPoolMember({ poolId: POOL, address: "10.0.1.7", protocolPort: 8080 });
      const all = await getPoolMembers({ poolId: POOL, pageSize: 100 });
      const weightThree = await getPoolMembers({ poolId: POOL, weight: 3 });
      const named = await getPoolMembers({ poolId: POOL, name: "group-7", weight: 5 });
      return {
        byId: byId.address,
        byAddress: byAddress.id,
        allCount: all.length,
        allDistinct: new Set(all.map((m) => m.id)).size,
        weightThree: weightThree.length,
        named: named.map((m) => `${m.address}:${m.protocolPort}`),
      };
    });
    expect(result.outputs.byId.value).toBe("10.0.1.7");
    expect(result.outputs.byAddress.value).toBe(target.id);
    expect(result.outputs.allCount.value).toBe(250);
    expect(result.outputs.allDistinct.value).toBe(250);
    expect(result.outputs.weightThree.value).toBe(25);
    expect(result.outputs.named.value).toEqual(["10.0.0.76:8080"]);
    // Paging really happened: 250 members at 100 a page is three calls for that lookup.
    const lists = (await backend.counters())["GET pools/{id}/members"];
    expect(lists["200"]).toBeGreaterThanOrEqual(3 + 3);
  });

  test("PoolMember.get accepts <poolId>/<memberId> and <poolId>/<address>:<port>", async () => {
    const POOL = backend.poolId;
    const target = (await backend.members()).find((m) => m.address === "10.0.2.3")!;
    const result = await run(async () => {
      const byId = PoolMember.get("by-id", `${POOL}/${target.id}`);
      const byAddress = PoolMember.get("by-address", `${POOL}/10.0.2.3:8080`);
      return { idWeight: byId.weight, addressId: byAddress.id, addressName: byAddress.name };
    });
    expect(result.outputs.idWeight.value).toBe(target.weight);
    expect(result.outputs.addressId.value).toBe(target.id);
    expect(result.outputs.addressName.value).toBe(target.name);
    expect(await backend.members()).toHaveLength(250);
  });
});
