// Member health as a pool's health monitor would report it, worked out at read time from the
// emulator's clock, so no timer runs. A member's checks keep one baseline: the result it showed at
// a moment, from which its monitor counts consecutive checks. While its server's health agrees
// with that result nothing changes; once they have disagreed for the monitor's threshold (delay x
// max_retries: that many checks in a row, one every delay), the result flips, either way. Before
// what the result depends on changes (the server's health, the monitor's timing), rebase() keeps
// the result as of that moment and starts the count again there; a member that is created, or
// whose pool gets a monitor, starts OFFLINE with nothing counted.
import type { HealthMonitorRecord } from "./records";

export interface MemberChecks {
  /** The result the member showed at `since`: ONLINE (true) or OFFLINE. */
  online: boolean;
  /** Clock ms from which checks are counted. */
  since: number;
}

/** The time in ms a result takes to flip: delay x max_retries, in whole milliseconds. */
export function thresholdMs(monitor: HealthMonitorRecord): number {
  return Math.round(monitor.delay * 1000) * monitor.maxRetries;
}

/** The member's result at `now`, with its server healthy or not since `checks.since`. */
export function checkedOnline(checks: MemberChecks, serverHealthy: boolean, threshold: number, now: number): boolean {
  if (serverHealthy === checks.online) return checks.online;
  return now - checks.since >= threshold ? serverHealthy : checks.online;
}

/** The checks from `now` on, when something they depend on is about to change. */
export function rebase(checks: MemberChecks, serverHealthy: boolean, threshold: number, now: number): MemberChecks {
  return { online: checkedOnline(checks, serverHealthy, threshold, now), since: now };
}
