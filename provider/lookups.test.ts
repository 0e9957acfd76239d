// Lookups below the engine: not-found and bad-input messages, filters and paging.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../emulator";
import { getPoolMember, getPoolMembers } from "./lookups";
import { emulatorContext, TestContext } from "./testing/emulator-context";

const POOL = DEMO_IDS.poolId;
let emulator: Emulator;
let context: TestContext;

beforeAll(async () => {
  const seed = demoSeed();
  seed.members = [1, 2, 3, 4, 5].map((n) => ({ poolId: POOL, address: `192.168.0.${n}`, protocolPort: 80, subnetId: DEMO_IDS.subnetId, weight: n % 2 }));
  emulator = await startEmulator({ seed });
  context = emulatorContext(emulator.url);
});
afterAll(async () => {
  await context.close();
  await emulator.close();
});

test("by address finds the one member there", async () => {
  const found = await getPoolMember(context, { poolId: POOL, address: "192.168.0.3", protocolPort: 80 });
  expect(found).toMatchObject({ poolId: POOL, address: "192.168.0.3", protocolPort: 80, weight: 1, subnetId: DEMO_IDS.subnetId });
});

test("nothing at an address is a not-found error naming it", async () => {
  await expect(getPoolMember(context, { poolId: POOL, address: "192.168.0.9", protocolPort: 80 })).rejects.toMatchObject({
    kind: "not_found",
    message: `member 192.168.0.9:80 of pool ${POOL} was not found (the pool may not exist either)`,
  });
});

test("an unknown member id or pool is a not-found error", async () => {
  await expect(getPoolMember(context, { poolId: POOL, memberId: "nope" })).rejects.toMatchObject({ kind: "not_found" });
  await expect(getPoolMembers(context, { poolId: "no-such-pool" })).rejects.toThrow(/pool no-such-pool was not found/);
});

test("ids that would change the URL are refused before any call", async () => {
  await expect(getPoolMember(context, { poolId: "../x", memberId: "m" })).rejects.toThrow(/poolId must be a non-empty id without/);
  await expect(getPoolMembers(context, { poolId: "" })).rejects.toThrow(/poolId must be a non-empty id/);
});

test("filters match exactly, and paging returns every member once", async () => {
  expect((await getPoolMembers(context, { poolId: POOL, weight: 0 })).map((m) => m.address).sort()).toEqual(["192.168.0.2", "192.168.0.4"]);
  emulator.resetCounters();
  const paged = await getPoolMembers(context, { poolId: POOL, pageSize: 2 });
  expect(paged.map((m) => m.address).sort()).toEqual(["192.168.0.1", "192.168.0.2", "192.168.0.3", "192.168.0.4", "192.168.0.5"]);
  // Five members at two a page: three calls.
  expect(emulator.counters()["GET /v2.0/lbaas/pools/{pool_id}/members"]).toEqual({ "200": 3 });
});
