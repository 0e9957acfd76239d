// Open Telekom Cloud and OpenStack from one program, through the real pulumi CLI: the default
// target is the shared ELB emulator (cloud otc), the profile "os" is OpenStack Octavia's own API
// server (cloud openstack). Each target keeps its own cloud's behaviour in the one provider
// process: /v2.0 and batches on the shared ELB, /v2 and never a batch on Octavia, whose PUT on
// the same path would replace the pool's whole member set.
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { PoolMember } from "pulumi-elb-poolmember";
import { Backend, selectedBackends, startBackend } from "./backends";
import { EngineStack, teardown } from "./harness";

jest.setTimeout(600_000);

/** The backend's stack config as the keys of one profile, as `pulumi config set --path` takes them. */
function asProfile(name: string, config: ConfigMap): ConfigMap {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [`elb:profiles.${name}.${key.replace(/^elb:/, "")}`, value]));
}

const PARALLEL = 20;
const ADDRESSES = ["10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4"];

// Needs Octavia's API server: selected by default, left out only when ELB_BACKENDS leaves it out.
(selectedBackends().includes("octavia") ? describe : describe.skip)("the shared ELB and OpenStack Octavia in one stack", () => {
  let otc: Backend;
  let openstack: Backend;
  let engine: EngineStack;
  let weight = 1;

  beforeAll(async () => {
    // Busy after each change, so changes queue up behind each other on both.
    [otc, openstack] = await Promise.all([startBackend("emulator", { busyMs: 150 }), startBackend("octavia", { busyMs: 150 })]);
    engine = await EngineStack.create({
      projectName: "mixed-clouds",
      program: async () => {
        const members = [
          ...ADDRESSES.map((address, i) => new PoolMember(`otc-${i}`, { poolId: otc.poolId, subnetId: otc.subnetId, address, protocolPort: 80, weight })),
          ...ADDRESSES.map(
            (address, i) =>
              new PoolMember(`os-${i}`, { profile: "os", poolId: openstack.poolId, subnetId: openstack.subnetId, address, protocolPort: 80, weight }),
          ),
        ];
        return { ids: members.map((member) => member.id) };
      },
      config: otc.config,
      pathConfig: asProfile("os", openstack.config),
    });
  }, 120_000);

  afterAll(() =>
    teardown(
      () => engine?.dispose(),
      () => otc?.close(),
      () => openstack?.close(),
    ),
  );

  const addresses = async (backend: Backend) => (await backend.members()).map((m) => `${m.address} w${m.weight}`).sort();

  test("up creates the members in each; only the shared ELB gets batches", async () => {
    const up = await engine.up({ parallel: PARALLEL });
    expect(up.summary.resourceChanges?.create).toBe(9);
    expect(await addresses(otc)).toEqual(ADDRESSES.map((a) => `${a} w1`));
    expect(await addresses(openstack)).toEqual(ADDRESSES.map((a) => `${a} w1`));
    const osCounters = await openstack.counters();
    expect(osCounters["PUT pools/{id}/members"]).toBeUndefined();
    expect(osCounters["POST pools/{id}/members"]).toEqual({ "201": 4 });
    // The same burst on the shared ELB: the first create goes alone, the ones behind it in a batch.
    const otcCounters = await otc.counters();
    expect(otcCounters["PUT pools/{id}/members"]?.["202"] ?? 0).toBeGreaterThanOrEqual(1);
    expect((otcCounters["POST pools/{id}/members"]?.["201"] ?? 0) + (otcCounters["PUT pools/{id}/members"]?.["202"] ?? 0)).toBeLessThan(4);
  });

  test("a weight change updates both in place; destroy empties both", async () => {
    weight = 7;
    const up = await engine.up({ parallel: PARALLEL });
    expect(up.summary.resourceChanges).toMatchObject({ update: 8 });
    expect(await addresses(otc)).toEqual(ADDRESSES.map((a) => `${a} w7`));
    expect(await addresses(openstack)).toEqual(ADDRESSES.map((a) => `${a} w7`));
    await otc.resetCounters();
    await openstack.resetCounters();
    const destroy = await engine.destroy({ parallel: PARALLEL });
    expect(destroy.summary.resourceChanges?.delete).toBe(9);
    expect(await otc.members()).toEqual([]);
    expect(await openstack.members()).toEqual([]);
    expect((await openstack.counters())["DELETE pools/{id}/members/{id}"]).toEqual({ "204": 4 });
    expect((await openstack.counters())["PUT pools/{id}/members"]).toBeUndefined();
  });
});
