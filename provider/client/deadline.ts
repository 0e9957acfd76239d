// The engine does not enforce customTimeouts for dynamic resources, so every operation carries
// its own deadline, and every wait and retry sleeps only within it, on the deadline's clock.
import { Clock, systemClock } from "./clock";
import { ElbError } from "./errors";

export class Deadline {
  private constructor(
    /** Milliseconds on the clock (epoch milliseconds on the system clock). */
    readonly at: number,
    /** What is being done, for the timeout message ("creating member 10.0.0.5:80"). */
    readonly label: string,
    /** What this operation's waits sleep on and its time left is read from. */
    readonly clock: Clock,
    /** Where the deadline comes from, for messages ("timeouts.create"); unset for internal ones. */
    readonly setting?: string,
  ) {}

  /** `clock` is injectable so tests control time. */
  static after(ms: number, label: string, clock: Clock = systemClock, setting?: string): Deadline {
    return new Deadline(clock.now() + ms, label, clock, setting);
  }

  remainingMs(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** A timeout error that says what ran out of time and, when given, the last thing seen. */
  timeoutError(lastSeen?: string): ElbError {
    // The setting that gave the deadline, so the user knows what to raise.
    const details = [this.setting, lastSeen && `last seen: ${lastSeen}`].filter(Boolean).join("; ");
    return new ElbError("timeout", `${this.label} did not finish before its deadline${details ? ` (${details})` : ""}`);
  }

  /**
   * `work`'s result, or a timeout error as soon as the deadline passes, whichever comes first
   * (`work` itself goes on; `onTimeout` lets it know it was given up on).
   */
  race<T>(work: Promise<T>, lastSeen?: string, onTimeout?: () => void): Promise<T> {
    const settled = new AbortController();
    const timeout = (async (): Promise<never> => {
      // A timer may fire a little early: look at the clock, not the timer.
      while (this.remainingMs() > 0 && !settled.signal.aborted) await this.clock.sleep(this.remainingMs(), settled.signal);
      if (settled.signal.aborted) return new Promise<never>(() => undefined);
      onTimeout?.();
      throw this.timeoutError(lastSeen);
    })();
    return Promise.race([work, timeout]).finally(() => settled.abort());
  }

  /** Sleeps `ms`, or throws a timeout error when the deadline comes first. */
  async sleep(ms: number, lastSeen?: string): Promise<void> {
    if (ms > this.remainingMs()) {
      await this.clock.sleep(this.remainingMs());
      throw this.timeoutError(lastSeen);
    }
    await this.clock.sleep(ms);
  }
}
