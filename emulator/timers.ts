// Cancellable sleeps on the emulator's clock, so close() never leaves a latency or slow-body
// timer holding the process.
import type { Clock } from "./clock";

export class Timers {
  private readonly pending = new Set<AbortController>();
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** Resolves after ms on the clock, or at once when cancelAll() runs (and ever after). */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return;
    const stop = new AbortController();
    this.pending.add(stop);
    try {
      await this.clock.sleep(ms, stop.signal);
    } finally {
      this.pending.delete(stop);
    }
  }

  cancelAll(): void {
    this.stopped = true;
    for (const stop of this.pending) stop.abort();
    this.pending.clear();
  }
}
