// The linux-amd64 archive's single executable (make plugin) serves a Pulumi YAML program on a
// machine without Node.js: the CLI and its YAML language host run with a PATH that holds those
// two and nothing else, so no node can be found, and the plugin still creates and deletes the
// members against the emulator.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { buildPlugin, PluginBuild } from "../../scripts/build-plugin";
import { toolchainDir } from "../../scripts/lib/toolchain";
import { launchOf } from "../../scripts/plugin/platforms";
import { EngineStack, resourcesOfType, teardown } from "./harness";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
const repoRoot = path.join(__dirname, "..", "..");
// Only a linux-amd64 machine builds (and can run) the single executable.
const describeHere = launchOf("linux-amd64") === "self-contained" ? describe : describe.skip;

describeHere("the self-contained plugin, with no node on PATH", () => {
  let plugin: PluginBuild;
  let emulator: Emulator;
  let engine: EngineStack | undefined;
  let noNodeRoot: string;

  beforeAll(async () => {
    plugin = buildPlugin();
    emulator = await startEmulator({ seed: demoSeed() });
    // bin/ with the CLI and the YAML language host alone, as links into the toolchain.
    noNodeRoot = fs.mkdtempSync(path.join(os.tmpdir(), "elb-no-node-"));
    fs.mkdirSync(path.join(noNodeRoot, "bin"));
    for (const tool of ["pulumi", "pulumi-language-yaml"]) {
      fs.symlinkSync(fs.realpathSync(path.join(toolchainDir(), "bin", tool)), path.join(noNodeRoot, "bin", tool));
    }
  });
  afterAll(() =>
    teardown(
      () => engine?.dispose(),
      () => emulator?.close(),
      () => fs.rmSync(noNodeRoot, { recursive: true, force: true }),
    ),
  );

  test("the archive's plugin is the single executable, and that PATH finds no node", () => {
    expect(fs.readdirSync(plugin.folder).sort()).toEqual(["THIRD-PARTY-NOTICES.txt", "pulumi-resource-elb"]);
    // An ELF executable, not a script for some interpreter.
    expect(fs.readFileSync(path.join(plugin.folder, "pulumi-resource-elb")).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    const PATH = path.join(noNodeRoot, "bin");
    expect(() => execFileSync("/bin/sh", ["-c", "command -v node"], { env: { PATH }, stdio: "pipe" })).toThrow();
    expect(execFileSync("/bin/sh", ["-c", "command -v pulumi"], { env: { PATH }, encoding: "utf8" }).trim()).toBe(path.join(PATH, "pulumi"));
  });

  test("examples/yaml: up creates the members through it, destroy removes them", async () => {
    const PATH = path.join(noNodeRoot, "bin");
    const config = { "elb:endpoint": emulator.url, "elb:auth": "none", poolId: POOL, subnetId: DEMO_IDS.subnetId };
    engine = await EngineStack.create({
      projectDir: path.join(repoRoot, "examples", "yaml"),
      pulumiRoot: noNodeRoot,
      env: { PATH },
      config: Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }])),
    });
    await engine.cli(["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball]);
    const up = await engine.up();
    expect(up.summary.resourceChanges?.create).toBe(3);
    const addresses = emulator
      .members(POOL)
      .map((m) => m.address)
      .sort();
    expect(addresses).toEqual(["192.168.0.11", "192.168.0.12"]);
    expect(resourcesOfType(await engine.exportState(), "elb:index:PoolMember")).toHaveLength(2);
    const destroy = await engine.destroy();
    expect(destroy.summary.resourceChanges?.delete).toBe(3);
    expect(emulator.members(POOL)).toEqual([]);
  });
});
