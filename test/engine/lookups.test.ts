// Finding members and bringing existing ones under Pulumi, through the real CLI: lookups by id
// and by address:port, filters and paging, PoolMember.get with both id forms, adoption, and
// the duplicate error that explains it. The examples/adopt program runs here too.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { getPoolMember, getPoolMembers, PoolMember } from "pulumi-elb-poolmember";
import { exampleProgram } from "./examples";
import { EngineStack, resourcesOfType } from "./harness";

jest.setTimeout(300_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const elbConfig = (emulator: Emulator) => ({ "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } });

/** 250 members 10.0.x.y:8080 with weights 0..9 and names by tens, seeded straight into the emulator. */
function bigPool() {
  const seed = demoSeed();
  seed.subnets = [{ id: SUBNET, cidr: "10.0.0.0/16", vpcId: DEMO_IDS.vpcId }];
  seed.members = Array.from({ length: 250 }, (_, n) => ({
    poolId: POOL,
    address: `10.0.${Math.floor(n / 100)}.${(n % 100) + 1}`,
    protocolPort: 8080,
    subnetId: SUBNET,
    name: `group-${Math.floor(n / 10)}`,
    weight: n % 10,
  }));
  return seed;
}

describe("lookups in a program", () => {
  let emulator: Emulator;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ seed: bigPool() });
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.dispose();
    await emulator.close();
  });

  async function run(program: () => Promise<Record<string, unknown>>) {
    const stack = await EngineStack.create({ projectName: "lookups", program, config: elbConfig(emulator) });
    stacks.push(stack);
    return stack.up();
  }

  test("getPoolMember by id and by address:port; getPoolMembers with filters and paging over 250", async () => {
    const target = emulator.members(POOL).find((m) => m.address === "10.0.1.7")!;
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
    const lists = emulator.counters()["GET /v2.0/lbaas/pools/{pool_id}/members"];
    expect(lists["200"]).toBeGreaterThanOrEqual(3 + 3);
  });

  test("PoolMember.get accepts <poolId>/<memberId> and <poolId>/<address>:<port>", async () => {
    const target = emulator.members(POOL).find((m) => m.address === "10.0.2.3")!;
    const result = await run(async () => {
      const byId = PoolMember.get("by-id", `${POOL}/${target.id}`);
      const byAddress = PoolMember.get("by-address", `${POOL}/10.0.2.3:8080`);
      return { idWeight: byId.weight, addressId: byAddress.id, addressName: byAddress.name };
    });
    expect(result.outputs.idWeight.value).toBe(target.weight);
    expect(result.outputs.addressId.value).toBe(target.id);
    expect(result.outputs.addressName.value).toBe(target.name);
    expect(emulator.members(POOL)).toHaveLength(250);
  });
});

describe("adoption", () => {
  let emulator: Emulator;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ seed: demoSeed(), busyMs: 50 });
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.dispose();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  function outsideMember(address: string, weight: number) {
    emulator.seed({ members: [{ poolId: POOL, address, protocolPort: 80, subnetId: SUBNET, name: "by-hand", weight }] });
    return emulator.members(POOL).find((m) => m.address === address)!;
  }

  async function stackFor(spec: () => { adopt?: boolean; weight: number }) {
    const stack = await EngineStack.create({
      projectName: "adoption",
      config: elbConfig(emulator),
      program: async () => {
        const member = new PoolMember("web", { poolId: POOL, subnetId: SUBNET, address: "192.168.0.60", protocolPort: 80, name: "web", ...spec() });
        return { id: member.id };
      },
    });
    stacks.push(stack);
    return stack;
  }

  test("without adopt, an existing member is a duplicate and the error explains adopt", async () => {
    const existing = outsideMember("192.168.0.60", 4);
    const stack = await stackFor(() => ({ weight: 4 }));
    const failure = await stack.up().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toMatch(
      new RegExp(`member 192\\.168\\.0\\.60:80 already exists in pool ${POOL} \\(member id ${existing.id}\\).*adopt: true`),
    );
    expect(emulator.members(POOL)).toHaveLength(1);
  });

  test("with adopt, a member created outside is taken over, updated, then destroyed", async () => {
    const existing = outsideMember("192.168.0.60", 4);
    let weight = 9;
    let adopt = true;
    const stack = await stackFor(() => ({ adopt, weight }));
    const up = await stack.up();
    expect(up.outputs.id.value).toBe(existing.id);
    expect(emulator.members(POOL)).toMatchObject([{ id: existing.id, weight: 9, name: "web" }]);
    weight = 20;
    await stack.up();
    expect(emulator.members(POOL)).toMatchObject([{ id: existing.id, weight: 20 }]);
    // Once adopted, the flag can go: an update of state only, with no call to the API.
    adopt = false;
    emulator.resetCounters();
    const dropFlag = await stack.up();
    expect(dropFlag.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(Object.keys(emulator.counters()).filter((route) => !route.startsWith("GET"))).toEqual([]);
    expect(emulator.members(POOL)).toMatchObject([{ id: existing.id, weight: 20 }]);
    await stack.destroy();
    expect(emulator.members(POOL)).toEqual([]);
  });

  test("examples/adopt takes over the members it names and keeps their ids", async () => {
    const legacy = [outsideMember("192.168.0.21", 1), outsideMember("192.168.0.22", 2)];
    const stack = await EngineStack.create({
      projectName: "adopt",
      program: exampleProgram("adopt"),
      config: { ...elbConfig(emulator), "adopt:poolId": { value: POOL }, "adopt:subnetId": { value: SUBNET } },
    });
    stacks.push(stack);
    const up = await stack.up();
    expect(up.outputs.memberIds.value).toEqual(legacy.map((m) => m.id));
    // The lookup runs alongside the adoption, so only addresses and ids are certain.
    expect([...up.outputs.found.value].map((line: string) => line.replace(/ weight \d+$/, "")).sort()).toEqual([
      `192.168.0.21:80 ${legacy[0].id}`,
      `192.168.0.22:80 ${legacy[1].id}`,
    ]);
    const after = emulator.members(POOL).map((m) => [m.address, m.id, m.weight, m.name]);
    expect(after.sort()).toEqual([
      ["192.168.0.21", legacy[0].id, 10, "legacy-1"],
      ["192.168.0.22", legacy[1].id, 10, "legacy-2"],
    ]);
    expect(resourcesOfType(await stack.exportState(), "elb:PoolMember")).toHaveLength(2);
    await stack.destroy();
    expect(emulator.members(POOL)).toEqual([]);
  });
});
