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
      (spec) => new PoolMember(spec.name, { poolId: backend.poolId, subnetId: backend.subnetId, address: spec.address, protocolPort: 80, name: spec.name, weight: spec.weight }),
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
    engine = await EngineStack.create({ projectName: "state-shape", program: memberProgram(backend, () => [{ name: "web-1", address: "10.0.0.11" }]), config: backend.config });
    stacks.push(engine);
    await engine.up();
  });

  afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => backend?.close()));

  test("with batchChanges and --parallel 20, twenty members travel in batch calls, not one POST each", async () => {
    const addresses = Array.from({ length: 20 }, (_, n) => `10.0.1.${100 + n}`);
    const stack = await EngineStack.create({
      projectName: "pool-member-batch",
      program: memberProgram(backend, () => addresses.map((address, n) => ({ name: `batch-${n}`, address, weight: n % 3 }))),
      config: { ...backend.config, "elb:batchChanges": { value: "true" } },
    });
    stacks.push(stack);
    await backend.resetCounters();
    await stack.up({ parallel: 20 });
    const counters = await backend.counters();
    expect(counters["POST pools/{id}/members"]).toBeUndefined();
    expect(counters["PUT pools/{id}/members"]["202"]).toBeLessThanOrEqual(3);
    const created = (await backend.members()).filter((m) => addresses.includes(m.address));
    expect(created.map((m) => [m.address, m.weight]).sort()).toEqual(addresses.map((address, n) => [address, n % 3]).sort());
    expect(resourcesOfType(await stack.exportState(), "elb:PoolMember").map((r) => r.id).sort()).toEqual(created.map((m) => m.id).sort());
    await backend.resetCounters();
    await stack.destroy({ parallel: 20 });
    expect((await backend.counters())["DELETE pools/{id}/members/{id}"]).toBeUndefined();
    expect((await backend.members()).filter((m) => addresses.includes(m.address))).toEqual([]);
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
