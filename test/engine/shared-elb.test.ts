// What only the shared ELB has, through the real pulumi CLI against the emulator: the batch call
// (Octavia's PUT .../members replaces the whole set, so the provider never batches there), and
// the shape of the state the dynamic provider leaves.
import { PoolMember } from "pulumi-elb-poolmember";
import { Backend, startBackend } from "./backends";
import { EngineStack, resourcesOfType, teardown } from "./harness";

jest.setTimeout(300_000);

function memberProgram(backend: Backend, specs: () => Array<{ name: string; address: string; weight?: number }>) {
  return async () => {
    const members = specs().map(
      (spec) =>
        new PoolMember(spec.name, {
          poolId: backend.poolId,
          subnetId: backend.subnetId,
          address: spec.address,
          protocolPort: 80,
          name: spec.name,
          weight: spec.weight,
        }),
    );
    return { ids: members.map((member) => member.id) };
  };
}

describe("PoolMember on the shared ELB emulator", () => {
  let backend: Backend;
  let engine: EngineStack;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    backend = await startBackend("emulator", { busyMs: 300 });
    engine = await EngineStack.create({
      projectName: "state-shape",
      program: memberProgram(backend, () => [{ name: "web-1", address: "10.0.0.11" }]),
      config: backend.config,
    });
    stacks.push(engine);
    await engine.up();
  });

  afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => backend?.close()));

  test("by default, at --parallel 20, the first of twenty members goes alone and the rest wait and travel in batch calls", async () => {
    const addresses = Array.from({ length: 20 }, (_, n) => `10.0.1.${100 + n}`);
    const stack = await EngineStack.create({
      projectName: "pool-member-batch",
      program: memberProgram(backend, () => addresses.map((address, n) => ({ name: `batch-${n}`, address, weight: n % 3 }))),
      config: backend.config,
    });
    stacks.push(stack);
    await backend.resetCounters();
    await stack.up({ parallel: 20 });
    const counters = await backend.counters();
    const posts = counters["POST pools/{id}/members"]?.["201"] ?? 0;
    const batches = counters["PUT pools/{id}/members"]?.["202"] ?? 0;
    // Twenty changes in a handful of busy periods: one or two alone, the rest together.
    expect(posts).toBeGreaterThanOrEqual(1);
    expect(posts).toBeLessThanOrEqual(2);
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(posts + batches).toBeLessThanOrEqual(4);
    const created = (await backend.members()).filter((m) => addresses.includes(m.address));
    expect(created.map((m) => [m.address, m.weight]).sort()).toEqual(addresses.map((address, n) => [address, n % 3]).sort());
    expect(
      resourcesOfType(await stack.exportState(), "elb:PoolMember")
        .map((r) => r.id)
        .sort(),
    ).toEqual(created.map((m) => m.id).sort());
    await backend.resetCounters();
    await stack.destroy({ parallel: 20 });
    const destroyCounters = await backend.counters();
    expect(destroyCounters["DELETE pools/{id}/members/{id}"]?.["204"] ?? 0).toBeLessThanOrEqual(2);
    expect(destroyCounters["PUT pools/{id}/members"]?.["202"] ?? 0).toBeGreaterThanOrEqual(1);
    expect((await backend.members()).filter((m) => addresses.includes(m.address))).toEqual([]);
  });

  test("with elb:batchChanges false every member is its own POST and DELETE", async () => {
    const addresses = Array.from({ length: 5 }, (_, n) => `10.0.1.${150 + n}`);
    const stack = await EngineStack.create({
      projectName: "pool-member-no-batch",
      program: memberProgram(backend, () => addresses.map((address, n) => ({ name: `single-${n}`, address }))),
      config: { ...backend.config, "elb:batchChanges": { value: "false" } },
    });
    stacks.push(stack);
    await backend.resetCounters();
    await stack.up({ parallel: 5 });
    expect((await backend.counters())["POST pools/{id}/members"]).toEqual({ "201": 5 });
    expect((await backend.counters())["PUT pools/{id}/members"]).toBeUndefined();
    await backend.resetCounters();
    await stack.destroy({ parallel: 5 });
    expect((await backend.counters())["DELETE pools/{id}/members/{id}"]).toEqual({ "204": 5 });
    expect((await backend.counters())["PUT pools/{id}/members"]).toBeUndefined();
  });

  test("with elb:adoptExisting, at --parallel 20, twenty members of which eight exist already travel in batch calls: the eight are adopted with the program's values, the rest made, none twice", async () => {
    const addresses = Array.from({ length: 20 }, (_, n) => `10.0.2.${100 + n}`);
    // What an interrupted up, or someone by hand, left in the pool: other names and weights.
    const existing = addresses.filter((_, n) => n % 5 < 2);
    await backend.seedMembers(existing.map((address) => ({ address, protocolPort: 80, name: "by-hand", weight: 9 })));
    const before = new Map((await backend.members()).map((member) => [member.address, member.id]));
    const stack = await EngineStack.create({
      projectName: "pool-member-adopt-batch",
      program: memberProgram(backend, () => addresses.map((address, n) => ({ name: `recover-${n}`, address, weight: n % 3 }))),
      config: { ...backend.config, "elb:adoptExisting": { value: "true" } },
    });
    stacks.push(stack);
    await backend.resetCounters();
    await stack.up({ parallel: 20 });
    const counters = await backend.counters();
    const posts = Object.values(counters["POST pools/{id}/members"] ?? {}).reduce((sum, n) => sum + n, 0);
    const batches = counters["PUT pools/{id}/members"]?.["202"] ?? 0;
    // As without adopt: one or two go alone (one of the eight would be answered 409 and adopted),
    // the rest wait and travel together, the eight found by one look per batch.
    expect(posts).toBeLessThanOrEqual(2);
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(posts + batches).toBeLessThanOrEqual(4);
    // One change per adopted member, for the name and weight the batch call cannot set.
    expect(counters["PUT pools/{id}/members/{id}"]).toEqual({ "200": 8 });
    const members = (await backend.members()).filter((member) => addresses.includes(member.address));
    expect(members).toHaveLength(20);
    expect(members.map((member) => [member.address, member.name, member.weight]).sort()).toEqual(
      addresses.map((address, n) => [address, `recover-${n}`, n % 3]).sort(),
    );
    for (const address of existing) expect(members.find((member) => member.address === address)?.id).toBe(before.get(address));
    expect(
      resourcesOfType(await stack.exportState(), "elb:PoolMember")
        .map((r) => r.id)
        .sort(),
    ).toEqual(members.map((member) => member.id).sort());
    await stack.destroy({ parallel: 20 });
    expect((await backend.members()).filter((member) => addresses.includes(member.address))).toEqual([]);
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
});
