// Lookups below the engine: not-found and bad-input messages, filters and paging.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../emulator";
import { GetPoolMemberArgs, GetPoolMembersArgs, getPoolMember, getPoolMembers } from "./lookups";
import { emulatorContext, TestContext } from "./testing/emulator-context";

const POOL = DEMO_IDS.poolId;
/** Well formed, and nothing has it. */
const NO_SUCH_ID = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";
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
  await expect(getPoolMember(context, { poolId: POOL, memberId: NO_SUCH_ID })).rejects.toMatchObject({ kind: "not_found" });
  await expect(getPoolMembers(context, { poolId: NO_SUCH_ID })).rejects.toThrow(new RegExp(`pool ${NO_SUCH_ID} was not found`));
});

test("ids that are not UUIDs, and addresses that are not IPv4, are refused before any call, naming the argument", async () => {
  emulator.resetCounters();
  await expect(getPoolMember(context, { poolId: "../x", memberId: NO_SUCH_ID })).rejects.toThrow(
    /^poolId must be a UUID in lowercase, such as .*, got "\.\.\/x"$/,
  );
  await expect(getPoolMember(context, { poolId: POOL, memberId: "not-a-uuid" })).rejects.toThrow(
    /^memberId must be a UUID in lowercase, .*, got "not-a-uuid"$/,
  );
  await expect(getPoolMember(context, { poolId: POOL, address: "web-1", protocolPort: 80 })).rejects.toThrow(
    /^address must be an IP address \(IPv4 such as 192\.168\.0\.10, or IPv6 such as fd00::10\), got "web-1"$/,
  );
  await expect(getPoolMembers(context, { poolId: "" })).rejects.toThrow(/^poolId must be a UUID/);
  await expect(getPoolMembers(context, { poolId: POOL, id: "m-1", subnetId: "abc" })).rejects.toThrow(
    /^id must be a UUID in lowercase, .*, got "m-1"; subnetId must be a UUID in lowercase, .*, got "abc"$/,
  );
  await expect(getPoolMembers(context, {} as GetPoolMembersArgs)).rejects.toThrow(/^poolId is required: ID of the backend server group/);
  await expect(getPoolMember(context, { poolId: POOL } as GetPoolMemberArgs)).rejects.toThrow(/takes memberId, or address and protocolPort/);
  expect(emulator.counters()).toEqual({});
});

test("filters match exactly, and paging returns every member once", async () => {
  expect((await getPoolMembers(context, { poolId: POOL, weight: 0 })).map((m) => m.address).sort()).toEqual(["192.168.0.2", "192.168.0.4"]);
  emulator.resetCounters();
  const paged = await getPoolMembers(context, { poolId: POOL, pageSize: 2 });
  expect(paged.map((m) => m.address).sort()).toEqual(["192.168.0.1", "192.168.0.2", "192.168.0.3", "192.168.0.4", "192.168.0.5"]);
  // Five members at two a page: three calls.
  expect(emulator.counters()["GET /v2.0/lbaas/pools/{pool_id}/members"]).toEqual({ "200": 3 });
});

test("a filter another API has is refused before any call, naming it, the API that has it and this one's", async () => {
  emulator.resetCounters();
  await expect(getPoolMembers(context, { poolId: POOL, memberType: "ip", backup: true })).rejects.toThrow(
    "backup is a filter of Octavia's v2 API only: this target speaks the shared ELB's v2.0 API, which has no such field; " +
      "memberType is a filter of the dedicated load balancers' ELB v3 API only: this target speaks the shared ELB's v2.0 API, which has no such field",
  );
  await expect(getPoolMembers(context, { poolId: POOL, ipVersion: "v5" })).rejects.toThrow('ipVersion must be one of v4, v6, got "v5"');
  expect(emulator.counters()).toEqual({});
});
