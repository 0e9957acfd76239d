// The engine does not enforce customTimeouts for dynamic resources, so every operation carries
// its own deadline, and every wait and retry sleeps only within it.
import { ElbError } from "./errors";

/** The longest delay setTimeout honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Deadline {
  private constructor(
    /** Epoch milliseconds. */
    readonly at: number,
    /** What is being done, for the timeout message ("creating member 10.0.0.5:80"). */
    readonly label: string,
    private readonly now: () => number,
    /** Where the deadline comes from, for messages ("timeouts.create"); unset for internal ones. */
    readonly setting?: string,
  ) {}

  /** `now` is injectable so tests control the clock. */
  static after(ms: number, label: string, now: () => number = Date.now, setting?: string): Deadline {
    return new Deadline(now() + ms, label, now, setting);
  }

  remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** A timeout error that says what ran out of time and, when given, the last thing seen. */
  timeoutError(lastSeen?: string): ElbError {
    const seen = lastSeen ? ` (last seen: ${lastSeen})` : "";
    return new ElbError("timeout", `${this.label} did not finish before its deadline${seen}`);
  }

  /**
   * `work`'s result, or a timeout error as soon as the deadline passes, whichever comes first
   * (`work` itself goes on; `onTimeout` lets it know it was given up on).
   */
  race<T>(work: Promise<T>, lastSeen?: string, onTimeout?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const arm = () => {
        // setTimeout fires at once beyond about 24.8 days, so long deadlines are re-armed.
        timer = setTimeout(() => {
          if (this.remainingMs() > 0) return arm();
          onTimeout?.();
          reject(this.timeoutError(lastSeen));
        }, Math.min(this.remainingMs(), MAX_TIMER_MS));
      };
      arm();
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  /** Sleeps `ms`, or throws a timeout error when the deadline comes first. */
  async sleep(ms: number, lastSeen?: string): Promise<void> {
    if (ms > this.remainingMs()) {
      await delay(this.remainingMs());
      throw this.timeoutError(lastSeen);
    }
    await delay(ms);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
