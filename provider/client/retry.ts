// One way to retry: `retryWhen` is the only retry loop of the provider (the HTTP client's
// attempts, a create's lost answers, a busy load balancer's 409s), each caller naming the errors
// it retries and the pause before the next attempt; every pause sleeps on the operation's
// Deadline and its clock, so tests drive it with a clock they move themselves.
//
// RetryPolicy is the HTTP call's policy: which failures are worth another attempt, and how long
// to wait before it. A call is retried for as long as its operation's Deadline allows, never a
// fixed number of times. Busy load balancers are not handled here: waiting them out needs status
// polling, which belongs to the API layer (api/load-balancer-queue.ts).
import { Deadline } from "./deadline";
import { ElbError } from "./errors";

export interface RetryOptions {
  /** Attempts for one call, the first included; unbounded by default (the deadline bounds them). */
  maxAttempts: number;
  /** Backoff grows from this; full jitter draws the actual wait between 0 and the cap. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable for tests, so delays are deterministic. */
  random: () => number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  random: Math.random,
};

/** What to do after a failed attempt: wait this long and try again, or fail with this error. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; error: ElbError };

export class RetryPolicy {
  readonly options: RetryOptions;

  constructor(options: Partial<RetryOptions> = {}) {
    this.options = { ...DEFAULT_RETRY_OPTIONS, ...options };
  }

  /**
   * Milliseconds to wait before attempt `attempt + 1`, or undefined when the error is final
   * whatever the time left. A 429's Retry-After is returned in full: `decide` compares it with
   * the deadline.
   * @param attempt the attempt that just failed, counting from 1
   * @param idempotent whether repeating the request cannot do the change twice
   */
  nextDelayMs(error: ElbError, attempt: number, idempotent: boolean): number | undefined {
    if (attempt >= this.options.maxAttempts) return undefined;
    switch (error.kind) {
      case "throttled":
        // 429 means the request was not processed, so even a create may be repeated.
        return error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0 ? error.retryAfterSeconds * 1000 : this.backoffMs(attempt);
      case "server":
      case "network":
      case "timeout":
        // A create may have been applied before the failure; its caller looks before retrying.
        return idempotent ? this.backoffMs(attempt) : undefined;
      default:
        return undefined;
    }
  }

  /**
   * Whether to try again within `deadline`. A Retry-After that does not fit in what is left
   * fails at once, saying so; a backoff that does not fit fails with the error itself (the next
   * attempt could not be sent before the deadline anyway).
   */
  decide(error: ElbError, attempt: number, idempotent: boolean, deadline: Deadline): RetryDecision {
    const delayMs = this.nextDelayMs(error, attempt, idempotent);
    if (delayMs === undefined) return { retry: false, error };
    const remainingMs = deadline.remainingMs();
    if (delayMs < remainingMs) return { retry: true, delayMs };
    if (error.kind === "throttled" && error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0) {
      const message =
        `${error.message}; the server asked to wait ${formatSeconds(error.retryAfterSeconds)} s, more than the ` +
        `${formatSeconds(Math.floor(remainingMs / 1000))} s left before ` +
        // An internal deadline (a shared look-up) is named by what it bounds, not a setting.
        (deadline.setting ? `this operation's deadline (${deadline.setting})` : `the deadline of ${deadline.label}`);
      const tooLong = new ElbError("throttled", message, error);
      tooLong.stack = error.stack;
      return { retry: false, error: tooLong };
    }
    return { retry: false, error };
  }

  /** Full jitter: uniform between 0 and min(max, base * 2^(attempt-1)). */
  backoffMs(attempt: number): number {
    const cap = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(attempt - 1, 60));
    return Math.round(this.options.random() * cap);
  }
}

function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

/**
 * What to do after a failed attempt: wait this many milliseconds and try again (0: at once), or
 * end the retry with `result` (a look found that the work was done after all). Throwing ends the
 * retry with that error instead.
 */
export type AfterFailure<T> = number | { result: T };

export interface RetryWhenOptions<T> {
  /** Bounds the retry: pauses sleep on its clock, and one that would pass it throws its timeout error. */
  deadline: Deadline;
  /**
   * Asked after each failed attempt (counting from 1) with what the attempt threw: the errors
   * worth another try, and the pause before it. Only the attempt's own errors come here; what
   * this or `beforeAttempt` throws ends the retry as it is.
   */
  onFailure(error: unknown, attempt: number): AfterFailure<T> | Promise<AfterFailure<T>>;
  /**
   * Runs before every attempt, the first included: checks that must pass before anything is
   * sent, or a look that may settle the retry with `{ result }` instead of attempting again
   * (a create whose answer was lost looks before it posts again).
   */
  beforeAttempt?(attempt: number): { result: T } | void | Promise<{ result: T } | void>;
}

/**
 * Runs `attempt` until it succeeds, or until `onFailure` ends it (by throwing, or with a result).
 * Never a fixed number of times: the deadline bounds it, through each pause.
 */
export async function retryWhen<T>(attempt: (attempt: number) => Promise<T>, options: RetryWhenOptions<T>): Promise<T> {
  for (let n = 1; ; n++) {
    const settled = await options.beforeAttempt?.(n);
    if (settled) return settled.result;
    let after: AfterFailure<T>;
    let lastSeen: string;
    try {
      return await attempt(n);
    } catch (error) {
      after = await options.onFailure(error, n);
      lastSeen = error instanceof Error ? error.message : String(error);
    }
    if (typeof after !== "number") return after.result;
    // The timeout error, if the pause does not fit, names the failure that was being waited out.
    if (after > 0) await options.deadline.sleep(after, lastSeen);
  }
}
