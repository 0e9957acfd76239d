// Time as the emulator sees it: busy windows are measured on a clock, and injected latency and
// slow bodies sleep on it. The system clock is the default. A ManualClock moves only when a test
// moves it, so a test can hold a busy window open, or a request in its latency, for as long as it
// needs, and then end it exactly. The Clock interface and the timer sleep are the provider's
// (provider/client/clock.ts), so the provider's deadlines take the same clock and one clock can
// drive both sides of a test.
import { type Clock, sleepOnTimers } from "../provider/client/clock";

export type { Clock };

export const systemClock: Clock = {
  // Monotonic, so a wall-clock jump cannot end or stretch a busy window.
  now: () => performance.now(),
  sleep: sleepOnTimers,
};

interface Sleeper {
  due: number;
  wake(): void;
}

interface Watcher {
  withinMs: number;
  notify(): void;
}

/** Lets everything that woken code does before its next I/O run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock for tests: time stands still until advance() or run() moves it, and a sleep ends only
 * when time reaches its end. Real I/O (sockets on loopback) goes on meanwhile, so a test can let
 * any number of requests arrive "at the same instant".
 */
export class ManualClock implements Clock {
  private time: number;
  /** Pending sleeps, soonest first; equal ends in the order they were asked for. */
  private readonly sleepers: Sleeper[] = [];
  private watchers: Watcher[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        due: this.time + ms,
        wake: () => {
          const at = this.sleepers.indexOf(sleeper);
          if (at >= 0) this.sleepers.splice(at, 1);
          signal?.removeEventListener("abort", sleeper.wake);
          resolve();
        },
      };
      signal?.addEventListener("abort", sleeper.wake, { once: true });
      const after = this.sleepers.findIndex((other) => other.due > sleeper.due);
      this.sleepers.splice(after < 0 ? this.sleepers.length : after, 0, sleeper);
      this.notifyWatchers();
    });
  }

  /** What is left of each pending sleep, soonest first. */
  pending(): number[] {
    return this.sleepers.map((sleeper) => sleeper.due - this.time);
  }

  /** Resolves once a sleep that ends within withinMs from now is pending (at once if one is). */
  sleeping(withinMs = Number.POSITIVE_INFINITY): Promise<void> {
    return new Promise((notify) => {
      this.watchers.push({ withinMs, notify });
      this.notifyWatchers();
    });
  }

  /**
   * Moves time forward by ms. Sleeps that end on the way wake one at a time, each with the clock
   * at its end, and what a woken sleeper does up to its next I/O runs before the clock moves on
   * (so a sleep it starts is woken too, when it ends within ms).
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError(`advance takes finite milliseconds >= 0, got ${ms}`);
    const target = this.time + ms;
    for (let next = this.sleepers[0]; next !== undefined && next.due <= target; next = this.sleepers[0]) {
      this.time = next.due;
      next.wake();
      await settle();
    }
    this.time = target;
  }

  /**
   * Settles with work, moving time to the end of the soonest sleep whenever one that ends within
   * withinMs is pending. For code that sleeps and does I/O by turns, one thing at a time: while
   * its I/O is out, nothing is pending within withinMs, so the clock waits for it. Sleeps longer
   * than withinMs (a deadline's timer, say) are never jumped to.
   */
  async run<T>(work: Promise<T>, withinMs = Number.POSITIVE_INFINITY): Promise<T> {
    let settled = false;
    const done = work.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    while (!settled) {
      await Promise.race([done, this.sleeping(withinMs)]);
      // Let what is under way short of I/O finish first: a race its work has just won, say,
      // cancels its timer, which is then not jumped to.
      await settle();
      const next = this.pending()[0];
      if (settled || next === undefined || next > withinMs) continue;
      await this.advance(next);
    }
    return work;
  }

  private notifyWatchers(): void {
    if (this.sleepers.length === 0) return;
    const soonest = this.sleepers[0].due - this.time;
    const ready = this.watchers.filter((watcher) => soonest <= watcher.withinMs);
    if (ready.length === 0) return;
    this.watchers = this.watchers.filter((watcher) => soonest > watcher.withinMs);
    for (const watcher of ready) watcher.notify();
  }
}
