// One owner per member, through the real CLI against the emulator: a member declared twice in one
// program is refused at preview naming both resources, and a member another stack made is
// reported as made outside this deployment, never as something this stack may share silently.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { EngineStack, resourcesOfType, teardown } from "./harness";

jest.setTimeout(300_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;

let emulator: Emulator;
const stacks: EngineStack[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed(), busyMs: 50 });
});
afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => emulator?.close()));
beforeEach(() => emulator.reset());

async function stackOf(projectName: string, members: Array<{ name: string; weight: number }>, address = "192.168.0.77") {
  const stack = await EngineStack.create({
    projectName,
    config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
    program: async () => {
      // No outputs: a program that waited on a refused resource's id would never finish.
      for (const m of members) new PoolMember(m.name, { poolId: POOL, subnetId: SUBNET, address, protocolPort: 80, name: m.name, weight: m.weight });
      return {};
    },
  });
  stacks.push(stack);
  return stack;
}

async function recordedIds(stack: EngineStack): Promise<string[]> {
  return resourcesOfType(await stack.exportState(), "elb:PoolMember")
    .map((r) => String(r.id))
    .sort();
}

test("the same address and port declared twice: preview and up fail naming both, and the pool and state agree", async () => {
  const stack = await stackOf("twice", [
    { name: "web-a", weight: 3 },
    { name: "web-b", weight: 9 },
  ]);
  // The engine checks resources in any order: whichever comes second is refused, naming the first.
  const bothNamed =
    /192\.168\.0\.77:80 in pool \S+ is also declared by PoolMember "(web-a|web-b)" in this program.*remove one of "(web-a|web-b)" and "(web-a|web-b)"/;
  const preview = await stack.preview().catch((error: Error) => error);
  expect(preview).toBeInstanceOf(Error);
  const [, first, again, second] = bothNamed.exec((preview as Error).message) ?? [];
  expect(first).toBe(again);
  expect([first, second].sort()).toEqual(["web-a", "web-b"]);
  expect(emulator.members(POOL)).toEqual([]);

  const up = await stack.up().catch((error: Error) => error);
  expect(up).toBeInstanceOf(Error);
  expect((up as Error).message).toMatch(bothNamed);
  // Whatever the engine got to make before it stopped is in state, and nothing else is.
  expect(await recordedIds(stack)).toEqual(
    emulator
      .members(POOL)
      .map((m) => m.id)
      .sort(),
  );
  expect(emulator.members(POOL).length).toBeLessThanOrEqual(1);
});

test("a member another stack made: the second stack is told it was made outside this deployment, and nothing is shared", async () => {
  const first = await stackOf("owner", [{ name: "web", weight: 3 }]);
  await first.up();
  const [made] = emulator.members(POOL);

  const second = await stackOf("other", [{ name: "web", weight: 9 }]);
  const failure = await second.up().catch((error: Error) => error);
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toMatch(
    new RegExp(
      `already exists in pool ${POOL} \\(member id ${made.id}\\) and no other resource of this program declares it, so it was made outside this deployment: by hand, by another tool, by another stack`,
    ),
  );
  expect((failure as Error).message).toContain("if another stack manages it, both stacks would then");
  expect(await recordedIds(second)).toEqual([]);
  expect(emulator.members(POOL)).toMatchObject([{ id: made.id, weight: 3 }]);
  expect(await recordedIds(first)).toEqual([made.id]);
});
