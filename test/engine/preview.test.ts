// examples/basic through the real CLI: `pulumi preview --diff` shows only what will change. The
// assertions read what the CLI printed and the states the engine reported at preview: a weight
// change marks the weight alone, a replacement the subnet alone, no value is unknown except the
// new members' ids, and no property seems to vanish.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { exampleProgram } from "../../scripts/lib/examples";
import { EngineStack, OperationLog, resourcesOfType, teardown } from "./harness";
import { readPrintedPreview } from "./printed-preview";

jest.setTimeout(300_000);

const OTHER_SUBNET = "00000000-0000-4000-8000-0000000000b2";
const NAMES = ["web-1", "web-2", "web-3"];
/** What examples/basic sets or the API holds; adopt and timeouts are left at their defaults, so they print no line. */
const CONFIGURATION = ["address", "adminStateUp", "name", "poolId", "protocolPort", "subnetId", "weight"];

/** Each PoolMember step's expected state against its old one, as the engine reported them: the keys that differ. */
function changedStateKeys(log: OperationLog): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const step of log.steps.filter((s) => s.type.endsWith("elb:PoolMember") && s.op !== "same")) {
    const before = step.old?.outputs ?? {};
    const after = step.new?.outputs ?? {};
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    keys.delete("__provider");
    const name = step.urn.split("::").pop()!;
    result[`${name} ${step.op}`] = [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
  }
  return result;
}

describe("examples/basic previews only real changes", () => {
  let emulator: Emulator;
  let engine: EngineStack;

  beforeAll(async () => {
    const seed = demoSeed();
    seed.subnets = [...(seed.subnets ?? []), { id: OTHER_SUBNET, name: "other", cidr: "192.168.0.0/24", vpcId: DEMO_IDS.vpcId }];
    emulator = await startEmulator({ seed, busyMs: 20 });
    engine = await EngineStack.create({
      projectName: "basic",
      program: exampleProgram("basic"),
      config: {
        "elb:endpoint": { value: emulator.url },
        "elb:auth": { value: "none" },
        "basic:poolId": { value: DEMO_IDS.poolId },
        "basic:subnetId": { value: DEMO_IDS.subnetId },
      },
    });
    await engine.up();
  });

  afterAll(() =>
    teardown(
      () => engine?.dispose(),
      () => emulator?.close(),
    ),
  );

  test("a weight change: each member marks `~ weight` and nothing else, and nothing is unknown", async () => {
    await engine.stack.setConfig("basic:weight", { value: "5" });
    const preview = await engine.preview();
    const printed = readPrintedPreview(preview.stdout);
    const members = printed.steps.filter((step) => step.type.endsWith("elb:PoolMember"));
    expect(members.map((m) => m.name).sort()).toEqual(NAMES);
    for (const member of members) expect(member).toMatchObject({ op: "update", changed: ["~ weight: 1 => 5"], properties: CONFIGURATION });
    expect(printed.unknowns).toEqual([]);
    expect(printed.outputs).toEqual([]);
    expect(changedStateKeys(preview)).toEqual(Object.fromEntries(NAMES.map((name) => [`${name} update`, ["weight"]])));
    await engine.up();
  });

  test("a replacement: each member marks `~ subnetId` alone; only the new members' ids are unknown", async () => {
    const oldIds = new Map(resourcesOfType(await engine.exportState(), "elb:PoolMember").map((r) => [r.urn.split("::").pop()!, r.id!]));
    await engine.stack.setConfig("basic:subnetId", { value: OTHER_SUBNET });
    const preview = await engine.preview();
    const printed = readPrintedPreview(preview.stdout);
    const members = printed.steps.filter((step) => step.type.endsWith("elb:PoolMember"));
    expect(members.map((m) => m.name).sort()).toEqual(NAMES);
    for (const member of members) {
      expect(member).toMatchObject({ op: "replace", changed: [`~ subnetId: "${DEMO_IDS.subnetId}" => "${OTHER_SUBNET}"`], properties: CONFIGURATION });
    }
    // A member that does not exist yet has no id: the one unknown a replacement truly has.
    const idLines = NAMES.map((name, index) => `~ [${index}]: "${oldIds.get(name)}" => [unknown]`);
    expect(printed.outputs).toEqual(["~ memberIds: [", ...idLines]);
    expect(printed.unknowns).toHaveLength(3);
    expect(printed.unknowns.every((line) => printed.outputs.includes(line))).toBe(true);
    // The engine's own view: each new member's expected state differs from the old in subnetId only.
    const created = Object.entries(changedStateKeys(preview)).filter(([step]) => step.endsWith(" create-replacement"));
    expect(created.map(([step]) => step.split(" ")[0]).sort()).toEqual(NAMES);
    for (const [step, keys] of created) expect({ step, keys }).toEqual({ step, keys: ["subnetId"] });
  });
});
