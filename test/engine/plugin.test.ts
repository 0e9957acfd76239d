// The resource plugin pulumi-resource-elb through the real pulumi CLI, installed as a user would
// (`pulumi plugin install resource elb <version> --file <tarball>` from `make plugin`), driven by
// a program that declares elb:index:PoolMember without any SDK: preview, up, a weight change
// whose preview names only weight, a replacement, refresh after a change made outside,
// `pulumi import` by "<poolId>/<memberId>", customTimeouts, and destroy.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { buildPlugin, PluginBuild } from "../../scripts/build-plugin";
import { launchOf, PLATFORMS } from "../../scripts/plugin/platforms";
import { PluginPoolMember } from "./plugin-resource";
import { EngineStack, resourcesOfType, stepsWithOp, teardown } from "./harness";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const OTHER_SUBNET = "00000000-0000-4000-8000-0000000000b2";
const TYPE = "elb:index:PoolMember";

let emulator: Emulator;
let plugin: PluginBuild;
let engine: EngineStack;

interface MemberSpec {
  name: string;
  address: string;
  weight?: number;
  subnetId?: string;
  options?: pulumi.CustomResourceOptions;
}
let members: MemberSpec[] = [];

/** The program a YAML or Python user writes too: resources of the package's type, no SDK; a lookup through the engine's invoke once they exist. */
async function program() {
  const declared = members.map(
    (spec) =>
      new PluginPoolMember(
        spec.name,
        { poolId: POOL, subnetId: spec.subnetId ?? SUBNET, address: spec.address, protocolPort: 80, name: spec.name, weight: spec.weight ?? 1 },
        spec.options,
      ),
  );
  const listed = pulumi
    .all(declared.map((member) => member.id))
    .apply(async () => (await pulumi.runtime.invoke("elb:index:getPoolMembers", { poolId: POOL })).members as Array<{ address: string; id: string }>);
  return { ids: declared.map((member) => member.id), listed: listed.apply((found) => found.map((m) => `${m.address} ${m.id}`).sort()) };
}

beforeAll(async () => {
  plugin = buildPlugin();
  const seed = demoSeed();
  seed.subnets = [...seed.subnets!, { id: OTHER_SUBNET, name: "other", cidr: "192.168.0.0/24", vpcId: DEMO_IDS.vpcId }];
  emulator = await startEmulator({ seed, busyMs: 50 });
  engine = await EngineStack.create({
    projectName: "plugin",
    echo: process.env.ECHO ? (text) => process.stderr.write(text) : undefined,
    program,
    config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
  });
  await engine.cli(["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball]);
});

afterAll(() =>
  teardown(
    () => engine?.dispose(),
    () => emulator?.close(),
  ),
);

test("the CLI reads the plugin's package schema: package elb with PoolMember, the lookups and the provider's settings", async () => {
  const { stdout } = await engine.cli(["package", "get-schema", `${plugin.folder}/pulumi-resource-elb`]);
  const schema = JSON.parse(stdout);
  expect(schema).toMatchObject({ name: "elb", version: plugin.version });
  expect(Object.keys(schema.resources)).toEqual([TYPE]);
  expect(Object.keys(schema.functions).sort()).toEqual(["elb:index:getPoolMember", "elb:index:getPoolMembers"]);
  expect(schema.resources[TYPE].inputProperties.subnetId).toMatchObject({ type: "string", replaceOnChanges: true });
  expect(schema.provider.inputProperties.secretKey).toMatchObject({ type: "string", secret: true });
});

const weights = () =>
  emulator
    .members(POOL)
    .map((m) => `${m.address} ${m.weight}`)
    .sort();

test("up creates the members through the plugin; the state holds elb:index:PoolMember and the elb provider", async () => {
  members = [
    { name: "web-1", address: "192.168.0.61" },
    { name: "web-2", address: "192.168.0.62" },
  ];
  const up = await engine.up();
  expect(up.summary.resourceChanges?.create).toBe(3);
  expect(weights()).toEqual(["192.168.0.61 1", "192.168.0.62 1"]);
  const state = await engine.exportState();
  expect(
    resourcesOfType(state, TYPE)
      .map((r) => r.id)
      .sort(),
  ).toEqual(
    emulator
      .members(POOL)
      .map((m) => m.id)
      .sort(),
  );
  expect(state.map((r) => r.type)).toContain("pulumi:providers:elb");
  expect(state.map((r) => r.type)).not.toContain("pulumi:providers:pulumi-nodejs");
  // The engine's own owner bookkeeping stays out of state.
  expect(JSON.stringify(state)).not.toContain("__declaredBy");
  // The lookup went through the engine to the plugin's getPoolMembers.
  expect(up.outputs.listed.value).toEqual(
    emulator
      .members(POOL)
      .map((m) => `${m.address} ${m.id}`)
      .sort(),
  );
});

test("a weight change: the preview names only weight, nothing unknown; up updates in place", async () => {
  members = members.map((m) => ({ ...m, weight: 5 }));
  const preview = await engine.preview();
  const updates = stepsWithOp(preview, "update");
  expect(updates.map((step) => step.diffs)).toEqual([["weight"], ["weight"]]);
  expect(preview.stdout).toMatch(/~ weight *: *1 => 5/);
  expect(preview.stdout).not.toContain("unknown");
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
  expect(weights()).toEqual(["192.168.0.61 5", "192.168.0.62 5"]);
});

test("a subnetId change replaces the member, deleting first (same pool, address and port)", async () => {
  members = members.map((m) => (m.name === "web-2" ? { ...m, subnetId: OTHER_SUBNET } : m));
  const before = emulator.members(POOL).find((m) => m.address === "192.168.0.62")!.id;
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
  const after = emulator.members(POOL).find((m) => m.address === "192.168.0.62")!;
  expect(after.id).not.toBe(before);
  expect(after.subnet_id).toBe(OTHER_SUBNET);
});

test("refresh brings in a weight changed outside Pulumi", async () => {
  const member = emulator.members(POOL).find((m) => m.address === "192.168.0.61")!;
  const answer = await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members/${member.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { weight: 42 } }),
  });
  expect(answer.status).toBe(200);
  await engine.refresh();
  const state = await engine.exportState();
  expect(resourcesOfType(state, TYPE).find((r) => r.id === member.id)?.outputs).toMatchObject({ weight: 42 });
});

test("import by <poolId>/<memberId> brings an existing member in; the next preview shows no change", async () => {
  const created = await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { address: "192.168.0.63", protocol_port: 80, subnet_id: SUBNET, name: "legacy", weight: 3 } }),
  });
  expect(created.status).toBe(201);
  const { member } = (await created.json()) as { member: { id: string } };
  // The engine's import step (as `pulumi import` takes it): Read with the id alone, then the
  // program's inputs checked against what was read. web-1 is declared as refresh found it.
  members = [
    ...members.map((m) => (m.name === "web-1" ? { ...m, weight: 42 } : m)),
    { name: "legacy", address: "192.168.0.63", weight: 3, options: { import: `${POOL}/${member.id}` } },
  ];
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ import: 1 });
  const imported = resourcesOfType(await engine.exportState(), TYPE).find((r) => r.id === member.id);
  expect(imported?.inputs).toMatchObject({ poolId: POOL, address: "192.168.0.63", protocolPort: 80, subnetId: SUBNET, name: "legacy", weight: 3 });
  members = members.map((m) => (m.name === "legacy" ? { ...m, options: undefined } : m));
  const preview = await engine.preview();
  expect(preview.changeSummary).toEqual({ same: 4 });
});

test("import by <poolId>/<address>:<port> finds the member by its address", async () => {
  const created = await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { address: "192.168.0.65", protocol_port: 80, subnet_id: SUBNET, name: "by-address", weight: 1 } }),
  });
  const { member } = (await created.json()) as { member: { id: string } };
  members = [...members, { name: "by-address", address: "192.168.0.65", options: { import: `${POOL}/192.168.0.65:80` } }];
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ import: 1 });
  // Recorded under the member id the load balancer gave it, so later calls address it directly.
  expect(resourcesOfType(await engine.exportState(), TYPE).find((r) => r.urn.endsWith("::by-address"))?.id).toBe(member.id);
  members = members.map((m) => (m.name === "by-address" ? { ...m, options: undefined } : m));
});

test("import of a malformed id says it is malformed, naming the part, before the member is looked for", async () => {
  // The engine's import step, as `pulumi import elb:index:PoolMember typo <id>` takes it (the
  // command itself also needs the project's language host, which an inline program has not).
  const declared = members;
  members = [...declared, { name: "typo", address: "192.168.0.66", options: { import: `${POOL}/not-a-uuid` } }];
  emulator.resetCounters();
  try {
    const failure = await engine.preview().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(`the id "${POOL}/not-a-uuid" is malformed: its member id must be a UUID in lowercase, such as `);
    expect(message).toContain('an id is "<poolId>/<memberId>" or "<poolId>/<address>:<port>"');
    expect(message).not.toContain("does not exist");
  } finally {
    members = declared;
  }
  // Refused before any call for it: the load balancer was never asked for a member by id.
  expect(emulator.counters()["GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}"]).toBeUndefined();
  expect(resourcesOfType(await engine.exportState(), TYPE).map((r) => r.urn)).not.toContainEqual(expect.stringMatching(/::typo$/));
});

test("preview refuses a subnetId that is not a UUID, naming the property", async () => {
  const declared = members;
  members = [...declared, { name: "typo", address: "192.168.0.66", subnetId: "abc" }];
  try {
    const failure = await engine.preview().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /subnetId.*must be a UUID in lowercase, such as [0-9a-f-]{36} \(hexadecimal digits in groups of 8-4-4-4-12\), got "abc"/,
    );
  } finally {
    members = declared;
  }
  expect(emulator.members(POOL).map((m) => m.address)).not.toContain("192.168.0.66");
});

test("the sh launcher (the archives that need Node.js) refuses a Node.js older than 22, or none, saying so", async () => {
  const launcherPlatform = PLATFORMS.find((platform) => launchOf(platform) === "sh")!;
  const run = (PATH: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(path.join(plugin.folders[launcherPlatform], "pulumi-resource-elb"), [], { env: { PATH } }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
      ),
    );
  const fakeBin = fs.mkdtempSync(path.join(os.tmpdir(), "elb-old-node-"));
  const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "elb-no-node-"));
  fs.writeFileSync(path.join(fakeBin, "node"), '#!/bin/sh\nif [ "$1" = "-p" ]; then echo 18; else echo v18.20.0; fi\n', { mode: 0o755 });
  const old = await run(`${fakeBin}:/usr/bin:/bin`);
  const none = await run(emptyBin);
  fs.rmSync(fakeBin, { recursive: true, force: true });
  fs.rmSync(emptyBin, { recursive: true, force: true });
  expect(old.code).toBe(1);
  expect(old.stderr).toContain("pulumi-resource-elb needs Node.js 22 or newer on PATH, and found v18.20.0");
  expect(none.code).toBe(1);
  expect(none.stderr).toContain("pulumi-resource-elb needs Node.js 22 or newer on PATH, and found no node");
});

test("customTimeouts.create bounds a create whose load balancer never becomes ACTIVE", async () => {
  emulator.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "PENDING_UPDATE");
  members = [...members, { name: "stuck", address: "192.168.0.64", options: { customTimeouts: { create: "2s" } } }];
  let failed: Error | undefined;
  try {
    failed = await engine.up().then(
      () => undefined,
      (error: Error) => error,
    );
  } finally {
    emulator.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "ACTIVE");
    members = members.filter((m) => m.name !== "stuck");
  }
  // The deadline came from customTimeouts (2 s), not timeouts or the 10-minute default.
  expect(failed?.message).toContain("did not finish before its deadline (customTimeouts.create 2s; last seen: load balancer");
  expect(emulator.members(POOL).map((m) => m.address)).not.toContain("192.168.0.64");
});

test("destroy removes every member", async () => {
  const destroy = await engine.destroy();
  expect(destroy.summary.resourceChanges?.delete).toBe(5);
  expect(emulator.members(POOL)).toEqual([]);
});
