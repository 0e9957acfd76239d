// A member's profile picks the target every call of its lifecycle goes to, below the engine,
// against two emulators: check refuses a profile that is not defined before any call, and a
// replacement that moves a member to another profile and fails there puts it back where it was.
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../../emulator";
import type { PoolMemberState } from "../types";
import { ProviderRuntime } from "../runtime";
import { PartialFailure } from "./partial-failure";
import { configuredBy, lifecycleOn } from "../testing/lifecycle";

const POOL = DEMO_IDS.poolId;
let main: Emulator;
let second: Emulator;
let runtime: ProviderRuntime;
const lifecycle = lifecycleOn(() => runtime);

beforeAll(async () => {
  [main, second] = await Promise.all([startEmulator({ seed: demoSeed() }), startEmulator({ seed: demoSeed() })]);
  const config: Record<string, string> = {
    "elb:endpoint": main.url,
    "elb:auth": "none",
    "elb:profiles": JSON.stringify({ second: { endpoint: second.url, auth: "none" }, empty: {} }),
  };
  runtime = new ProviderRuntime(configuredBy(config));
});
afterAll(async () => Promise.all([main?.close(), second?.close()]));
beforeEach(() => {
  main.reset();
  second.reset();
});

const inputs = async (overrides: Partial<PoolMemberState> = {}) => {
  const checked = await lifecycle.check({
    poolId: POOL,
    subnetId: DEMO_IDS.subnetId,
    address: "192.168.0.80",
    protocolPort: 80,
    ...overrides,
  } as PoolMemberState);
  expect(checked.failures).toEqual([]);
  return checked.inputs!;
};

test("create, read, update and delete of a member with a profile go to that profile's target only", async () => {
  const created = await lifecycle.create(await inputs({ profile: "second" }));
  expect(created.state.profile).toBe("second");
  expect(second.members(POOL).map((m) => m.id)).toEqual([created.id]);
  expect(main.members(POOL)).toEqual([]);

  const read = await lifecycle.read(created.id, created.state);
  expect(read?.state).toMatchObject({ profile: "second", weight: 1 });
  const updated = await lifecycle.update(created.id, created.state, await inputs({ profile: "second", weight: 9 }));
  expect(updated.weight).toBe(9);
  expect(second.members(POOL)[0].weight).toBe(9);

  await lifecycle.remove(created.id, updated);
  expect(second.members(POOL)).toEqual([]);
  expect(main.counters()).toEqual({});
});

test("check refuses a profile that is not defined, or lacks credentials, naming it, before any call", async () => {
  const news = { poolId: POOL, subnetId: DEMO_IDS.subnetId, address: "192.168.0.81", protocolPort: 80 } as PoolMemberState;
  const unknown = await lifecycle.check({ ...news, profile: "shraed" });
  expect(unknown.failures).toEqual([
    { property: "profile", reason: expect.stringContaining('profile "shraed" is not defined (the profiles defined are second, empty)') },
  ]);
  const empty = await lifecycle.check({ ...news, profile: "empty" });
  expect(empty.failures).toEqual([{ property: "profile", reason: expect.stringContaining('profile "empty": no credentials for the ELB API') }]);
  const badName = await lifecycle.check({ ...news, profile: "a.b" });
  expect(badName.failures).toEqual([{ property: "profile", reason: expect.stringContaining("must be the name of a profile in elb:profiles") }]);
  expect(main.counters()).toEqual({});
  expect(second.counters()).toEqual({});
});

test("a changed profile replaces the member, deleting the old one first when pool, address and port stay", async () => {
  const olds = (await lifecycle.create(await inputs())).state;
  const outcome = await lifecycle.diff(olds, await inputs({ profile: "second" }));
  expect(outcome).toEqual({ changes: true, replaces: ["profile"], deleteBeforeReplace: true, changed: ["profile"] });
  // Set from the start or not at all: no change.
  expect((await lifecycle.diff(olds, await inputs())).changes).toBe(false);
});

test("a member moved to another profile whose create fails for good is put back in its old target", async () => {
  const old = await lifecycle.create(await inputs({ weight: 4 }));
  await lifecycle.remove(old.id, old.state);
  expect(main.members(POOL)).toEqual([]);
  // The new subnet does not exist in the second target: a 404 there, for good.
  const error = await lifecycle.create(await inputs({ profile: "second", subnetId: "00000000-0000-4000-8000-00000000ffff" })).catch((e: Error) => e);
  expect(String(error)).toContain("was put back as it was");
  expect(main.members(POOL)).toEqual([expect.objectContaining({ address: "192.168.0.80", weight: 4 })]);
  expect(second.members(POOL)).toEqual([]);
  expect(error).toBeInstanceOf(PartialFailure);
  expect((error as PartialFailure).state).not.toHaveProperty("profile");
});
