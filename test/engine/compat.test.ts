// The oldest @pulumi/pulumi the package's peer range admits (its lower bound, which set-up
// installs into the cache: scripts/compat-sdk.js) takes a PoolMember through create, a weight
// update, drift and destroy against the emulator. Everything Pulumi in this run is that old
// copy: the Automation API, the inline program's runtime, the engine's dynamic-provider host and
// the provider it deserializes; only the CLI is the pinned one. This package is a copy of the
// build (what `npm pack` ships, as scripts/install-local-package.js lays it out), as it sits in a
// user's node_modules.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { cacheDir } from "../../scripts/lib/toolchain";
import { Backend, startBackend } from "./backends";
import { EngineStack, resourcesOfType, stepsWithOp, teardown } from "./harness";
import { printedChanges } from "./printed-preview";

const { compatDir, compatSpec } = require("../../scripts/compat-sdk.js") as {
  compatSpec(): { pulumiVersion: string; dependencies: Record<string, string> };
  compatDir(cache: string): string;
};

jest.setTimeout(240_000);

const repo = path.resolve(__dirname, "..", "..");
const { pulumiVersion, dependencies } = compatSpec();
const compat = path.join(compatDir(cacheDir()), "node_modules");
const built = path.join(repo, "node_modules", "pulumi-elb-poolmember");
const MEMBER = "elb:PoolMember";

/**
 * A project's node_modules: @pulumi/pulumi and our runtime dependencies from the compat folder,
 * and a real copy of the built package (a link would resolve to the repo, whose node_modules
 * hold the newer @pulumi/pulumi).
 */
function projectModules(root: string): string {
  if (!fs.existsSync(path.join(compat, "@pulumi", "pulumi", "package.json"))) {
    throw new Error(`@pulumi/pulumi ${pulumiVersion} is not installed at ${compat}: run \`make setup\``);
  }
  if (!fs.existsSync(path.join(built, "dist", "sdk", "index.js"))) {
    throw new Error(`no built package at ${built}: run \`make build\``);
  }
  const modules = path.join(root, "node_modules");
  for (const name of Object.keys(dependencies)) {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(path.join(compat, name), path.join(modules, name), "dir");
  }
  fs.cpSync(built, path.join(modules, "pulumi-elb-poolmember"), { recursive: true });
  return modules;
}

/** Where the @pulumi/pulumi that code in `dir` requires really is, and its version. */
function pulumiSeenFrom(dir: string): { version: string; realPath: string } {
  const manifest = fs.realpathSync(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
  return { version: JSON.parse(fs.readFileSync(manifest, "utf8")).version, realPath: manifest };
}

describe(`PoolMember with the oldest supported @pulumi/pulumi (${pulumiVersion})`, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-compat-"));
  const insideCompat = (file: string) => file.startsWith(fs.realpathSync(compat) + path.sep);
  let modules: string;
  let backend: Backend;
  let engine: EngineStack;
  let weight = 1;
  const loadPackage = () => require(path.join(modules, "pulumi-elb-poolmember"));

  beforeAll(async () => {
    modules = projectModules(root);
    backend = await startBackend("emulator");
    engine = await EngineStack.create({
      projectName: "compat",
      pulumiPackage: path.join(compat, "@pulumi", "pulumi"),
      nodeModules: modules,
      program: async () => {
        const member = new (loadPackage().PoolMember)("web-1", {
          poolId: backend.poolId,
          subnetId: backend.subnetId,
          address: "10.0.0.21",
          protocolPort: 80,
          name: "web-1",
          weight,
        });
        return { memberId: member.id, weight: member.weight };
      },
      // The endpoint reaches the provider only through configure(): the old host must call it.
      config: backend.config,
    });
  });

  afterAll(() =>
    teardown(
      () => engine?.dispose(),
      () => backend?.close(),
      () => fs.rmSync(root, { recursive: true, force: true }),
    ),
  );

  test("the package, the program and the dynamic-provider host all get the old @pulumi/pulumi", () => {
    for (const from of [path.join(modules, "pulumi-elb-poolmember", "dist", "sdk"), engine.workDir]) {
      const seen = pulumiSeenFrom(from);
      expect(seen.version).toBe(pulumiVersion);
      expect(insideCompat(seen.realPath)).toBe(true);
    }
    // The engine's launcher starts the host the program folder resolves (scripts/setup.sh).
    expect(insideCompat(fs.realpathSync(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [engine.workDir] })))).toBe(true);
    const oldPulumi = require(path.join(compat, "@pulumi", "pulumi"));
    expect(loadPackage().PoolMember.prototype).toBeInstanceOf(oldPulumi.dynamic.Resource);
    expect(fs.lstatSync(path.join(modules, "pulumi-elb-poolmember")).isSymbolicLink()).toBe(false);
  });

  test("a strict TypeScript program type-checks against the old @pulumi/pulumi's declarations", () => {
    const file = path.join(root, "index.ts");
    fs.writeFileSync(
      file,
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import { getPoolMembersOutput, PoolMember, PoolMemberArgs } from "pulumi-elb-poolmember";',
        'const args: PoolMemberArgs = { poolId: "p", subnetId: "s", address: "10.0.0.1", protocolPort: 80, weight: 2, timeouts: { create: "5m" } };',
        'const member = new PoolMember("a", args, { protect: false });',
        "export const id: pulumi.Output<string> = member.id;",
        "export const weight: pulumi.Output<number> = member.weight;",
        "export const drained = getPoolMembersOutput({ poolId: member.poolId, weight: 0 });",
        'export const legacy = PoolMember.get("legacy", "p/10.0.0.2:80").address;',
      ].join("\n"),
    );
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: ["node"],
      typeRoots: [path.join(repo, "node_modules", "@types")],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    expect(problems).toEqual([]);
    const declarations = program.getSourceFiles().map((source) => source.fileName);
    expect(declarations.filter((name) => insideCompat(name) && name.endsWith(path.join("@pulumi", "pulumi", "dynamic", "index.d.ts")))).toHaveLength(1);
  });

  test("up creates the member; the engine, the state and the server agree", async () => {
    const preview = await engine.preview();
    expect(stepsWithOp(preview, "create").map((step) => step.type.endsWith(MEMBER))).toEqual([true]);
    const result = await engine.up();
    expect(result.summary.resourceChanges).toEqual({ create: 2 }); // the stack and the member
    const members = await backend.members();
    expect(members).toEqual([expect.objectContaining({ address: "10.0.0.21", protocol_port: 80, weight: 1, name: "web-1" })]);
    expect(result.outputs.memberId.value).toBe(members[0].id);
    const [state] = resourcesOfType(await engine.exportState(), MEMBER);
    expect(state.id).toBe(members[0].id);
    expect(state.outputs).toMatchObject({ weight: 1, address: "10.0.0.21", subnetId: backend.subnetId });
  });

  test("a weight change previews as an update of weight and is applied in place", async () => {
    const [before] = await backend.members();
    weight = 5;
    const preview = await engine.preview();
    expect(printedChanges(preview.stdout, "elb:PoolMember")).toEqual([{ name: "web-1", op: "update", changed: ["~ weight: 1 => 5"] }]);
    const result = await engine.up();
    expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(await backend.members()).toEqual([expect.objectContaining({ id: before.id, weight: 5 })]);
    expect(result.outputs.weight.value).toBe(5);
    const [state] = resourcesOfType(await engine.exportState(), MEMBER);
    expect(state).toMatchObject({ id: before.id, outputs: expect.objectContaining({ weight: 5 }) });
  });

  test("drift: refresh sees a weight changed outside Pulumi, and up puts it back", async () => {
    const [member] = await backend.members();
    await backend.outside.updateMember(member.id, { weight: 42 });
    const refresh = await engine.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(resourcesOfType(await engine.exportState(), MEMBER)[0].outputs).toMatchObject({ weight: 42 });
    // Before 3.216 the host drops the inputs read returns, so the preview cannot name the
    // property (changedInputs stays empty); the update itself is the same.
    expect(stepsWithOp(await engine.preview(), "update")).toHaveLength(1);
    const up = await engine.up();
    expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(await backend.members()).toEqual([expect.objectContaining({ id: member.id, weight: 5 })]);
  });

  test("destroy removes the member from the pool and the state", async () => {
    const result = await engine.destroy();
    expect(result.summary.resourceChanges).toEqual({ delete: 2 });
    expect(await backend.members()).toEqual([]);
    expect(resourcesOfType(await engine.exportState(), MEMBER)).toEqual([]);
  });
});
