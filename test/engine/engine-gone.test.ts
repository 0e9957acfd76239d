// The pulumi CLI stopped in the middle of `up`, through the real CLI, for both ways the engine runs
// the provider: the Node dynamic-provider host (with either launcher) and the resource plugin
// pulumi-resource-elb. The README promises that once the CLI is gone the provider sends nothing
// that was not sent yet, so nothing more is created behind the state's back; the emulator's
// creation log, on its own clock, says whether that held.
//
// Why a bound of 100 ms cannot flake on a loaded machine and still catches a late provider: the
// CLI is stopped just after the first member lands (the log is looked at every few ms). That
// change keeps the load balancer busy for 200 ms, and the provider waits for ACTIVE before its
// next change, so no change is on its way at the kill, and none may leave for 200 ms: a member
// created after the kill was sent after it, and a provider has nearly 200 ms, not 100, to notice
// before it could send one. One that notices late sends the members waiting in its queue once
// the load balancer is ACTIVE again: before the engine's own signals were watched, 3 to 10
// members about 0.6 s after the kill in every run (the dynamic host looked every second, the
// plugin not at all and never exited).
//
// Ctrl-C is the engine's Cancel call, which only the plugin receives: the engine still waits for
// the operations under way and records their answers, so nothing may be made that it does not
// record, and nothing new may start.
import * as fs from "node:fs";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { buildPlugin } from "../../scripts/build-plugin";
import { PluginPoolMember } from "./plugin-resource";
import { EngineStack, resourcesOfType, teardown } from "./harness";
import { cliDescendants, interruptPulumiCli, isRunning, killPulumiCliHard, nonExecLauncherDir } from "./processes";

jest.setTimeout(300_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const MEMBERS = 50;
const BUSY_MS = 200;
/** The README's promise, in numbers: nothing sent later than this after the CLI died. */
const SENT_WITHIN_MS = 100;
/** How long a provider may take to exit: requests on the wire get up to 5 s, and none hangs here. */
const EXIT_WITHIN_MS = 10_000;
/** How long to watch for late creations when the provider does not exit (the plugin, before it watched its engine). */
const WATCH_MS = 3_000;

const elbConfig = (emulator: Emulator) => ({ "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } });
const addresses = Array.from({ length: MEMBERS }, (_, n) => `192.168.0.${n + 10}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface KillFigures {
  /** What the interrupted `up` failed with. */
  message: string;
  /** Members created after the kill, and the latest of them (ms after the kill, emulator's clock). */
  createdAfter: number;
  latestMs?: number;
  /** Members created later than SENT_WITHIN_MS after the kill. */
  late: { address: string; afterMs: number }[];
  /** From the kill until every process the CLI had started was gone; undefined if one still ran. */
  exitedAfterMs?: number;
  /** Member ids in the state, and in the pool. */
  recorded: string[];
  existing: string[];
}

/**
 * Starts `up --parallel 50`, stops the CLI (`kill -9` by default) just after the first member
 * lands, and reads what followed.
 */
async function stopMidUp(engine: EngineStack, emulator: Emulator, onStarted: (pids: number[]) => void, stop = killPulumiCliHard): Promise<KillFigures> {
  const run = engine.up({ parallel: MEMBERS }).catch((error: Error) => error);
  while (emulator.memberCreations().length === 0) await sleep(2);
  // Found before the kill: once their CLI is dead they are no longer its children.
  const started = cliDescendants();
  onStarted(started);
  expect(stop()).toBe(1);
  const killedAt = emulator.now();
  expect(started.length).toBeGreaterThanOrEqual(1);
  const failure = await run;
  expect(failure).toBeInstanceOf(Error);

  let exitedAfterMs: number | undefined;
  while (emulator.now() - killedAt < Math.max(EXIT_WITHIN_MS, WATCH_MS)) {
    if (!started.some(isRunning)) {
      exitedAfterMs = emulator.now() - killedAt;
      break;
    }
    await sleep(10);
  }
  // A provider that exited sends nothing more; one that runs on is watched for a while.
  await sleep(Math.max(0, killedAt + WATCH_MS - emulator.now()));

  const after = emulator.memberCreations().filter((creation) => creation.at > killedAt);
  const recorded = resourcesOfType(await engine.exportState(), "PoolMember")
    .map((resource) => resource.id!)
    .sort();
  return {
    message: (failure as Error).message,
    createdAfter: after.length,
    latestMs: after.length > 0 ? Math.max(...after.map((creation) => creation.at - killedAt)) : undefined,
    late: after
      .filter((creation) => creation.at - killedAt > SENT_WITHIN_MS)
      .map((creation) => ({ address: creation.address, afterMs: creation.at - killedAt })),
    exitedAfterMs,
    recorded,
    existing: emulator
      .members(POOL)
      .map((member) => member.id)
      .sort(),
  };
}

function report(what: string, figures: KillFigures): void {
  console.log(
    `${what}: ${figures.createdAfter} member(s) created after it` +
      `${figures.latestMs === undefined ? "" : `, the last ${figures.latestMs.toFixed(0)} ms after it`}; ` +
      `processes gone ${figures.exitedAfterMs === undefined ? "never" : `${figures.exitedAfterMs.toFixed(0)} ms`} after it; ` +
      `${figures.existing.length} of ${MEMBERS} exist, ${figures.recorded.length} in state`,
  );
}

/** What the test leaves behind: any process of the killed run, the stale lock, the stack. */
function cleanUp(engine: EngineStack | undefined, emulator: Emulator | undefined, pids: () => number[], launcherDir?: string) {
  return teardown(
    () => pids().forEach((pid) => isRunning(pid) && process.kill(pid, "SIGKILL")),
    () => engine?.stack.cancel(),
    () => emulator?.setBusyMs(0),
    () => engine?.dispose(),
    () => emulator?.close(),
    () => launcherDir && fs.rmSync(launcherDir, { recursive: true, force: true }),
  );
}

/** The stack: 50 members through the dynamic provider (and its launcher) or the plugin, on an emulator with a 200 ms busy time. */
async function stackFor(kind: "dynamic" | "plugin", launcherDir?: string): Promise<{ emulator: Emulator; engine: EngineStack }> {
  const emulator = await startEmulator({ seed: demoSeed(), busyMs: BUSY_MS });
  const plugin = kind === "plugin" ? buildPlugin() : undefined;
  const engine = await EngineStack.create({
    projectName: `engine-gone-${kind}`,
    config: elbConfig(emulator),
    env: launcherDir ? { PATH: `${launcherDir}${path.delimiter}${process.env.PATH}` } : undefined,
    program: async () => {
      addresses.forEach((address, n) => {
        const args = { poolId: POOL, subnetId: SUBNET, address, protocolPort: 80, name: `g${n}` };
        if (plugin) new PluginPoolMember(`g${n}`, args);
        else new PoolMember(`g${n}`, args);
      });
      return {};
    },
  });
  if (plugin) await engine.cli(["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball]);
  return { emulator, engine };
}

describe.each([
  ["the dynamic provider, with a launcher that execs node (this project's)", "dynamic", false],
  ["the dynamic provider, with a launcher shell that runs node as its child (Pulumi's own)", "dynamic", true],
  ["the resource plugin", "plugin", false],
] as const)("kill -9 of the CLI mid-up, %s", (what, kind, shell) => {
  let emulator: Emulator | undefined;
  let engine: EngineStack | undefined;
  let started: number[] = [];
  const launcherDir = shell ? nonExecLauncherDir() : undefined;

  afterAll(() => cleanUp(engine, emulator, () => started, launcherDir));

  test(`nothing is created later than ${SENT_WITHIN_MS} ms after the kill, and the provider exits`, async () => {
    ({ emulator, engine } = await stackFor(kind, launcherDir));
    const figures = await stopMidUp(engine, emulator, (pids) => (started = pids));
    report(`kill -9, ${what}`, figures);
    expect(figures.late).toEqual([]);
    expect(figures.exitedAfterMs).toBeLessThan(EXIT_WITHIN_MS);
    // Whatever exists beyond the state was on the wire at the kill: the documented recovery's business.
    expect(figures.existing.length).toBeGreaterThanOrEqual(figures.recorded.length);
  });
});

describe("Ctrl-C mid-up, the resource plugin", () => {
  let emulator: Emulator | undefined;
  let engine: EngineStack | undefined;
  let started: number[] = [];

  afterAll(() => cleanUp(engine, emulator, () => started));

  test("the engine's Cancel stops every change not yet sent, and what was made is recorded", async () => {
    ({ emulator, engine } = await stackFor("plugin"));
    // The CLI cancels: it waits for the operations under way and records their answers.
    const figures = await stopMidUp(engine, emulator, (pids) => (started = pids), interruptPulumiCli);
    report("Ctrl-C, the resource plugin", figures);
    expect(figures.late).toEqual([]);
    expect(figures.message).toContain("not sent: the provider is shutting down (the engine cancelled the deployment");
    // Nothing behind the state's back: the engine was there to record every answer.
    expect(figures.existing).toEqual(figures.recorded);
  });
});
