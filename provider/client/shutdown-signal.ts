// Whether the provider may still send anything. Once the engine that started the process is gone
// (provider/shutdown.ts watches for that), nothing new goes on the wire, and the requests already
// on it are counted so the process can let them finish before it exits. Once the engine cancels
// (the resource plugin's Cancel call), no new change goes.

import { ProviderError } from "./errors";

/** Thrown instead of sending anything once the provider is shutting down. */
export class ShutdownError extends ProviderError {
  readonly code = "ELB_SHUTTING_DOWN";

  constructor(reason: string) {
    super(`not sent: the provider is shutting down (${reason})`);
    this.name = "ShutdownError";
  }
}

/** Requests that change nothing, and so may settle what a change did after a cancel. */
const READS = new Set(["GET", "HEAD"]);

/**
 * The "shutting down" flag and the requests in flight; a runtime has one, shared by its clients
 * and queues. Two levels: once the engine is gone nothing at all is sent (nobody would read the
 * answer); once the engine has cancelled (it still waits for the operations' answers and records
 * them), no change is sent, but reads are, so an operation whose change went out can still find
 * out what it made and report it.
 */
export class ShutdownSignal {
  private why: string | undefined;
  private cancelled: string | undefined;
  private inFlight = 0;
  private idle: Array<() => void> = [];

  /** Whether nothing at all may be sent any more. */
  get shuttingDown(): boolean {
    return this.why !== undefined;
  }

  get reason(): string | undefined {
    return this.why;
  }

  /** From now on nothing new is sent: the engine is gone. */
  begin(reason: string): void {
    this.why ??= reason;
  }

  /** From now on no change is sent; reads still are: the engine cancelled and waits for the operations' answers. */
  refuseChanges(reason: string): void {
    this.cancelled ??= reason;
  }

  /** Why this request may not be sent, or undefined when it may. */
  refusal(method: string): ShutdownError | undefined {
    if (this.why !== undefined) return new ShutdownError(this.why);
    if (this.cancelled !== undefined && !READS.has(method.toUpperCase())) return new ShutdownError(this.cancelled);
    return undefined;
  }

  /** Throws when this request may not be sent. */
  assertMaySend(method: string): void {
    const refused = this.refusal(method);
    if (refused) throw refused;
  }

  /** Throws when no change may be sent: what the change queue and the batches ask before each change. */
  assertMayChange(): void {
    this.assertMaySend("PUT");
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
