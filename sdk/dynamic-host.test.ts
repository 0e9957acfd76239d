// The dynamic-provider host's side of the wire: its own keys are taken off before the lifecycle
// and put back after, the resource's name is the owner a claim records, and a partial failure
// reaches the host as the id, properties and reasons it reads. Results go through protobuf's
// Struct, as the host sends them.
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { memberMadeOutside } from "../emulator/testing/members";
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../emulator";
import { configuredBy } from "../provider/testing/lifecycle";
import * as host from "./dynamic-host";

const POOL = DEMO_IDS.poolId;
const ADAPTER = "exports.handler = () => require('pulumi-elb-poolmember/dist/sdk/provider-adapter.js')";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 20 });
  host.configure(configuredBy({ "elb:endpoint": emulator.url, "elb:auth": "none" }));
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const wire = (value: object): Record<string, unknown> => Struct.fromJavaScript(value as never).toJavaScript();
const declared = (name: string, address: string, extra: Record<string, unknown> = {}) => ({
  __provider: ADAPTER,
  __declaredBy: name,
  poolId: POOL,
  subnetId: DEMO_IDS.subnetId,
  address,
  protocolPort: 80,
  ...extra,
});

test("check keeps the host's keys beside the checked inputs, and a second resource on one member fails naming both", async () => {
  const first = await host.check({}, declared("web-1", "192.168.0.90"));
  expect(first.failures).toEqual([]);
  // The host puts __provider back itself; the name stays for create to read.
  const { __provider: _provider, ...own } = declared("web-1", "192.168.0.90");
  expect(wire(first.inputs!)).toEqual({ ...own, name: "", weight: 1, adminStateUp: true });
  const second = await host.check({}, declared("web-2", "192.168.0.90"));
  expect(second.failures).toEqual([{ property: "address", reason: expect.stringContaining('declared by PoolMember "web-1"') }]);
});

test("create, read and update results carry the resource's name and nothing undefined; a member gone reads as no id", async () => {
  const inputs = (await host.check({}, declared("web-3", "192.168.0.91"))).inputs!;
  const created = await host.create(inputs);
  expect(wire(created.outs!)).toEqual({
    __declaredBy: "web-3",
    poolId: POOL,
    subnetId: DEMO_IDS.subnetId,
    address: "192.168.0.91",
    protocolPort: 80,
    name: "",
    weight: 1,
    adminStateUp: true,
  });
  const updated = await host.update(created.id, { ...created.outs, __provider: ADAPTER }, { ...inputs, weight: 5 });
  expect(wire(updated.outs!)).toMatchObject({ __declaredBy: "web-3", weight: 5 });
  const read = await host.read(created.id, { ...updated.outs, __provider: ADAPTER });
  expect(wire(read.props!)).toEqual(wire(updated.outs!));
  expect(wire(read.inputs!)).toEqual(wire(updated.outs!));
  await host.remove(created.id, { ...updated.outs, __provider: ADAPTER });
  expect(await host.read(created.id, { ...updated.outs, __provider: ADAPTER })).toEqual({ id: "" });
});

test("a partial failure reaches the host as the id and properties to record, provider included, and the message as its reason", async () => {
  const existing = await memberMadeOutside(emulator.url, POOL, { address: "192.168.0.92", protocol_port: 80, subnet_id: DEMO_IDS.subnetId });
  emulator.setFaults({ rules: [{ kind: "error", status: 500, route: "PUT /v2.0/lbaas/pools/{pool_id}/members/{member_id}" }] });
  const inputs = (await host.check({}, declared("web-4", "192.168.0.92", { adopt: true, weight: 9, timeouts: { create: "2s" } }))).inputs!;
  const failure = (await host.create({ ...inputs, __provider: ADAPTER }).catch((error) => error)) as Error & {
    id?: string;
    properties?: Record<string, unknown>;
    reasons?: string[];
  };
  expect(failure.id).toBe(existing);
  expect(wire(failure.properties!)).toMatchObject({ __provider: ADAPTER, __declaredBy: "web-4", address: "192.168.0.92", weight: 1 });
  // The host shows only the reasons of a partial failure.
  expect(failure.reasons).toEqual([failure.message]);
  expect(failure.reasons![0]).toMatch(new RegExp(`member ${existing} is recorded in the state.*PUT .* answered 500`));
});
