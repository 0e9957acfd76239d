// A Python program, through Pulumi's own Python Automation API (the `pulumi` package from PyPI,
// pinned in scripts/python-sdk/requirements.txt; an inline program, so no language host), takes
// members of the plugin's type elb:index:PoolMember through up, a weight update and destroy
// against the emulator. Each step is one run of test/engine/python/plugin_members.py, which
// prints what the engine reported.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { buildPlugin } from "../../scripts/build-plugin";
import { toolchainDir } from "../../scripts/lib/toolchain";
import { pulumiPython } from "./toolchain";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
let emulator: Emulator;
let root: string;

function run(file: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(file)} ${args[0] ?? ""} failed: ${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

const dirs = () => ({ workDir: path.join(root, "program"), pulumiHome: path.join(root, "home"), backend: path.join(root, "state") });
const engineEnv = () => ({
  PULUMI_HOME: dirs().pulumiHome,
  PULUMI_CONFIG_PASSPHRASE: "python-test-passphrase",
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  PATH: `${path.join(toolchainDir(), "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
});

/** One step of the Python program; what the engine reported, as the script printed it. */
async function pythonStep(
  op: "up" | "preview" | "destroy",
  weight: number,
): Promise<{ changes: Record<string, number>; outputs?: Record<string, unknown>; stdout?: string; types: string[] }> {
  const step = {
    op,
    weight,
    poolId: POOL,
    subnetId: DEMO_IDS.subnetId,
    workDir: dirs().workDir,
    pulumiHome: dirs().pulumiHome,
    backendUrl: `file://${dirs().backend}?metadata=skip`,
    toolchain: toolchainDir(),
    env: engineEnv(),
    config: { "elb:endpoint": emulator.url, "elb:auth": "none" },
  };
  const stdout = await run(pulumiPython(), [path.join(__dirname, "python", "plugin_members.py"), JSON.stringify(step)], engineEnv());
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

beforeAll(async () => {
  const plugin = buildPlugin();
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 50 });
  root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-python-"));
  for (const dir of Object.values(dirs())) fs.mkdirSync(dir, { recursive: true });
  await run(
    path.join(toolchainDir(), "bin", "pulumi"),
    ["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball, "--non-interactive"],
    engineEnv(),
  );
});

afterAll(async () => {
  await emulator?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const weights = () =>
  emulator
    .members(POOL)
    .map((m) => `${m.address} w${m.weight}`)
    .sort();

test("up creates the members through the plugin", async () => {
  const up = await pythonStep("up", 1);
  expect(up.changes).toEqual({ create: 3 });
  expect(up.types).toEqual(expect.arrayContaining(["elb:index:PoolMember", "pulumi:providers:elb"]));
  expect(weights()).toEqual(["192.168.0.91 w1", "192.168.0.92 w1"]);
  expect((up.outputs!.ids as string[]).sort()).toEqual(
    emulator
      .members(POOL)
      .map((m) => m.id)
      .sort(),
  );
});

test("a weight change previews as weight alone and updates both in place", async () => {
  const preview = await pythonStep("preview", 4);
  expect(preview.changes).toEqual({ same: 1, update: 2 });
  expect(preview.stdout).toMatch(/~ weight *: *1 => 4/);
  const up = await pythonStep("up", 4);
  expect(up.changes).toEqual({ same: 1, update: 2 });
  expect(weights()).toEqual(["192.168.0.91 w4", "192.168.0.92 w4"]);
});

test("destroy removes them", async () => {
  const destroy = await pythonStep("destroy", 4);
  expect(destroy.changes).toEqual({ delete: 3 });
  expect(emulator.members(POOL)).toEqual([]);
});
