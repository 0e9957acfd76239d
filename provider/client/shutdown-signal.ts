// Whether the provider may still send anything. Once the engine that started the process is gone
// (provider/shutdown.ts watches for that), nothing new goes on the wire, and the requests already
// on it are counted so the process can let them finish before it exits.

import { ProviderError } from "./errors";

/** Thrown instead of sending anything once the provider is shutting down. */
export class ShutdownError extends ProviderError {
  readonly code = "ELB_SHUTTING_DOWN";

  constructor(reason: string) {
    super(`not sent: the provider is shutting down (${reason})`);
    this.name = "ShutdownError";
  }
}

/** The "shutting down" flag and the requests in flight; a runtime has one, shared by its clients and queues. */
export class ShutdownSignal {
  private why: string | undefined;
  private inFlight = 0;
  private idle: Array<() => void> = [];

  get shuttingDown(): boolean {
    return this.why !== undefined;
  }

  get reason(): string | undefined {
    return this.why;
  }

  /** From now on nothing new is sent. */
  begin(reason: string): void {
    this.why ??= reason;
  }

  /** Throws when nothing may be sent any more. */
  assertRunning(): void {
    if (this.why !== undefined) throw new ShutdownError(this.why);
  }

  /** Counts a request as on the wire until it settles. */
  async track<T>(request: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await request();
    } finally {
      if (--this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Settles when no request is on the wire. */
  whenIdle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
}
