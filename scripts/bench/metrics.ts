// Figures taken from emulator counters and exported state; pure functions over plain data.
import type { Counters } from "../../emulator";
import type { ProcessUsage } from "./proc-sampler";
import type { CaseSpec } from "./plan";

const ELB_ROUTE = /^(GET|POST|PUT|DELETE) \/v2\.0\//;
const MUTATING_ROUTE = /^(POST|PUT|DELETE) \/v2\.0\//;

/** Only the ELB API routes (no auth group, no unmatched). */
export function elbRoutes(counters: Counters): Counters {
  return Object.fromEntries(Object.entries(counters).filter(([route]) => ELB_ROUTE.test(route)));
}

export function sumCalls(counters: Counters, filter: (route: string, status: string) => boolean = () => true): number {
  let sum = 0;
  for (const [route, statuses] of Object.entries(counters)) {
    for (const [status, count] of Object.entries(statuses)) if (filter(route, status)) sum += count;
  }
  return sum;
}

export interface CallFigures {
  /** Every ELB API request, whatever the answer. */
  total: number;
  conflicts409: number;
  /** Mutating requests of any status. */
  mutating: number;
  /**
   * Mutating requests that were applied (2xx). Each applied change opens exactly one
   * PENDING_UPDATE window (a batch PUT counts once), and a change is refused while a window is
   * open, so this is the number of busy periods.
   */
  busyPeriods: number;
  byRoute: Counters;
}

export function callFigures(counters: Counters): CallFigures {
  const byRoute = elbRoutes(counters);
  return {
    total: sumCalls(byRoute),
    conflicts409: sumCalls(byRoute, (_route, status) => status === "409"),
    mutating: sumCalls(byRoute, (route) => MUTATING_ROUTE.test(route)),
    busyPeriods: sumCalls(byRoute, (route, status) => MUTATING_ROUTE.test(route) && /^2\d\d$/.test(status)),
    byRoute,
  };
}

export interface StateResourceLike {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface StateFigures {
  resources: number;
  /** Mean JSON size of one PoolMember resource in the exported state. */
  bytesPerResource: number;
  /** Mean size of `__provider` per resource, inputs and outputs copies together. */
  providerBytesPerResource: number;
}

export function stateFigures(resources: StateResourceLike[]): StateFigures {
  // The dynamic provider's type ends in elb:PoolMember, the plugin's is elb:index:PoolMember.
  const members = resources.filter((r) => r.type.endsWith("elb:PoolMember") || r.type === "elb:index:PoolMember");
  if (members.length === 0) return { resources: 0, bytesPerResource: 0, providerBytesPerResource: 0 };
  const size = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value)));
  const total = members.reduce((sum, r) => sum + size(r), 0);
  const provider = members.reduce((sum, r) => sum + size(r.inputs?.__provider) + size(r.outputs?.__provider), 0);
  return {
    resources: members.length,
    bytesPerResource: Math.round(total / members.length),
    providerBytesPerResource: Math.round(provider / members.length),
  };
}

export interface PhaseResult {
  wallS: number;
  calls: CallFigures;
  /** The dynamic-provider process; none for the peer, which runs no provider of ours. */
  provider?: ProcessUsage;
  /** The engine's own count of what it did, e.g. {create: 101}. */
  changes: Record<string, number>;
}

export interface PreviewFigures {
  wallS: number;
  calls: CallFigures;
  changeSummary: Record<string, number>;
}

export interface CaseResult {
  spec: CaseSpec;
  busyMs: number;
  latencyMs: number;
  /** The CLI's --parallel as passed; undefined = the CLI default. */
  parallel?: number;
  lowerBoundS: number;
  up?: PhaseResult;
  preview?: PreviewFigures;
  destroy?: PhaseResult;
  state?: StateFigures;
  /** The first failure, if any; later phases may still have run. */
  error?: string;
  notes: string[];
}
