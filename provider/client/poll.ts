// One way to wait for something to settle: `poll` looks, and while the look finds it pending,
// pauses and looks again. Every pause sleeps on the operation's Deadline and its clock, so tests
// drive it with a clock they move themselves; the pauses themselves are the caller's, named
// beside its call (a load balancer applying a change, a health check marking a member ONLINE).
import { Deadline } from "./deadline";

/** What one look found: the wait is over, with its value, or still pending, as the timeout error should name it. */
export type Look<T> = { done: T } | { pending: string };

export interface PollOptions {
  /** Bounds the wait: a pause that would pass it throws its timeout error, naming the last look. */
  deadline: Deadline;
  /** The pause after look `look` (counting from 0) found the work pending. */
  pauseMs(look: number): number;
  /**
   * Time kept back for a last look, so it is sent before the deadline rather than refused:
   * pauses are cut short to leave it, and when nothing is left the poll fails at once with
   * `timeoutError` instead of sleeping into the deadline. As a function it is given the longest
   * a look has taken so far, so the last look can go out as late as its answer still comes in
   * time: a fixed reserve sized for a slow server leaves the end of the wait unlooked at.
   */
  reserveMs?: number | ((slowestLookMs: number) => number);
  /** The error when time runs out, given what the last look found; the deadline's own by default. */
  timeoutError?(lastSeen: string): Error;
}

/**
 * Looks until a look says done, and returns its value. What a look throws ends the poll as it
 * is: a state that will not settle by waiting (a load balancer in ERROR) fails at once.
 */
export async function poll<T>(look: (look: number) => Promise<Look<T>>, options: PollOptions): Promise<T> {
  const { deadline, reserveMs } = options;
  let slowestLookMs = 0;
  for (let n = 0; ; n++) {
    const started = deadline.clock.now();
    const seen = await look(n);
    slowestLookMs = Math.max(slowestLookMs, deadline.clock.now() - started);
    if ("done" in seen) return seen.done;
    let pauseMs = options.pauseMs(n);
    if (reserveMs !== undefined) {
      pauseMs = Math.min(pauseMs, deadline.remainingMs() - (typeof reserveMs === "number" ? reserveMs : reserveMs(slowestLookMs)));
      if (pauseMs <= 0) throw options.timeoutError?.(seen.pending) ?? deadline.timeoutError(seen.pending);
    }
    await deadline.sleep(pauseMs, seen.pending);
  }
}

/** Pauses that start at `firstMs` and double up to `maxMs` (a first pause above it is kept). */
export function doublingPauses(firstMs: number, maxMs: number): (look: number) => number {
  return (look) => (look === 0 ? firstMs : Math.min(maxMs, firstMs * 2 ** Math.min(look, 60)));
}
