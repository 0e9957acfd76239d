// Fault injection: per request, the matching rules roll a seeded PRNG and produce a plan
// (latency, an error or 429 instead of the handler, commit-then-drop, a slow body). Rules without
// a route apply to ELB routes only; an IAM route is faulted only when a rule names it; admin
// routes are never faulted.
import { ApiError, EmulatorConfigError, serverError, throttled } from "./errors";
import { createPrng } from "./prng";
import type { FaultConfig, FaultRule } from "./types";

export type RouteKind = "elb" | "iam";

export interface FaultPlan {
  latencyMs: number;
  /** Answer with this instead of running the handler. */
  respond?: ApiError;
  /** Run the handler, then answer with this error anyway. */
  respondAfterCommit?: ApiError;
  /** Run the handler, then destroy the socket before any response byte. */
  drop: boolean;
  /** Trickle the body over this many ms. */
  slowBodyMs: number;
}

const KINDS = new Set(["latency", "error", "throttle", "drop", "slowBody"]);
const ERROR_STATUSES = new Set([500, 502, 503, 504]);
export const DEFAULT_FAULT_SEED = 1;

function check(ok: boolean, message: string): void {
  if (!ok) throw new EmulatorConfigError(`faults: ${message}`);
}

function nonNegativeInt(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

/** Validates a fault configuration; knownRoutes are the route keys a rule may name. */
export function validateFaultConfig(config: FaultConfig, knownRoutes: string[]): void {
  check(typeof config === "object" && config !== null && Array.isArray(config.rules), "expected {seed?, rules: [...]}");
  check(config.seed === undefined || Number.isInteger(config.seed), "seed must be an integer");
  config.rules.forEach((rule: FaultRule, i) => {
    const at = `rule ${i}`;
    check(typeof rule === "object" && rule !== null && KINDS.has(rule.kind), `${at}: kind must be one of ${[...KINDS].join(", ")}`);
    if (rule.route !== undefined) {
      check(!rule.route.includes(" /_emulator"), `${at}: admin routes are never faulted`);
      check(knownRoutes.includes(rule.route), `${at}: unknown route "${rule.route}"; known: ${knownRoutes.join(" | ")}`);
    }
    check(rule.rate === undefined || (typeof rule.rate === "number" && rule.rate >= 0 && rule.rate <= 1), `${at}: rate must be 0..1`);
    check(rule.times === undefined || nonNegativeInt(rule.times), `${at}: times must be an integer >= 0`);
    if (rule.kind === "latency" || rule.kind === "slowBody") check(nonNegativeInt(rule.ms), `${at}: ms must be an integer >= 0`);
    if (rule.kind === "error") check(ERROR_STATUSES.has(rule.status), `${at}: status must be 500, 502, 503 or 504`);
    if (rule.kind === "throttle") {
      check(rule.retryAfterSeconds === undefined || nonNegativeInt(rule.retryAfterSeconds), `${at}: retryAfterSeconds must be an integer >= 0`);
    }
  });
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number = createPrng(DEFAULT_FAULT_SEED);
  private config: FaultConfig = { rules: [] };

  constructor(private readonly knownRoutes: () => string[]) {}

  /** Replaces the rules and restarts the PRNG from the seed, so a run can be repeated. */
  set(config: FaultConfig): void {
    validateFaultConfig(config, this.knownRoutes());
    this.config = { seed: config.seed, rules: config.rules.map((r) => ({ ...r })) };
    this.rules = this.config.rules.map((rule) => ({ rule, remaining: rule.times ?? Infinity }));
    this.random = createPrng(config.seed ?? DEFAULT_FAULT_SEED);
  }

  current(): FaultConfig {
    return { seed: this.config.seed, rules: this.config.rules.map((r) => ({ ...r })) };
  }

  plan(routeKey: string, kind: RouteKind): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, drop: false, slowBodyMs: 0 };
    for (const active of this.rules) {
      const { rule } = active;
      const applies = rule.route === undefined ? kind === "elb" : rule.route === routeKey;
      if (!applies || active.remaining <= 0) continue;
      // A rule whose effect is already decided by an earlier rule neither rolls nor fires.
      const terminal = rule.kind === "error" || rule.kind === "throttle" || rule.kind === "drop";
      if (terminal && (plan.respond || plan.respondAfterCommit || plan.drop)) continue;
      if (rule.kind === "slowBody" && plan.slowBodyMs > 0) continue;
      if (this.random() >= (rule.rate ?? 1)) continue;
      active.remaining -= 1;
      switch (rule.kind) {
        case "latency":
          plan.latencyMs += rule.ms;
          break;
        case "error":
          if (rule.afterCommit) plan.respondAfterCommit = serverError(rule.status);
          else plan.respond = serverError(rule.status);
          break;
        case "throttle":
          plan.respond = throttled(rule.retryAfterSeconds ?? 1);
          break;
        case "drop":
          plan.drop = true;
          break;
        case "slowBody":
          plan.slowBodyMs = rule.ms;
          break;
      }
    }
    return plan;
  }
}
