// A replacement that cannot strand traffic, through the real CLI against the emulator: a subnetId
// typo deletes the old member before the new one (delete-before-replace, since pool, address and
// port stay), the create is refused, and the old member is put back as it was; the corrected
// `up` then converges with no manual step and no duplicate.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { EngineStack, resourcesOfType, teardown } from "./harness";

jest.setTimeout(300_000);

const POOL = DEMO_IDS.poolId;
const OTHER_SUBNET = "00000000-0000-4000-8000-0000000000b2";
/** Well-formed, but no such subnet: the API refuses it only when the member is created. */
const TYPO_SUBNET = "00000000-0000-4000-8000-0000000000b9";

let emulator: Emulator;
let engine: EngineStack;
let subnetId: string = DEMO_IDS.subnetId;

beforeAll(async () => {
  const seed = demoSeed();
  seed.subnets = [...(seed.subnets ?? []), { id: OTHER_SUBNET, name: "other", cidr: "192.168.0.0/24", vpcId: DEMO_IDS.vpcId }];
  emulator = await startEmulator({ seed, busyMs: 50 });
  engine = await EngineStack.create({
    projectName: "replacement",
    config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
    program: async () => {
      new PoolMember("web", { poolId: POOL, subnetId, address: "192.168.0.12", protocolPort: 80, name: "web", weight: 4 });
      return {};
    },
  });
});
afterAll(() =>
  teardown(
    () => engine?.dispose(),
    () => emulator?.close(),
  ),
);

async function stateIds(): Promise<string[]> {
  return resourcesOfType(await engine.exportState(), "elb:PoolMember").map((r) => String(r.id));
}

test("a subnetId typo: the old member is put back, the error says so, and the pool and state agree", async () => {
  await engine.up();
  expect(emulator.members(POOL)).toMatchObject([{ address: "192.168.0.12", subnet_id: DEMO_IDS.subnetId, weight: 4 }]);

  subnetId = TYPO_SUBNET;
  const failure = await engine.up().catch((error: Error) => error);
  expect(failure).toBeInstanceOf(Error);
  const members = emulator.members(POOL);
  expect(members).toMatchObject([{ address: "192.168.0.12", subnet_id: DEMO_IDS.subnetId, weight: 4, name: "web" }]);
  expect(await stateIds()).toEqual([members[0].id]);
  const message = (failure as Error).message;
  expect(message).toContain(TYPO_SUBNET);
  expect(message).toContain(
    `The member it replaces was put back as it was (member ${members[0].id}, subnet ${DEMO_IDS.subnetId}, weight 4), so the pool still serves 192.168.0.12:80`,
  );
});

test("the corrected up converges: one member, in the new subnet, the one in state", async () => {
  subnetId = OTHER_SUBNET;
  await engine.up();
  const members = emulator.members(POOL);
  expect(members).toMatchObject([{ address: "192.168.0.12", subnet_id: OTHER_SUBNET, weight: 4 }]);
  expect(await stateIds()).toEqual([members[0].id]);
  const again = await engine.preview();
  expect(again.changeSummary).toEqual({ same: 2 });
});
