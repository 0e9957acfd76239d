// PoolMember through the real pulumi CLI against the emulator: every step does what its preview
// said, and the emulator's state is the proof.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { callsWithStatus, mutatingCalls, outside } from "./elb-direct";
import { EngineStack, resourcesOfType, stepsWithOp } from "./harness";

jest.setTimeout(300_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
/** A second subnet over the same addresses, so a subnetId-only change is possible. */
const OTHER_SUBNET = "00000000-0000-4000-8000-0000000000b2";

interface MemberSpec {
  name: string;
  address: string;
  port?: number;
  weight?: number;
  subnetId?: string;
}

function memberProgram(specs: () => MemberSpec[]) {
  return async () => {
    const members = specs().map(
      (spec) =>
        new PoolMember(spec.name, {
          poolId: POOL,
          address: spec.address,
          protocolPort: spec.port ?? 80,
          subnetId: spec.subnetId ?? SUBNET,
          name: spec.name,
          weight: spec.weight,
        }),
    );
    return { ids: members.map((member) => member.id) };
  };
}

async function startWorld(busyMs = 0): Promise<Emulator> {
  const seed = demoSeed();
  seed.subnets = [...(seed.subnets ?? []), { id: OTHER_SUBNET, name: "other", cidr: "192.168.0.0/24", vpcId: DEMO_IDS.vpcId }];
  return startEmulator({ seed, busyMs });
}

function stackFor(emulator: Emulator, specs: () => MemberSpec[]): Promise<EngineStack> {
  return EngineStack.create({
    projectName: "pool-member",
    program: memberProgram(specs),
    config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
  });
}

const memberAt = (emulator: Emulator, address: string) => emulator.members(POOL).find((m) => m.address === address);

describe("PoolMember lifecycle", () => {
  let emulator: Emulator;
  let engine: EngineStack;
  let specs: MemberSpec[] = [{ name: "web-1", address: "192.168.0.11", weight: 5 }];

  beforeAll(async () => {
    emulator = await startWorld();
    engine = await stackFor(emulator, () => specs);
  });

  afterAll(async () => {
    await engine?.dispose();
    await emulator?.close();
  });

  test("basic: up creates the member with every input and output in state", async () => {
    const result = await engine.up();
    expect(result.summary.resourceChanges?.create).toBe(2);
    const members = emulator.members(POOL);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ address: "192.168.0.11", protocol_port: 80, weight: 5, name: "web-1", admin_state_up: true });
    const [state] = resourcesOfType(await engine.exportState(), "elb:PoolMember");
    expect(state.id).toBe(members[0].id);
    expect(state.outputs).toMatchObject({
      poolId: POOL,
      address: "192.168.0.11",
      protocolPort: 80,
      subnetId: SUBNET,
      name: "web-1",
      weight: 5,
      adminStateUp: true,
      operatingStatus: "NO_MONITOR",
      tenantId: emulator.projectId,
      loadBalancerId: DEMO_IDS.loadbalancerId,
    });
  });

  test("the serialized provider in state is a reference to the installed package, not code", async () => {
    const [state] = resourcesOfType(await engine.exportState(), "elb:PoolMember");
    const serialized = String(state.outputs?.__provider);
    expect(state.inputs?.__provider).toBe(serialized);
    const perResource = 2 * Buffer.byteLength(serialized);
    console.log(`__provider: ${perResource} bytes per resource (stored twice: inputs and outputs)`);
    expect(serialized).toContain('require("pulumi-elb-poolmember/dist/sdk/provider-adapter.js")');
    expect(serialized).not.toContain("poolMember.create");
    expect(perResource).toBeLessThan(1024);
  });

  test("weight: a change previews as an update of weight and keeps the member id", async () => {
    const before = memberAt(emulator, "192.168.0.11")!;
    specs = [{ name: "web-1", address: "192.168.0.11", weight: 0 }];
    const preview = await engine.preview();
    expect(stepsWithOp(preview, "update").map((s) => s.changedInputs)).toEqual([["weight"]]);
    expect(stepsWithOp(preview, "replace", "create-replacement", "delete-replaced")).toEqual([]);
    await engine.up();
    const after = memberAt(emulator, "192.168.0.11")!;
    expect(after.id).toBe(before.id);
    expect(after.weight).toBe(0);
  });

  test("weight 0 shows no diff on the next preview", async () => {
    const preview = await engine.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
  });

  test("replace: an address change creates a new member and removes the old one", async () => {
    const old = memberAt(emulator, "192.168.0.11")!;
    specs = [{ name: "web-1", address: "192.168.0.12", weight: 0 }];
    const preview = await engine.preview();
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    await engine.up();
    const members = emulator.members(POOL);
    expect(members.map((m) => m.address)).toEqual(["192.168.0.12"]);
    expect(members[0].id).not.toBe(old.id);
  });

  test("replace: a subnetId-only change deletes before it creates, so the API sees no duplicate", async () => {
    emulator.resetCounters();
    specs = [{ name: "web-1", address: "192.168.0.12", weight: 0, subnetId: OTHER_SUBNET }];
    const result = await engine.up();
    expect(result.summary.resourceChanges?.replace).toBe(1);
    const ops = result.steps.filter((s) => s.type.endsWith("elb:PoolMember")).map((s) => s.op);
    expect(ops).toEqual(["delete-replaced", "replace", "create-replacement"]);
    expect(callsWithStatus(emulator.counters(), "409")).toBe(0);
    expect(emulator.members(POOL)).toMatchObject([{ address: "192.168.0.12", subnet_id: OTHER_SUBNET }]);
  });

  test("drift: a weight changed outside Pulumi shows in refresh and in the next preview", async () => {
    const member = memberAt(emulator, "192.168.0.12")!;
    await outside.updateMember(emulator.url, POOL, member.id, { weight: 42 });
    const refresh = await engine.refresh();
    expect(refresh.summary.resourceChanges?.update).toBe(1);
    const preview = await engine.preview();
    expect(stepsWithOp(preview, "update").map((s) => s.changedInputs)).toEqual([["weight"]]);
    await engine.up();
    expect(memberAt(emulator, "192.168.0.12")!.weight).toBe(0);
  });

  test("disappears: deleted outside Pulumi, refresh drops it and up recreates it", async () => {
    const member = memberAt(emulator, "192.168.0.12")!;
    await outside.deleteMember(emulator.url, POOL, member.id);
    const refresh = await engine.refresh();
    expect(refresh.summary.resourceChanges?.delete).toBe(1);
    expect(resourcesOfType(await engine.exportState(), "elb:PoolMember")).toHaveLength(0);
    const up = await engine.up();
    expect(up.summary.resourceChanges?.create).toBe(1);
    expect(emulator.members(POOL).map((m) => m.address)).toEqual(["192.168.0.12"]);
  });

  test("destroy leaves the pool empty", async () => {
    const result = await engine.destroy();
    expect(result.summary.resourceChanges?.delete).toBe(2);
    expect(emulator.members(POOL)).toEqual([]);
  });
});

describe("PoolMember with other stacks and outside members", () => {
  let emulator: Emulator;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    emulator = await startWorld(300);
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.dispose();
    await emulator?.close();
  });

  test("a preview of a new stack makes no mutating API calls", async () => {
    const stack = await stackFor(emulator, () => [
      { name: "a", address: "192.168.0.21" },
      { name: "b", address: "192.168.0.22" },
    ]);
    stacks.push(stack);
    emulator.resetCounters();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ create: 3 });
    expect(mutatingCalls(emulator.counters())).toEqual({});
    expect(emulator.members(POOL)).toEqual([]);
  });

  test("five members on one load balancer created in parallel see zero 409s", async () => {
    const stack = await stackFor(emulator, () =>
      [1, 2, 3, 4, 5].map((n) => ({ name: `parallel-${n}`, address: `192.168.0.3${n}`, weight: n })),
    );
    stacks.push(stack);
    emulator.resetCounters();
    const result = await stack.up();
    expect(result.summary.resourceChanges?.create).toBe(6);
    expect(callsWithStatus(emulator.counters(), "409")).toBe(0);
    expect(mutatingCalls(emulator.counters())).toEqual({ "201": 5 });
    expect(emulator.members(POOL).map((m) => [m.address, m.weight]).sort()).toEqual([
      ["192.168.0.31", 1],
      ["192.168.0.32", 2],
      ["192.168.0.33", 3],
      ["192.168.0.34", 4],
      ["192.168.0.35", 5],
    ]);
  });

  test("with batchChanges and --parallel 20, twenty members travel in batch calls, not one POST each", async () => {
    const addresses = Array.from({ length: 20 }, (_, n) => `192.168.0.${100 + n}`);
    const stack = await EngineStack.create({
      projectName: "pool-member-batch",
      program: memberProgram(() => addresses.map((address, n) => ({ name: `batch-${n}`, address, weight: n % 3 }))),
      config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" }, "elb:batchChanges": { value: "true" } },
    });
    stacks.push(stack);
    emulator.resetCounters();
    await stack.up({ parallel: 20 });
    const counters = emulator.counters();
    expect(counters["POST /v2.0/lbaas/pools/{pool_id}/members"]).toBeUndefined();
    expect(counters["PUT /v2.0/lbaas/pools/{pool_id}/members"]["202"]).toBeLessThanOrEqual(3);
    const created = emulator.members(POOL).filter((m) => addresses.includes(m.address));
    expect(created.map((m) => [m.address, m.weight]).sort()).toEqual(addresses.map((address, n) => [address, n % 3]).sort());
    expect(resourcesOfType(await stack.exportState(), "elb:PoolMember").map((r) => r.id).sort()).toEqual(created.map((m) => m.id).sort());
    emulator.resetCounters();
    await stack.destroy({ parallel: 20 });
    expect(emulator.counters()["DELETE /v2.0/lbaas/pools/{pool_id}/members/{member_id}"]).toBeUndefined();
    expect(emulator.members(POOL).filter((m) => addresses.includes(m.address))).toEqual([]);
  });

  test("PoolMember.get reads a member created outside Pulumi, and leaves it alone", async () => {
    const existing = await outside.createMember(emulator.url, POOL, {
      address: "192.168.0.40",
      protocol_port: 8080,
      subnet_id: SUBNET,
      name: "legacy",
      weight: 7,
    });
    const stack = await EngineStack.create({
      projectName: "pool-member-get",
      config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
      program: async () => {
        const legacy = PoolMember.get("legacy", `${POOL}/${existing.id}`);
        return { weight: legacy.weight, address: legacy.address, port: legacy.protocolPort };
      },
    });
    stacks.push(stack);
    const result = await stack.up();
    expect(result.outputs.weight.value).toBe(7);
    expect(result.outputs.address.value).toBe("192.168.0.40");
    expect(result.outputs.port.value).toBe(8080);
    await stack.destroy();
    expect(emulator.members(POOL).some((m) => m.id === existing.id)).toBe(true);
  });
});
