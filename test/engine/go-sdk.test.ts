// The typed Go SDK (sdk/go, from `make sdks`) through Pulumi's Go Automation API: an inline
// program (no Go language host) in test/engine/go declares members with elb.NewPoolMember and
// takes them through up, a weight change (preview, then up) and destroy against the emulator, via
// the resource plugin. Each step is one run of that program, which prints what the engine reported.
// The program is built offline from Go's caches, which `make setup-go-sdk` fills.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { buildPlugin } from "../../scripts/build-plugin";
import { toolchainDir } from "../../scripts/lib/toolchain";
import { runFile } from "./run-file";

// Building the program may compile Pulumi's Go SDK when Go's build cache lost it: minutes.
jest.setTimeout(900_000);

const POOL = DEMO_IDS.poolId;
const MODULE = path.join(__dirname, "go");
let emulator: Emulator;
let root: string;
let program: string;

const dirs = () => ({ workDir: path.join(root, "program"), pulumiHome: path.join(root, "home"), backend: path.join(root, "state") });
const engineEnv = () => ({
  PULUMI_HOME: dirs().pulumiHome,
  PULUMI_CONFIG_PASSPHRASE: "go-sdk-test-passphrase",
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  PATH: `${path.join(toolchainDir(), "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
});

/** Builds test/engine/go as the test must: offline, with go.mod and go.sum as committed. */
async function buildProgram(out: string): Promise<void> {
  const env = { GOPROXY: "off", GOFLAGS: "-mod=readonly -buildvcs=false", GOTOOLCHAIN: "local" };
  try {
    // The flags of scripts/setup-go-sdk.sh, so its build filled the cache this one reads.
    await runFile("go", ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-o", out, "."], { env: { ...process.env, ...env }, cwd: MODULE });
  } catch (error) {
    const message = (error as Error).message;
    const offline = /GOPROXY=off|missing go\.sum entry|cannot find module|ENOENT/.test(message);
    throw new Error(offline ? `cannot build test/engine/go offline: run \`make setup-go-sdk\` first\n${message}` : message);
  }
}

interface Report {
  changes: Record<string, number>;
  outputs?: { ids: string[]; membersBefore: number };
  stdout?: string;
  types: string[];
}

/** One step of the Go program; what the engine reported, as the program printed it. */
async function goStep(op: "up" | "preview" | "destroy", weight: number): Promise<Report> {
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
  const { stdout } = await runFile(program, [JSON.stringify(step)], { env: { ...process.env, ...engineEnv() } });
  try {
    return JSON.parse(stdout.trim().split("\n").pop()!);
  } catch {
    throw new Error(`the Go program printed no report:\n${stdout}`);
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-go-sdk-"));
  for (const dir of Object.values(dirs())) fs.mkdirSync(dir, { recursive: true });
  program = path.join(root, "elb-go-sdk-test");
  await buildProgram(program);
  const plugin = buildPlugin();
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 50 });
  await runFile(
    path.join(toolchainDir(), "bin", "pulumi"),
    ["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball, "--non-interactive"],
    { env: { ...process.env, ...engineEnv() } },
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

test("up creates the members through the typed SDK", async () => {
  const up = await goStep("up", 1);
  // The stack and the two members; the engine leaves the default provider out of the summary.
  expect(up.changes).toEqual({ create: 3 });
  expect(up.types).toEqual(["elb:index:PoolMember", "pulumi:providers:elb", "pulumi:pulumi:Stack"]);
  expect(weights()).toEqual(["192.168.0.81 w1", "192.168.0.82 w1"]);
  expect([...up.outputs!.ids].sort()).toEqual(
    emulator
      .members(POOL)
      .map((m) => m.id)
      .sort(),
  );
  // GetPoolMembers ran before the members were registered: the pool was empty.
  expect(up.outputs!.membersBefore).toBe(0);
});

test("a weight change previews as weight alone and updates both in place", async () => {
  const preview = await goStep("preview", 7);
  expect(preview.changes).toEqual({ same: 1, update: 2 });
  expect(preview.stdout).toMatch(/~ weight *: *1 => 7/);
  expect(weights()).toEqual(["192.168.0.81 w1", "192.168.0.82 w1"]);
  const up = await goStep("up", 7);
  expect(up.changes).toEqual({ same: 1, update: 2 });
  expect(weights()).toEqual(["192.168.0.81 w7", "192.168.0.82 w7"]);
  expect(up.outputs!.membersBefore).toBe(2);
});

test("destroy removes them", async () => {
  const destroy = await goStep("destroy", 7);
  expect(destroy.changes).toEqual({ delete: 3 });
  expect(destroy.types).toEqual([]);
  expect(emulator.members(POOL)).toEqual([]);
});
