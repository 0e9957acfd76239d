// The generated Node.js SDK (sdk/nodejs-generated, `make sdks`) as a user gets it: compiled with
// its own tsconfig into a package folder, then a program through the real CLI and the resource
// plugin declares members with its typed PoolMember and reads the pool with its getPoolMembers:
// up, a weight change that previews as weight alone, destroy.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { buildPlugin } from "../../scripts/build-plugin";
import { EngineStack, resourcesOfType, teardown } from "./harness";
import { printedChanges } from "./printed-preview";

jest.setTimeout(600_000);

const repo = path.join(__dirname, "..", "..");
const POOL = DEMO_IDS.poolId;
const TYPE = "elb:index:PoolMember";

let emulator: Emulator;
let engine: EngineStack;
let root: string;
let weight = 1;

/** Compiles sdk/nodejs-generated into <root>/node_modules/<its package name>, beside @pulumi/pulumi. */
function installGeneratedSdk(): string {
  const source = path.join(repo, "sdk", "nodejs-generated");
  const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
  const modules = path.join(root, "node_modules");
  const folder = path.join(modules, ...manifest.name.split("/"));
  fs.mkdirSync(folder, { recursive: true });
  execFileSync(process.execPath, [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", source, "--outDir", folder], { stdio: "pipe" });
  fs.copyFileSync(path.join(source, "package.json"), path.join(folder, "package.json"));
  // The SDK's one dependency, the same copy the Automation API runs the program with.
  fs.symlinkSync(path.join(repo, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
  return folder;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-nodejs-sdk-"));
  const plugin = buildPlugin();
  const elb = require(installGeneratedSdk());
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 50 });
  engine = await EngineStack.create({
    projectName: "nodejs-generated",
    program: async () => {
      const members = ["192.168.0.71", "192.168.0.72"].map(
        (address, i) =>
          new elb.PoolMember(`web-${i + 1}`, { poolId: POOL, subnetId: DEMO_IDS.subnetId, address, protocolPort: 80, name: `web-${i + 1}`, weight }),
      );
      const listed = elb.getPoolMembersOutput({ poolId: POOL }, { dependsOn: members });
      return { ids: members.map((m) => m.id), listed: listed.members.apply((found: Array<{ address: string }>) => found.map((m) => m.address).sort()) };
    },
    config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
  });
  await engine.cli(["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball]);
});

afterAll(() =>
  teardown(
    () => engine?.dispose(),
    () => emulator?.close(),
    () => root && fs.rmSync(root, { recursive: true, force: true }),
  ),
);

const weights = () =>
  emulator
    .members(POOL)
    .map((m) => `${m.address} ${m.weight}`)
    .sort();

test("up creates the members through the plugin; the typed lookup lists them", async () => {
  const up = await engine.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3 }); // the stack and two members; the default provider is not counted;
  expect(weights()).toEqual(["192.168.0.71 1", "192.168.0.72 1"]);
  expect(up.outputs.listed.value).toEqual(["192.168.0.71", "192.168.0.72"]);
  const state = await engine.exportState();
  expect(
    resourcesOfType(state, TYPE)
      .map((r) => r.id)
      .sort(),
  ).toEqual([...up.outputs.ids.value].sort());
  expect(state.map((r) => r.type)).toContain("pulumi:providers:elb");
});

test("a weight change previews as weight alone and updates both in place", async () => {
  weight = 6;
  const preview = await engine.preview();
  // The CLI prints the two steps in the order they finished.
  const printed = printedChanges(preview.stdout, "PoolMember").sort((a, b) => a.name.localeCompare(b.name));
  expect(printed).toEqual([
    { name: "web-1", op: "update", changed: ["~ weight: 1 => 6"] },
    { name: "web-2", op: "update", changed: ["~ weight: 1 => 6"] },
  ]);
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
  expect(weights()).toEqual(["192.168.0.71 6", "192.168.0.72 6"]);
});

test("destroy removes them", async () => {
  const destroy = await engine.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
  expect(emulator.members(POOL)).toEqual([]);
});
