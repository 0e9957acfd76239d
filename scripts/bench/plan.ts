// What `make bench` runs: scenarios (members x load balancers), the provider modes compared on
// each, and the knobs read from the environment. Pure data, so tests and the report share it.

/**
 * default: nothing set, the CLI's default parallelism (the queue, and batching of changes that
 *   wait behind another).
 * queue: the queue alone (`elb:batchChanges` false), as before batching was the default.
 * batch: batching with the engine's parallelism at least N.
 * peer: not our provider: the Terraform peer's measured profile replayed (scripts/bench/peer.ts)
 *   at -parallelism=10, as it was measured.
 * plugin: the same provider/ served as the resource plugin pulumi-resource-elb (make plugin),
 *   settings as the default's, for its memory beside the dynamic provider's.
 */
export type Mode = "default" | "queue" | "batch" | "peer" | "plugin";

export const MODE_LABEL: Record<Mode, string> = {
  default: "ours (default)",
  queue: "ours (queue only)",
  batch: "ours+batching",
  peer: "terraform peer",
  plugin: "plugin (default)",
};

/** The parallelism the real peer was measured at. */
export const PEER_PARALLEL = 10;

export interface CaseSpec {
  /** e.g. "N=100/1LB" */
  scenario: string;
  members: number;
  loadBalancers: number;
  mode: Mode;
  /** The engine's --parallel; undefined = the CLI default. */
  parallel?: number;
  /**
   * Members drain this long on removal and wait for ONLINE after creation, in pools whose health
   * monitor takes `riseS` of passing checks to mark a member ONLINE.
   */
  zeroDowntime?: { drainSeconds: number; riseS: number };
  /**
   * The README's recovery after an interrupted `up`: this many of the members already exist in
   * the pool, as the interrupted run made them (with the program's values), and the stack sets
   * elb:adoptExisting.
   */
  recovery?: { existing: number };
  /** One change of the run, the one after `after` applied changes, keeps the load balancer busy for ms instead of T. */
  slowChange?: { ms: number; after: number };
  /**
   * This many stacks, each with `members` members of its own on the same load balancers, run
   * each operation at the same time (as several pipelines sharing a load balancer do).
   */
  stacks?: number;
}

export interface BenchSettings {
  quick: boolean;
  /** PENDING_UPDATE time after each applied change (T), ms. */
  busyMs: number;
  /** Emulator latency added to every ELB request, ms. */
  latencyMs: number;
  /** Upper bound for one engine operation, seconds; the provider is killed when it is reached. */
  phaseTimeoutS?: number;
  /** Only cases whose label matches this regular expression. */
  only?: RegExp;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): BenchSettings {
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be an integer >= 0, got ${raw}`);
    return value;
  };
  const timeout = int("BENCH_PHASE_TIMEOUT_S", 0);
  return {
    quick: env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true",
    busyMs: int("BENCH_BUSY_MS", 200),
    latencyMs: int("BENCH_LATENCY_MS", 5),
    phaseTimeoutS: timeout > 0 ? timeout : undefined,
    only: env.BENCH_ONLY ? new RegExp(env.BENCH_ONLY) : undefined,
  };
}

export function scenarioName(members: number, loadBalancers: number): string {
  return `N=${members}/${loadBalancers}LB`;
}

/** Members over all of a case's stacks. */
export function totalMembers(spec: Pick<CaseSpec, "members" | "stacks">): number {
  return spec.members * (spec.stacks ?? 1);
}

/** A case of its shape and mode alone: no drain or health gate, no recovery, no slow change, one stack. */
export function isPlain(spec: CaseSpec): boolean {
  return !spec.zeroDowntime && !spec.slowChange && !spec.stacks && !spec.recovery;
}

export function caseLabel(spec: CaseSpec): string {
  const drain = spec.zeroDowntime ? `, drain ${spec.zeroDowntime.drainSeconds}s + health gate` : "";
  const recovery = spec.recovery ? `, recovery (adoptExisting, ${spec.recovery.existing} existing)` : "";
  return `${spec.scenario} ${MODE_LABEL[spec.mode]}${drain}${recovery}`;
}

/**
 * Drain and health gate at N members: the drains overlap only as far as the engine runs deletes
 * at once, so the engine's parallelism is N.
 */
function zeroDowntimeCase(members: number, drainSeconds: number): CaseSpec {
  return { scenario: scenarioName(members, 1), members, loadBalancers: 1, mode: "default", parallel: members, zeroDowntime: { drainSeconds, riseS: 2 } };
}

/**
 * Recovery at N members, half of them already there: compared with the batching case of the same
 * N (the same settings and --parallel N, without adoptExisting and with an empty pool).
 */
function recoveryCase(members: number): CaseSpec {
  return { scenario: scenarioName(members, 1), members, loadBalancers: 1, mode: "batch", parallel: members, recovery: { existing: Math.floor(members / 2) } };
}

/** The outlier of the slow-change case: one change twenty-five times T (at T = 200 ms). */
export const SLOW_CHANGE_MS = 5_000;

/**
 * One slow change among N members, default settings: the third change the load balancer applies
 * (early, so many changes come after it) takes SLOW_CHANGE_MS.
 */
function slowChangeCase(members: number): CaseSpec {
  return { scenario: `one slow change among ${members}`, members, loadBalancers: 1, mode: "default", slowChange: { ms: SLOW_CHANGE_MS, after: 2 } };
}

/**
 * Three stacks of N members each on one load balancer, started together. Each member is its own
 * change (the queue alone), so the load balancer time all their changes need is 3 x N x T, and
 * how long the last stack takes beyond it is time the load balancer sat idle. (Batched, a
 * hundred members are a few seconds of load balancer time, and the three engines' own time would
 * be what is measured.)
 */
function sharedLoadBalancerCase(members: number): CaseSpec {
  return { scenario: `3 stacks x ${members} members on one load balancer`, members, loadBalancers: 1, mode: "queue", stacks: 3 };
}

function cases(members: number, loadBalancers: number, modes: Mode[]): CaseSpec[] {
  return modes.map((mode) => ({
    scenario: scenarioName(members, loadBalancers),
    members,
    loadBalancers,
    mode,
    // Batching can only coalesce what the engine hands over at once.
    parallel: mode === "batch" ? members : mode === "peer" ? PEER_PARALLEL : undefined,
  }));
}

/**
 * The full plan. The peer runs at N=10 and N=100, where it was measured (at N=300 it would take
 * most of the bench's time); the default beside the queue alone at every N.
 */
export function benchPlan(settings: Pick<BenchSettings, "quick" | "only">): CaseSpec[] {
  const all = settings.quick
    ? [
        ...cases(10, 1, ["default", "queue", "batch", "peer", "plugin"]),
        zeroDowntimeCase(10, 5),
        recoveryCase(10),
        slowChangeCase(10),
        sharedLoadBalancerCase(10),
      ]
    : [
        ...cases(10, 1, ["default", "queue", "peer"]),
        ...cases(100, 1, ["default", "queue", "batch", "peer"]),
        zeroDowntimeCase(100, 30),
        recoveryCase(100),
        slowChangeCase(100),
        sharedLoadBalancerCase(100),
        ...cases(300, 1, ["default", "queue", "batch", "plugin"]),
        ...cases(300, 3, ["default", "queue", "batch"]),
      ];
  return settings.only ? all.filter((spec) => settings.only!.test(caseLabel(spec))) : all;
}

/** Serial lower bound: every change on a load balancer waits out the busy time of the one before. */
export function serialLowerBoundS(members: number, loadBalancers: number, busyMs: number): number {
  return (Math.ceil(members / loadBalancers) * busyMs) / 1000;
}

/** Generous default for one operation: two minutes plus twenty times the serial lower bound. */
export function defaultPhaseTimeoutS(spec: CaseSpec, busyMs: number): number {
  const waits = (spec.zeroDowntime ? 4 * (spec.zeroDowntime.drainSeconds + spec.zeroDowntime.riseS) : 0) + (spec.slowChange ? spec.slowChange.ms / 1000 : 0);
  return 120 + 20 * serialLowerBoundS(totalMembers(spec), spec.loadBalancers, busyMs) + waits;
}

/** The mode's label, with what the case adds to it. */
export function modeLabel(spec: CaseSpec): string {
  if (spec.zeroDowntime) return `${MODE_LABEL[spec.mode]} + drain/gate`;
  if (spec.recovery) return `${MODE_LABEL[spec.mode]} + recovery`;
  return MODE_LABEL[spec.mode];
}
