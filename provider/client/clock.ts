// What the provider's waits run on: every deadline, retry pause and status poll of an operation
// sleeps on its Deadline's clock. The system clock is the default; tests pass a clock they move
// themselves (the emulator's ManualClock), so they never wait for real time. The emulator times
// its own busy windows and latencies on this same interface, so one clock can drive both sides.

export interface Clock {
  /**
   * Milliseconds on this clock's scale: epoch milliseconds on the provider's system clock,
   * monotonic on the emulator's. A Deadline's `at` is on its clock's scale.
   */
  now(): number;
  /** Resolves after ms on this clock, or as soon as signal aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay setTimeout honours; longer sleeps are taken in pieces. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A clock's sleep on Node's timers: resolves after ms, or as soon as signal aborts; never rejects. */
export function sleepOnTimers(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    let left = ms;
    let timer: NodeJS.Timeout;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const arm = () => {
      const piece = Math.min(left, MAX_TIMER_MS);
      timer = setTimeout(() => {
        left -= piece;
        if (left > 0) arm();
        else done();
      }, piece);
    };
    signal?.addEventListener("abort", done, { once: true });
    arm();
  });
}

export const systemClock: Clock = { now: () => Date.now(), sleep: sleepOnTimers };
