// Pulumi YAML programs through the resource plugin, with the real CLI and the YAML language host
// that set-up builds (pulumi-language-yaml): examples/yaml through preview, up, a weight change
// whose printed preview is `~ weight` alone, a replacement, refresh after a change made outside,
// `pulumi import` of an existing member that the program then declares with no change, and
// destroy; two explicit elb providers, one per emulator, in one program; and the YAML example of
// docs/_index.md, its lookup included.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { buildPlugin, PluginBuild } from "../../scripts/build-plugin";
import { codeBlocksOf } from "../../scripts/lib/markdown";
import { EngineStack, resourcesOfType, stepsWithOp, teardown } from "./harness";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const TYPE = "elb:index:PoolMember";
const repoRoot = path.join(__dirname, "..", "..");

let plugin: PluginBuild;
let emulator: Emulator;
let second: Emulator;
const stacks: EngineStack[] = [];

beforeAll(async () => {
  plugin = buildPlugin();
  [emulator, second] = await Promise.all([startEmulator({ seed: demoSeed(), busyMs: 50 }), startEmulator({ seed: demoSeed() })]);
});
afterAll(() =>
  teardown(
    ...stacks.map((stack) => () => stack.dispose()),
    () => emulator?.close(),
    () => second?.close(),
  ),
);

async function yamlStack(projectDir: string, config: Record<string, string>): Promise<EngineStack> {
  const engine = await EngineStack.create({ projectDir, config: Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }])) });
  stacks.push(engine);
  await engine.cli(["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball]);
  return engine;
}

const members = (server: Emulator) =>
  server
    .members(POOL)
    .map((m) => `${m.address} w${m.weight}`)
    .sort();

describe("examples/yaml", () => {
  let engine: EngineStack;

  test("preview then up creates both members", async () => {
    engine = await yamlStack(path.join(repoRoot, "examples", "yaml"), {
      "elb:endpoint": emulator.url,
      "elb:auth": "none",
      poolId: POOL,
      subnetId: SUBNET,
    });
    const preview = await engine.preview();
    expect(preview.changeSummary).toMatchObject({ create: 3 });
    const up = await engine.up();
    expect(up.summary.resourceChanges?.create).toBe(3);
    expect(members(emulator)).toEqual(["192.168.0.11 w1", "192.168.0.12 w1"]);
    expect(up.outputs.web1Id.value).toBe(emulator.members(POOL).find((m) => m.address === "192.168.0.11")!.id);
  });

  test("a weight change previews as `~ weight: 1 => 5` per member and nothing else, and updates in place", async () => {
    await engine.stack.setConfig("weight", { value: "5" });
    const preview = await engine.preview();
    expect(stepsWithOp(preview, "update").map((step) => step.diffs)).toEqual([["weight"], ["weight"]]);
    const changed = preview.stdout.split("\n").filter((line) => /^\s*[~+-] (?!elb:|\d+ to )/.test(line));
    expect(changed.map((line) => line.trim().replace(/\s+/g, " "))).toEqual(["~ weight: 1 => 5", "~ weight: 1 => 5"]);
    expect(preview.stdout).not.toContain("unknown");
    await engine.up();
    expect(members(emulator)).toEqual(["192.168.0.11 w5", "192.168.0.12 w5"]);
  });

  test("a new address replaces web-2", async () => {
    await engine.stack.setConfig("web2Address", { value: "192.168.0.13" });
    const up = await engine.up();
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(members(emulator)).toEqual(["192.168.0.11 w5", "192.168.0.13 w5"]);
  });

  test("refresh takes in a weight changed outside Pulumi; the next up puts it back", async () => {
    const web1 = emulator.members(POOL).find((m) => m.address === "192.168.0.11")!;
    const answer = await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members/${web1.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ member: { weight: 42 } }),
    });
    expect(answer.status).toBe(200);
    await engine.refresh();
    expect(resourcesOfType(await engine.exportState(), TYPE).find((r) => r.id === web1.id)?.outputs).toMatchObject({ weight: 42 });
    const preview = await engine.preview();
    expect(preview.stdout).toMatch(/~ weight *: *42 => 5/);
    await engine.up();
    expect(members(emulator)).toEqual(["192.168.0.11 w5", "192.168.0.13 w5"]);
  });

  test("pulumi import brings in an existing member; once the program declares it, the preview shows no change", async () => {
    const created = await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ member: { address: "192.168.0.14", protocol_port: 80, subnet_id: SUBNET, name: "legacy", weight: 3 } }),
    });
    expect(created.status).toBe(201);
    const { member } = (await created.json()) as { member: { id: string } };
    const imported = await engine.cli(["import", TYPE, "legacy", `${POOL}/${member.id}`, "--yes", "--protect=false", "--stack", "test"]);
    // The CLI prints the YAML to declare it with, from what the plugin read.
    expect(imported.stdout).toMatch(/legacy:\s+type: elb:(index:)?PoolMember/);
    expect(imported.stdout).toContain("address: 192.168.0.14");
    const state = resourcesOfType(await engine.exportState(), TYPE).find((r) => r.id === member.id);
    expect(state?.inputs).toMatchObject({ poolId: POOL, address: "192.168.0.14", protocolPort: 80, subnetId: SUBNET, name: "legacy", weight: 3 });

    const program = path.join(engine.workDir, "Pulumi.yaml");
    const declaration = [
      "  legacy:",
      "    type: elb:index:PoolMember",
      "    properties:",
      "      poolId: ${poolId}",
      "      subnetId: ${subnetId}",
      "      address: 192.168.0.14",
      "      protocolPort: 80",
      "      name: legacy",
      "      weight: 3",
    ].join("\n");
    fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace("resources:\n", `resources:\n${declaration}\n`));
    const preview = await engine.preview();
    expect(preview.changeSummary).toEqual({ same: 4 });
  });

  test("destroy removes every member", async () => {
    const destroy = await engine.destroy();
    expect(destroy.summary.resourceChanges?.delete).toBe(4);
    expect(emulator.members(POOL)).toEqual([]);
  });
});

test("two explicit elb providers in one YAML program, each with its own endpoint", async () => {
  const engine = await yamlStack(path.join(__dirname, "fixtures", "yaml-two-providers"), {
    firstEndpoint: emulator.url,
    secondEndpoint: second.url,
    poolId: POOL,
    subnetId: SUBNET,
  });
  const up = await engine.up();
  expect(up.summary.resourceChanges?.create).toBe(5);
  expect(emulator.members(POOL).map((m) => m.address)).toEqual(["192.168.0.71"]);
  expect(second.members(POOL).map((m) => m.address)).toEqual(["192.168.0.72"]);
  expect(up.outputs.secondId.value).toBe(second.members(POOL)[0].id);
  await engine.destroy();
  expect(emulator.members(POOL)).toEqual([]);
  expect(second.members(POOL)).toEqual([]);
});

test("the YAML example in docs/_index.md: up makes the member, and the lookup that takes its pool id from it finds it", async () => {
  const [program] = codeBlocksOf(path.join(repoRoot, "docs", "_index.md"), "yaml");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-docs-yaml-"));
  try {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program);
    const engine = await yamlStack(dir, { "elb:endpoint": emulator.url, "elb:auth": "none", poolId: POOL, subnetId: SUBNET });
    const up = await engine.up();
    const [member] = emulator.members(POOL);
    expect(emulator.members(POOL)).toHaveLength(1);
    expect(member).toMatchObject({ address: "192.168.0.11", weight: 10 });
    expect(up.outputs.memberId.value).toBe(member.id);
    const found = up.outputs.members.value as Array<{ id: string; address: string; operatingStatus: string }>;
    expect(found.map((m) => [m.id, m.address, m.operatingStatus])).toEqual([[member.id, "192.168.0.11", "NO_MONITOR"]]);
    await engine.destroy();
    expect(emulator.members(POOL)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
