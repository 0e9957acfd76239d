// The resource plugin on a dedicated load balancer (the ELB v3 API), through the real pulumi CLI:
// an explicit elb provider with loadBalancerType "dedicated" beside the default one on the
// shared ELB, an IP-as-a-backend member and an IPv6 member, v3's outputs in state, a weight
// change whose preview names only weight (also after a refresh brought v3's outputs in again),
// an import of an IPv6 member by <poolId>/<address>:<port>, and destroy.
import * as pulumi from "@pulumi/pulumi";
import { demoSeed, DEMO_IDS, Emulator, startEmulator, type DedicatedMember } from "../../emulator";
import { buildPlugin, PluginBuild } from "../../scripts/build-plugin";
import { PluginPoolMember } from "./plugin-resource";
import { EngineStack, resourcesOfType, stepsWithOp, teardown } from "./harness";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.dedicatedPoolId;
const TYPE = "elb:index:PoolMember";

let emulator: Emulator;
let plugin: PluginBuild;
let engine: EngineStack;

interface MemberSpec {
  name: string;
  address: string;
  subnetId?: string;
  weight?: number;
  options?: pulumi.CustomResourceOptions;
}
let members: MemberSpec[] = [];

/** An explicit provider of the package, declared as any language does without a generated SDK. */
class ElbProvider extends pulumi.ProviderResource {
  constructor(name: string, args: pulumi.Inputs) {
    super("elb", name, args);
  }
}

async function program() {
  const dedicated = new ElbProvider("dedicated", {
    endpoint: emulator.url,
    auth: "none",
    loadBalancerType: "dedicated",
    projectId: emulator.projectId,
  });
  const declared = members.map(
    (spec) =>
      new PluginPoolMember(
        spec.name,
        { poolId: POOL, subnetId: spec.subnetId, address: spec.address, protocolPort: 80, name: spec.name, weight: spec.weight ?? 1 },
        { ...spec.options, provider: dedicated },
      ),
  );
  return { ids: declared.map((member) => member.id) };
}

const v3Members = () => emulator.members<DedicatedMember>(POOL);
const stateOf = async (name: string) => resourcesOfType(await engine.exportState(), TYPE).find((r) => r.urn.endsWith(`::${name}`))!;

beforeAll(async () => {
  plugin = buildPlugin();
  emulator = await startEmulator({ seed: demoSeed() });
  engine = await EngineStack.create({
    projectName: "plugin-dedicated",
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

test("up through an explicit dedicated provider: an IP member and an IPv6 member, v3's outputs in state", async () => {
  members = [
    { name: "ip", address: "172.16.5.9" },
    { name: "v6", address: "2001:db8:a::21", subnetId: DEMO_IDS.ipv6SubnetId },
  ];
  const up = await engine.up();
  expect(up.summary.resourceChanges?.create).toBe(4);
  expect(
    v3Members()
      .map((m) => [m.address, m.member_type, m.ip_version])
      .sort(),
  ).toEqual([
    ["172.16.5.9", "ip", "v4"],
    ["2001:db8:a::21", "instance", "v6"],
  ]);
  expect((await stateOf("ip")).outputs).toMatchObject({ memberType: "ip", ipVersion: "v4" });
  expect((await stateOf("ip")).outputs).not.toHaveProperty("subnetId");
  expect((await stateOf("v6")).outputs).toMatchObject({ subnetId: DEMO_IDS.ipv6SubnetId, memberType: "instance", ipVersion: "v6" });
  expect(emulator.members(DEMO_IDS.poolId)).toEqual([]);
});

test("a weight change previews as weight alone, also after a refresh, and updates in place", async () => {
  const outside = v3Members().find((m) => m.address === "172.16.5.9")!;
  const answer = await fetch(`${emulator.url}/v3/${emulator.projectId}/elb/pools/${POOL}/members/${outside.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { weight: 42 } }),
  });
  expect(answer.status).toBe(200);
  await engine.refresh();
  expect((await stateOf("ip")).outputs).toMatchObject({ weight: 42, memberType: "ip" });
  const preview = await engine.preview();
  expect(stepsWithOp(preview, "update").map((step) => step.diffs)).toEqual([["weight"]]);
  expect(preview.stdout).toMatch(/~ weight *: *42 => 1/);
  expect(preview.stdout).not.toMatch(/[-~] (memberType|ipVersion|instanceId)/);
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
  expect(v3Members().find((m) => m.address === "172.16.5.9")).toMatchObject({ id: outside.id, weight: 1 });
  expect((await stateOf("ip")).outputs).toMatchObject({ weight: 1, memberType: "ip", ipVersion: "v4" });
});

test("import of an IPv6 member by <poolId>/<address>:<port>; the next preview shows no change", async () => {
  const created = await fetch(`${emulator.url}/v3/${emulator.projectId}/elb/pools/${POOL}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { address: "2001:db8:a::30", protocol_port: 80, subnet_cidr_id: DEMO_IDS.ipv6SubnetId, name: "legacy", weight: 1 } }),
  });
  expect(created.status).toBe(201);
  const { member } = (await created.json()) as { member: { id: string } };
  members = [...members, { name: "legacy", address: "2001:db8:a::30", subnetId: DEMO_IDS.ipv6SubnetId, options: { import: `${POOL}/2001:db8:a::30:80` } }];
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ import: 1 });
  expect((await stateOf("legacy")).id).toBe(member.id);
  members = members.map((m) => (m.name === "legacy" ? { ...m, options: undefined } : m));
  expect((await engine.preview()).changeSummary).toEqual({ same: 5 });
});

test("destroy removes every member", async () => {
  const result = await engine.destroy();
  expect(result.summary.resourceChanges?.delete).toBe(5);
  expect(v3Members()).toEqual([]);
});
