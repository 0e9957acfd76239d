// A Python program written against the generated typed SDK (sdk/python, package pulumi_elb), run
// through Pulumi's own Python Automation API (the `pulumi` package from PyPI, pinned in
// scripts/python-sdk/requirements.txt; an inline program, so no language host), with the plugin
// built from this checkout. The SDK is pip-installed offline from sdk/python into a temp folder,
// so what is tested is what a user's `pip install` of it builds. The program takes members through
// up (one of them imported), a weight change, refresh and destroy, on two emulators: the stack's
// default provider and an explicit elb.Provider. Each step is one run of
// test/engine/python/sdk_members.py, which prints what the engine reported.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { memberMadeOutside } from "../../emulator/testing/members";
import { buildPlugin } from "../../scripts/build-plugin";
import { toolchainDir } from "../../scripts/lib/toolchain";
import { readPrintedPreview } from "./printed-preview";
import { pulumiPython } from "./toolchain";
import { runFile } from "./run-file";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const LEGACY = "192.168.0.94";
const TYPE = "elb:index:PoolMember";
let emulator: Emulator;
let second: Emulator;
let root: string;
let legacyId: string;

const dirs = () => ({
  workDir: path.join(root, "program"),
  pulumiHome: path.join(root, "home"),
  backend: path.join(root, "state"),
  site: path.join(root, "site"),
});
const engineEnv = () => ({
  PULUMI_HOME: dirs().pulumiHome,
  PULUMI_CONFIG_PASSPHRASE: "python-test-passphrase",
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  PATH: `${path.join(toolchainDir(), "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
});

interface Report {
  changes: Record<string, number>;
  /** The engine's step per resource name, from its resource-pre events. */
  ops: Record<string, string>;
  outputs?: Record<string, unknown>;
  stdout?: string;
  types: string[];
  /** customTimeouts as the engine recorded them in state (seconds), by resource name. */
  timeouts: Record<string, Record<string, number>>;
  /** Where the program imported pulumi_elb from. */
  sdk: string;
}

/** One step of the Python program; what the engine reported, as the script printed it. */
async function pythonStep(op: "up" | "preview" | "refresh" | "destroy", weight: number): Promise<Report> {
  const step = {
    op,
    weight,
    poolId: POOL,
    subnetId: SUBNET,
    legacyAddress: LEGACY,
    importId: `${POOL}/${legacyId}`,
    secondUrl: second.url,
    workDir: dirs().workDir,
    pulumiHome: dirs().pulumiHome,
    backendUrl: `file://${dirs().backend}?metadata=skip`,
    toolchain: toolchainDir(),
    env: engineEnv(),
    config: { "elb:endpoint": emulator.url, "elb:auth": "none" },
  };
  const { stdout } = await runFile(pulumiPython(), [path.join(__dirname, "python", "sdk_members.py"), JSON.stringify(step)], {
    env: { ...process.env, ...engineEnv(), PYTHONPATH: dirs().site },
  });
  const report = JSON.parse(stdout.trim().split("\n").pop()!) as Report;
  expect(report.sdk.startsWith(dirs().site + path.sep)).toBe(true);
  return report;
}

beforeAll(async () => {
  const plugin = buildPlugin();
  [emulator, second] = await Promise.all([startEmulator({ seed: demoSeed(), busyMs: 50 }), startEmulator({ seed: demoSeed(), busyMs: 50 })]);
  root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-python-"));
  for (const dir of Object.values(dirs())) fs.mkdirSync(dir, { recursive: true });
  // pip builds in the source folder (build/, *.egg-info), so it builds a copy, not the checkout.
  const source = path.join(root, "sdk-python");
  fs.cpSync(path.join(__dirname, "..", "..", "sdk", "python"), source, { recursive: true });
  await runFile(pulumiPython(), [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-deps",
    "--no-build-isolation",
    "--no-index",
    "--target",
    dirs().site,
    source,
  ]);
  await runFile(
    path.join(toolchainDir(), "bin", "pulumi"),
    ["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball, "--non-interactive"],
    { env: { ...process.env, ...engineEnv() } },
  );
  legacyId = await memberMadeOutside(emulator.url, POOL, { address: LEGACY, protocol_port: 80, subnet_id: SUBNET, name: "legacy", weight: 3 });
});

afterAll(async () => {
  await Promise.all([emulator?.close(), second?.close()]);
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const weights = (on: Emulator) =>
  on
    .members(POOL)
    .map((m) => `${m.address} w${m.weight}`)
    .sort();

test("up creates the members on both emulators and imports the one made outside", async () => {
  const up = await pythonStep("up", 1);
  expect(up.changes).toEqual({ create: 5, import: 1 });
  expect(up.ops).toMatchObject({ "py-1": "create", "py-2": "create", "py-remote": "create", second: "create", legacy: "import" });
  expect(up.types).toEqual(expect.arrayContaining([TYPE, "pulumi:providers:elb"]));
  expect(up.timeouts).toEqual({ "py-1": { create: 120 } });
  expect(weights(emulator)).toEqual(["192.168.0.91 w1", "192.168.0.92 w1", `${LEGACY} w3`]);
  expect(weights(second)).toEqual(["192.168.0.93 w1"]);
  // The imported member keeps the id it was made with; the plain invoke saw the pool before the
  // step, the Output one after it.
  expect(up.outputs!.ids).toEqual(expect.arrayContaining([legacyId]));
  expect((up.outputs!.ids as string[]).sort()).toEqual(emulator.members(POOL).map((m) => m.id));
  expect(up.outputs!.remoteId).toBe(second.members(POOL)[0].id);
  expect(up.outputs!.before).toEqual([`${LEGACY} w3`]);
  expect(up.outputs!.after).toEqual(["192.168.0.91 w1", "192.168.0.92 w1", `${LEGACY} w3`]);
});

test("a weight change previews as weight alone and updates in place on both emulators", async () => {
  const preview = await pythonStep("preview", 4);
  expect(preview.changes).toEqual({ same: 3, update: 3 });
  const printed = readPrintedPreview(preview.stdout!).steps.filter((step) => step.op !== "same");
  expect(printed.map(({ name, op, changed }) => ({ name, op, changed })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
    ["py-1", "py-2", "py-remote"].map((name) => ({ name, op: "update", changed: ["~ weight: 1 => 4"] })),
  );

  const up = await pythonStep("up", 4);
  expect(up.changes).toEqual({ same: 3, update: 3 });
  expect(up.ops).toMatchObject({ "py-1": "update", "py-2": "update", "py-remote": "update", legacy: "same", second: "same" });
  expect(weights(emulator)).toEqual(["192.168.0.91 w4", "192.168.0.92 w4", `${LEGACY} w3`]);
  expect(weights(second)).toEqual(["192.168.0.93 w4"]);
  expect(up.outputs!.before).toEqual(["192.168.0.91 w1", "192.168.0.92 w1", `${LEGACY} w3`]);
  expect(up.outputs!.after).toEqual(["192.168.0.91 w4", "192.168.0.92 w4", `${LEGACY} w3`]);
});

test("refresh reports nothing when nothing changed, and a weight changed outside Pulumi when one did", async () => {
  const quiet = await pythonStep("refresh", 4);
  expect(quiet.changes).toEqual({ same: 6 });

  // On the second emulator, so refresh goes through the explicit provider's endpoint.
  const remote = second.members(POOL)[0];
  const answer = await fetch(`${second.url}/v2.0/lbaas/pools/${POOL}/members/${remote.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { weight: 9 } }),
  });
  expect(answer.status).toBe(200);
  const refresh = await pythonStep("refresh", 4);
  expect(refresh.changes).toEqual({ same: 5, update: 1 });
  const preview = await pythonStep("preview", 4);
  expect(preview.changes).toEqual({ same: 5, update: 1 });
  expect(readPrintedPreview(preview.stdout!).steps.filter((step) => step.op !== "same")).toMatchObject([
    { name: "py-remote", op: "update", changed: ["~ weight: 9 => 4"] },
  ]);
});

test("destroy removes every member, the imported one too, from both emulators", async () => {
  const destroy = await pythonStep("destroy", 4);
  expect(destroy.changes).toEqual({ delete: 6 });
  expect(destroy.ops).toMatchObject({ "py-1": "delete", "py-2": "delete", "py-remote": "delete", legacy: "delete", second: "delete" });
  expect(emulator.members(POOL)).toEqual([]);
  expect(second.members(POOL)).toEqual([]);
});
