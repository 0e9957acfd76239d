// What the provider's waits run on: every deadline, retry pause and status poll of an operation
// sleeps on its Deadline's clock. The system clock is the default; tests pass a clock they move
// themselves (the emulator's ManualClock fits), so they never wait for real time.

export interface Clock {
  /** Milliseconds (epoch milliseconds on the system clock); a Deadline's `at` is on this scale. */
  now(): number;
  /** Resolves after ms on this clock, or as soon as signal aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay setTimeout honours; longer sleeps are taken in pieces. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
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
  },
};
