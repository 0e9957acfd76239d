// examples/adopt through the real CLI: the program a user copies takes over members made by hand
// and keeps their ids.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { exampleProgram } from "../../scripts/lib/examples";
import { EngineStack, resourcesOfType, teardown } from "./harness";

jest.setTimeout(300_000);

describe("examples/adopt on the emulator", () => {
  const POOL = DEMO_IDS.poolId;
  const SUBNET = DEMO_IDS.subnetId;
  const elbConfig = (emulator: Emulator) => ({ "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } });
  let emulator: Emulator;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ seed: demoSeed(), busyMs: 50 });
  });
  afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => emulator?.close()));

  function outsideMember(address: string, weight: number) {
    emulator.seed({ members: [{ poolId: POOL, address, protocolPort: 80, subnetId: SUBNET, name: "by-hand", weight }] });
    return emulator.members(POOL).find((m) => m.address === address)!;
  }

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
