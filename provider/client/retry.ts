// One retry policy for every HTTP call: which failures are worth another attempt, and how long
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
