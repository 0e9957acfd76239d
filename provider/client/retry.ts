// One retry policy for every HTTP call: which failures are worth another attempt, and how long
// to wait before it. Busy load balancers are not handled here: waiting them out needs status
// polling, which belongs to the API layer (api/load-balancer-queue.ts).
import { ElbError } from "./errors";

export interface RetryOptions {
  /** Attempts for one call, the first included. */
  maxAttempts: number;
  /** Backoff grows from this; full jitter draws the actual wait between 0 and the cap. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we honour; a server asking for more is treated as this. */
  maxRetryAfterMs: number;
  /** Injectable for tests, so delays are deterministic. */
  random: () => number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
};

export class RetryPolicy {
  readonly options: RetryOptions;

  constructor(options: Partial<RetryOptions> = {}) {
    this.options = { ...DEFAULT_RETRY_OPTIONS, ...options };
  }

  /**
   * Milliseconds to wait before attempt `attempt + 1`, or undefined when the error is final.
   * @param attempt the attempt that just failed, counting from 1
   * @param idempotent whether repeating the request cannot do the change twice
   */
  nextDelayMs(error: ElbError, attempt: number, idempotent: boolean): number | undefined {
    if (attempt >= this.options.maxAttempts) return undefined;
    switch (error.kind) {
      case "throttled":
        // 429 means the request was not processed, so even a create may be repeated.
        return error.retryAfterSeconds !== undefined
          ? Math.min(error.retryAfterSeconds * 1000, this.options.maxRetryAfterMs)
          : this.backoffMs(attempt);
      case "server":
      case "network":
      case "timeout":
        // A create may have been applied before the failure; its caller looks before retrying.
        return idempotent ? this.backoffMs(attempt) : undefined;
      default:
        return undefined;
    }
  }

  /** Full jitter: uniform between 0 and min(max, base * 2^(attempt-1)). */
  backoffMs(attempt: number): number {
    const cap = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.options.random() * cap);
  }
}
