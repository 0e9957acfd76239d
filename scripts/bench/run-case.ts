// One benchmark case: a fresh emulator and a fresh stack; `pulumi up`, a preview of the
// unchanged stack, `pulumi destroy`; counters reset before each, the provider process sampled
// during up and destroy. Whatever fails is recorded in the result; cleanup always runs.
import { startEmulator, type Emulator } from "../../emulator";
import { EngineStack } from "../lib/engine-stack";
import { callFigures, CaseResult, PhaseResult, stateFigures } from "./metrics";
import { BenchSettings, CaseSpec, defaultPhaseTimeoutS, PEER_PARALLEL, serialLowerBoundS, totalMembers } from "./plan";
import type { ProcessUsage } from "./proc-sampler";
import { ProviderSampler } from "./proc-sampler";
import { httpPeerApi, TerraformPeer } from "./peer";
import { benchMembers, benchProgram, benchSeed, pluginBenchProgram, poolId } from "./world";
import { buildPlugin, type PluginBuild } from "../build-plugin";
import { systemClock } from "../../provider/client/clock";

/**
 * Stack config per mode. The default sets nothing, as a user who sets nothing; the others set
 * their switch so the environment cannot change them.
 */
function modeConfig(spec: CaseSpec): Record<string, string> {
  // The README's recovery step: every member may take over the one an interrupted up left.
  const recovery: Record<string, string> = spec.recovery ? { "elb:adoptExisting": "true" } : {};
  return { ...switches(spec), ...recovery };
}

function switches(spec: CaseSpec): Record<string, string> {
  switch (spec.mode) {
    case "default":
    case "plugin":
      return {};
    case "queue":
      return { "elb:batchChanges": "false" };
    default:
      return { "elb:batchChanges": "true" };
  }
}

let plugin: PluginBuild | undefined;
/** The plugin, bundled once per bench run. */
function pluginBuild(): PluginBuild {
  plugin ??= buildPlugin();
  return plugin;
}

function firstLines(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** An operation stopped by the watchdog; its message is already short. */
class OverrunError extends Error {}

/** The interesting part of an Automation API error: its message without the CLI's full transcript. */
export function errorText(error: unknown): string {
  if (error instanceof OverrunError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  // CommandError messages carry the whole stdout; the diagnostics are at its end.
  const diag = message.indexOf("Diagnostics:");
  const core = diag >= 0 ? message.slice(diag) : message;
  return firstLines(core, 1500);
}

/** Runs `operation`; when it overruns, kills this stack's provider so the CLI gives up. */
async function withWatchdog<T>(label: string, timeoutS: number, workDir: string, pluginHome: string | undefined, operation: () => Promise<T>): Promise<T> {
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    const killed = new ProviderSampler(workDir, 100, pluginHome).killProviders();
    process.stderr.write(`  ${label}: over ${timeoutS} s, killed provider process(es) ${killed.join(", ") || "(none found)"}\n`);
  }, timeoutS * 1000);
  try {
    return await operation();
  } catch (error) {
    if (fired) throw new OverrunError(`took over ${timeoutS} s; the provider was killed (BENCH_PHASE_TIMEOUT_S sets the limit); ${errorText(error)}`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function memberCount(emulator: Emulator, loadBalancers: number): number {
  let count = 0;
  for (let i = 0; i < loadBalancers; i++) count += emulator.members(poolId(i)).length;
  return count;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function startBenchEmulator(spec: CaseSpec, settings: BenchSettings): Promise<Emulator> {
  const emulator = await startEmulator({
    seed: benchSeed(spec.loadBalancers, spec.zeroDowntime?.riseS, benchMembers(spec.members, spec.loadBalancers).slice(0, spec.recovery?.existing ?? 0)),
    busyMs: settings.busyMs,
    faults: { seed: 1, rules: settings.latencyMs > 0 ? [{ kind: "latency", ms: settings.latencyMs }] : [] },
  });
  if (spec.slowChange) emulator.slowChange(spec.slowChange.ms, { after: spec.slowChange.after });
  return emulator;
}

function emptyResult(spec: CaseSpec, settings: BenchSettings): CaseResult {
  return {
    spec,
    busyMs: settings.busyMs,
    latencyMs: settings.latencyMs,
    parallel: spec.parallel,
    lowerBoundS: serialLowerBoundS(totalMembers(spec), spec.loadBalancers, settings.busyMs),
    notes: [],
  };
}

/** The peer against a fresh emulator: its apply and destroy, timed and counted as ours are. */
async function runPeerCase(spec: CaseSpec, settings: BenchSettings, log: (line: string) => void): Promise<CaseResult> {
  const result = emptyResult(spec, settings);
  const emulator = await startBenchEmulator(spec, settings);
  try {
    const peer = new TerraformPeer(httpPeerApi(emulator.url), systemClock);
    const members = benchMembers(spec.members, spec.loadBalancers);
    const parallel = spec.parallel ?? PEER_PARALLEL;
    let start = process.hrtime.bigint();
    const ids = await peer.apply(members, parallel);
    result.up = { wallS: seconds(start), calls: callFigures(emulator.counters()), changes: { create: spec.members } };
    log(`  apply ${result.up.wallS.toFixed(1)} s, ${result.up.calls.total} calls, ${result.up.calls.conflicts409} x 409`);
    emulator.resetCounters();
    start = process.hrtime.bigint();
    await peer.destroy(
      members.map((member, i) => ({ ...member, id: ids[i] })),
      parallel,
    );
    result.destroy = { wallS: seconds(start), calls: callFigures(emulator.counters()), changes: { delete: spec.members } };
    log(`  destroy ${result.destroy.wallS.toFixed(1)} s, ${result.destroy.calls.total} calls, ${result.destroy.calls.conflicts409} x 409`);
  } catch (error) {
    result.error = errorText(error);
    log(`  ${result.error.slice(0, 300)}`);
  } finally {
    await emulator.close();
  }
  return result;
}

/** Several providers' usage as one: every process, the highest peak, all CPU. */
function combinedUsage(usages: ProcessUsage[]): ProcessUsage {
  return {
    pids: usages.flatMap((usage) => usage.pids),
    peakRssMb: Math.max(0, ...usages.map((usage) => usage.peakRssMb)),
    cpuSeconds: usages.reduce((sum, usage) => sum + usage.cpuSeconds, 0),
    samples: Math.max(0, ...usages.map((usage) => usage.samples)),
  };
}

/** Records a phase's failure: the first is the case's error, later ones are notes; each is logged. */
function failureRecorder(result: CaseResult, log: (line: string) => void): (phase: string, error: unknown) => void {
  return (phase, error) => {
    const text = `${phase}: ${errorText(error)}`;
    result.error ??= text;
    if (result.error !== text) result.notes.push(text);
    log(`  ${text.slice(0, 300)}`);
  };
}

/**
 * Several stacks on the same load balancers, each operation started in all of them at once: the
 * wall time is until the last one is done, each stack's own time is a note. No preview.
 */
async function runStacksCase(spec: CaseSpec, settings: BenchSettings, log: (line: string) => void): Promise<CaseResult> {
  const result = emptyResult(spec, settings);
  const timeoutS = settings.phaseTimeoutS ?? defaultPhaseTimeoutS(spec, settings.busyMs);
  const engineOptions = spec.parallel ? { parallel: spec.parallel } : {};
  const fail = failureRecorder(result, log);
  let emulator: Emulator | undefined;
  const stacks: EngineStack[] = [];
  try {
    emulator = await startBenchEmulator(spec, settings);
    const world = emulator;
    const config = Object.fromEntries(
      Object.entries({ "elb:endpoint": emulator.url, "elb:auth": "none", ...modeConfig(spec) }).map(([key, value]) => [key, { value }]),
    );
    for (let s = 0; s < (spec.stacks ?? 1); s++) {
      stacks.push(
        await EngineStack.create({
          projectName: "elb-bench",
          stackName: `bench-${spec.mode}-${spec.members}-${spec.loadBalancers}-stack-${s}`,
          program: benchProgram(spec.members, spec.loadBalancers, undefined, s * spec.members),
          config,
        }),
      );
    }

    const phase = async (name: "up" | "destroy", run: (stack: EngineStack) => Promise<{ summary: { resourceChanges?: Record<string, number> } }>) => {
      world.resetCounters();
      const samplers = stacks.map((stack) => new ProviderSampler(stack.workDir, 100));
      for (const sampler of samplers) sampler.start();
      const start = process.hrtime.bigint();
      const runs = await Promise.allSettled(
        stacks.map(async (stack) => {
          const { summary } = await withWatchdog(name, timeoutS, stack.workDir, undefined, () => run(stack));
          return { wallS: seconds(start), changes: summary.resourceChanges ?? {} };
        }),
      );
      const wallS = seconds(start);
      const provider = combinedUsage(samplers.map((sampler) => sampler.stop()));
      const failed = runs.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
      if (failed) throw failed.reason;
      const done = runs.map((outcome) => (outcome as PromiseFulfilledResult<{ wallS: number; changes: Record<string, number> }>).value);
      result.notes.push(`${name}: the stacks took ${done.map((stack) => `${stack.wallS.toFixed(1)} s`).join(", ")}`);
      const changes: Record<string, number> = {};
      for (const stack of done) for (const [op, n] of Object.entries(stack.changes)) changes[op] = (changes[op] ?? 0) + n;
      return { wallS, calls: callFigures(world.counters()), provider, changes };
    };

    try {
      result.up = await phase("up", (stack) => stack.up(engineOptions));
      const present = memberCount(world, spec.loadBalancers);
      if (present !== totalMembers(spec)) fail("up", new Error(`the pools hold ${present} members after up, expected ${totalMembers(spec)}`));
      log(
        `  up ${result.up.wallS.toFixed(1)} s, ${result.up.calls.total} calls, ${result.up.calls.conflicts409} x 409, ${result.up.calls.busyPeriods} busy periods`,
      );
    } catch (error) {
      fail("up", error);
    }
    try {
      result.destroy = await phase("destroy", (stack) => stack.destroy(engineOptions));
      const left = memberCount(world, spec.loadBalancers);
      if (left !== 0) fail("destroy", new Error(`${left} members left after destroy`));
      log(`  destroy ${result.destroy.wallS.toFixed(1)} s, ${result.destroy.calls.total} calls, ${result.destroy.calls.conflicts409} x 409`);
    } catch (error) {
      fail("destroy", error);
    }
  } catch (error) {
    fail("setup", error);
  } finally {
    for (const stack of stacks) {
      try {
        await withWatchdog("cleanup", timeoutS, stack.workDir, undefined, () => stack.dispose());
      } catch (error) {
        result.notes.push(`cleanup: ${errorText(error)}`);
      }
    }
    await emulator?.close();
  }
  return result;
}

export async function runCase(spec: CaseSpec, settings: BenchSettings, log: (line: string) => void): Promise<CaseResult> {
  if (spec.mode === "peer") return runPeerCase(spec, settings, log);
  if (spec.stacks) return runStacksCase(spec, settings, log);
  const result = emptyResult(spec, settings);
  const timeoutS = settings.phaseTimeoutS ?? defaultPhaseTimeoutS(spec, settings.busyMs);
  const engineOptions = spec.parallel ? { parallel: spec.parallel } : {};
  const fail = failureRecorder(result, log);

  let emulator: Emulator | undefined;
  let stack: EngineStack | undefined;
  try {
    emulator = await startBenchEmulator(spec, settings);
    const config = { "elb:endpoint": emulator.url, "elb:auth": "none", ...modeConfig(spec) };
    stack = await EngineStack.create({
      projectName: "elb-bench",
      stackName: `bench-${spec.mode}-${spec.members}-${spec.loadBalancers}${spec.zeroDowntime ? "-zero-downtime" : ""}${spec.recovery ? "-recovery" : ""}`,
      program:
        spec.mode === "plugin" ? pluginBenchProgram(spec.members, spec.loadBalancers) : benchProgram(spec.members, spec.loadBalancers, spec.zeroDowntime),
      config: Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }])),
    });
    const engine = stack;
    const world = emulator;
    const pluginHome = spec.mode === "plugin" ? engine.pulumiHome : undefined;
    if (spec.mode === "plugin") {
      const plugin = pluginBuild();
      await engine.cli(["plugin", "install", "resource", "elb", plugin.version, "--file", plugin.tarball]);
    }

    const phase = async (name: "up" | "destroy", run: () => Promise<{ summary: { resourceChanges?: Record<string, number> } }>): Promise<PhaseResult> => {
      world.resetCounters();
      const sampler = new ProviderSampler(engine.workDir, 100, pluginHome);
      sampler.start();
      const start = process.hrtime.bigint();
      let summary: { resourceChanges?: Record<string, number> };
      try {
        summary = (await withWatchdog(name, timeoutS, engine.workDir, pluginHome, run)).summary;
      } catch (error) {
        sampler.stop();
        throw error;
      }
      const wallS = seconds(start);
      return { wallS, calls: callFigures(world.counters()), provider: sampler.stop(), changes: summary.resourceChanges ?? {} };
    };

    let upOk = false;
    try {
      result.up = await phase("up", () => engine.up(engineOptions));
      upOk = true;
      const present = memberCount(world, spec.loadBalancers);
      if (present !== spec.members) fail("up", new Error(`the pools hold ${present} members after up, expected ${spec.members}`));
      if (spec.slowChange && result.up.calls.busyPeriods <= spec.slowChange.after) {
        result.notes.push(`up applied ${result.up.calls.busyPeriods} changes, so the slow one (change ${spec.slowChange.after + 1}) did not come in it`);
      }
      log(
        `  up ${result.up.wallS.toFixed(1)} s, ${result.up.calls.total} calls, ${result.up.calls.conflicts409} x 409, ${result.up.calls.busyPeriods} busy periods`,
      );
    } catch (error) {
      fail("up", error);
    }

    if (upOk) {
      try {
        result.state = stateFigures(await engine.exportState());
      } catch (error) {
        fail("export", error);
      }
      try {
        world.resetCounters();
        const start = process.hrtime.bigint();
        const preview = await withWatchdog("preview", timeoutS, engine.workDir, pluginHome, () => engine.preview(engineOptions));
        result.preview = {
          wallS: seconds(start),
          calls: callFigures(world.counters()),
          changeSummary: (preview.changeSummary ?? {}) as Record<string, number>,
        };
        const changed = Object.entries(result.preview.changeSummary).filter(([op, n]) => op !== "same" && n > 0);
        if (changed.length > 0) result.notes.push(`preview of the unchanged stack planned ${changed.map(([op, n]) => `${n} ${op}`).join(", ")}`);
        log(`  preview ${result.preview.wallS.toFixed(1)} s, ${result.preview.calls.total} calls, ${result.preview.calls.mutating} mutating`);
      } catch (error) {
        fail("preview", error);
      }
    }

    try {
      result.destroy = await phase("destroy", () => engine.destroy(engineOptions));
      const left = memberCount(world, spec.loadBalancers);
      if (left !== 0) fail("destroy", new Error(`${left} members left after destroy`));
      log(`  destroy ${result.destroy.wallS.toFixed(1)} s, ${result.destroy.calls.total} calls, ${result.destroy.calls.conflicts409} x 409`);
    } catch (error) {
      fail("destroy", error);
    }
  } catch (error) {
    fail("setup", error);
  } finally {
    if (stack) {
      const engine = stack;
      try {
        await withWatchdog("cleanup", timeoutS, engine.workDir, spec.mode === "plugin" ? engine.pulumiHome : undefined, () => engine.dispose());
      } catch (error) {
        result.notes.push(`cleanup: ${errorText(error)}`);
      }
    }
    await emulator?.close();
  }
  return result;
}
