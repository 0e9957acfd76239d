// The lifecycle functions below the engine, against the emulator. Every result goes through
// protobuf's Struct, as both adapters send it: a value it cannot carry (such as undefined) fails
// here instead of in a user's `pulumi up`.
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { memberMadeOutside } from "../../emulator/testing/members";
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import { ProviderRuntime } from "../runtime";
import { configuredBy, lifecycleOn } from "../testing/lifecycle";
import { PartialFailure } from "./partial-failure";
import * as members from "./pool-member";

const POOL = DEMO_IDS.poolId;
/** A member id as the API writes one (the OTC docs' example). */
const MEMBER_ID = "cf024846-7516-4e3a-b0fb-6590322c836f";
let emulator: Emulator;
let runtime: ProviderRuntime;
const runtimeFor = (config: Record<string, string>) => new ProviderRuntime(configuredBy(config));
const lifecycle = lifecycleOn(() => runtime);

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 20 });
  runtime = runtimeFor({ "elb:endpoint": emulator.url, "elb:auth": "none" });
});

afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const wire = (value: object): Record<string, unknown> => Struct.fromJavaScript(value as never).toJavaScript();
const inputs = async (overrides: Record<string, unknown> = {}) =>
  (await lifecycle.check({ poolId: POOL, subnetId: DEMO_IDS.subnetId, address: "192.168.0.70", protocolPort: 80, ...overrides })).inputs!;

test("create returns the member's configuration, nothing live and no unset setting, and it survives the wire", async () => {
  const created = await lifecycle.create(await inputs({ weight: 0 }));
  expect(wire(created.state)).toEqual({
    poolId: POOL,
    address: "192.168.0.70",
    protocolPort: 80,
    subnetId: DEMO_IDS.subnetId,
    name: "",
    weight: 0,
    adminStateUp: true,
  });
});

test("an update of adopt or timeouts only is recorded without any API call", async () => {
  const created = await lifecycle.create(await inputs({ adopt: true, timeouts: { create: "5m" } }));
  emulator.resetCounters();
  const updated = await lifecycle.update(created.id, wire(created.state), await inputs());
  expect(wire(updated)).toMatchObject({ weight: 1 });
  expect(wire(updated)).not.toHaveProperty("timeouts");
  expect(wire(updated)).not.toHaveProperty("adopt");
  expect(emulator.counters()).toEqual({});
});

test("read returns the API's values, keeping adopt and timeouts from state", async () => {
  const created = await lifecycle.create(await inputs({ timeouts: { delete: "2m" } }));
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members/${created.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member: { weight: 42 } }),
  });
  const read = await lifecycle.read(created.id, wire(created.state));
  expect(wire(read!.state)).toMatchObject({ weight: 42, timeouts: { delete: "2m" } });
  expect(read!.id).toBe(created.id);
});

test("read of a member deleted outside finds nothing; delete of it succeeds", async () => {
  const created = await lifecycle.create(await inputs());
  await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members/${created.id}`, { method: "DELETE" });
  expect(await lifecycle.read(created.id, wire(created.state))).toBeUndefined();
  await expect(lifecycle.remove(created.id, wire(created.state))).resolves.toBeUndefined();
});

test("a malformed id for an import or PoolMember.get is named malformed before any call", async () => {
  emulator.resetCounters();
  await expect(lifecycle.read(`${POOL}/not-a-uuid`, {})).rejects.toThrow(
    new RegExp(`^reading member ${POOL}/not-a-uuid: the id "${POOL}/not-a-uuid" is malformed: its member id must be a UUID`),
  );
  await expect(lifecycle.read(`${POOL}/../../loadbalancers`, {})).rejects.toThrow(/is malformed: its member id must be a UUID/);
  await expect(lifecycle.read("a?b", { poolId: POOL })).rejects.toThrow(/is malformed: its member id must be a UUID/);
  expect(emulator.counters()).toEqual({});
  // Not even the target is made first: a target that would refuse (clear text to another host) is not reached.
  const refusing = runtimeFor({ "elb:endpoint": "http://10.255.255.1:9", "elb:auth": "none" });
  await expect(members.read(refusing, "not-a-pool/10.0.0.5:80", {})).rejects.toThrow(/is malformed: its pool id must be a UUID/);
});

test("a member the API describes without some fields keeps the stored values, and still crosses the wire", async () => {
  const server = http.createServer((_req, res) =>
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ member: { id: MEMBER_ID, address: "192.168.0.70", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, operating_status: null } })),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const sparse = runtimeFor({ "elb:endpoint": `http://127.0.0.1:${(server.address() as AddressInfo).port}`, "elb:auth": "none" });
  try {
    const stored = {
      poolId: POOL,
      address: "192.168.0.70",
      protocolPort: 80,
      subnetId: DEMO_IDS.subnetId,
      name: "web",
      weight: 7,
      adminStateUp: true,
      loadBalancerId: DEMO_IDS.loadbalancerId,
    };
    // State written by an older version also held loadBalancerId; a read keeps configuration only.
    const read = await members.read(sparse, MEMBER_ID, stored);
    const { loadBalancerId: _lb, ...storedInputs } = stored;
    expect(wire(read!.state)).toEqual(storedInputs);
  } finally {
    server.close();
  }
});

test("an adopt whose follow-up PUT keeps failing is a partial failure that records the member and says what failed", async () => {
  const existing = await memberMadeOutside(emulator.url, POOL, { address: "192.168.0.70", protocol_port: 80, subnet_id: DEMO_IDS.subnetId });
  emulator.setFaults({ rules: [{ kind: "error", status: 500, route: "PUT /v2.0/lbaas/pools/{pool_id}/members/{member_id}" }] });
  const failure = (await lifecycle.create(await inputs({ adopt: true, weight: 9, timeouts: { create: "2s" } })).catch((error) => error)) as PartialFailure;
  expect(failure).toBeInstanceOf(PartialFailure);
  expect(failure.id).toBe(existing);
  expect(wire(failure.state)).toMatchObject({ address: "192.168.0.70", weight: 1 });
  expect(failure.message).toMatch(new RegExp(`member ${existing} is recorded in the state.*PUT .* answered 500`));
});

test("with elb:adoptExisting, creates that wait go in batches, and the members they adopt end with the program's values", async () => {
  const adopting = runtimeFor({ "elb:endpoint": emulator.url, "elb:auth": "none", "elb:adoptExisting": "true" });
  const address = (n: number) => `192.168.0.${80 + n}`;
  // Made before, by someone else or an interrupted run: other name and weight, and admin down,
  // which the batch call cannot set.
  emulator.seed({
    members: [1, 3].map((n) => ({
      poolId: POOL,
      address: address(n),
      protocolPort: 80,
      subnetId: DEMO_IDS.subnetId,
      name: "old",
      weight: 9,
      adminStateUp: false,
    })),
  });
  const before = new Map(emulator.members(POOL).map((m) => [m.address, m.id]));
  const declared = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => inputs({ address: address(n), name: `web-${n}`, weight: 5 })));
  const created = await Promise.all(declared.map((state, n) => members.create(adopting, state, { owner: `web-${n}` })));
  const counters = emulator.counters();
  // The first finds the load balancer idle and goes alone; the rest wait and travel together.
  expect(Object.values(counters["POST /v2.0/lbaas/pools/{pool_id}/members"] ?? {}).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
  expect(counters["PUT /v2.0/lbaas/pools/{pool_id}/members"]?.["202"]).toBeGreaterThanOrEqual(1);
  // One PUT per adopted member, for what the batch could not bring.
  expect(counters["PUT /v2.0/lbaas/pools/{pool_id}/members/{member_id}"]).toEqual({ "200": 2 });
  expect([1, 3].map((n) => created[n].id)).toEqual([1, 3].map((n) => before.get(address(n))));
  const now = emulator.members(POOL);
  expect(now.map((m) => [m.address, m.name, m.weight, m.admin_state_up]).sort()).toEqual(
    [0, 1, 2, 3, 4, 5].map((n) => [address(n), `web-${n}`, 5, true]).sort(),
  );
  expect(now.map((m) => m.id).sort()).toEqual(created.map((c) => c.id).sort());
  expect(created.map((c) => wire(c.state))).toEqual(declared.map((state) => wire(state)));
});

test("check refuses a clear-text endpoint on another host, and read fails the same way, before any call", async () => {
  const clearText: Record<string, string> = { "elb:endpoint": "http://10.255.255.1:9", "elb:auth": "none" };
  const refusing = runtimeFor(clearText);
  const news = { poolId: POOL, subnetId: DEMO_IDS.subnetId, address: "192.168.0.70", protocolPort: 80 };
  const checked = await members.check(refusing, news);
  expect(checked.failures).toEqual([
    {
      property: "",
      reason: expect.stringMatching(/^endpoint \(from stack config elb:endpoint\) is http:\/\/10\.255\.255\.1:9, clear-text http.*elb:allowInsecureHttp/),
    },
  ]);
  await expect(members.read(refusing, MEMBER_ID, news)).rejects.toThrow(/clear-text http to a host that is not loopback/);
  clearText["elb:allowInsecureHttp"] = "true";
  refusing.configure(configuredBy(clearText));
  expect((await members.check(refusing, news)).failures).toEqual([]);
});
