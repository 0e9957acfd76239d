// A ProviderContext wired to a local emulator, for tests of the lifecycle below the engine.
import { Agent } from "undici";
import { QueuedChanges } from "../api/load-balancer-queue";
import { PoolDirectory } from "../api/pools";
import { NoAuthenticator } from "../client/auth";
import { systemClock } from "../client/clock";
import { ClientEvent, ElbClient } from "../client/http";
import { RetryPolicy } from "../client/retry";
import { ProviderContext } from "../context";

export interface TestContext extends ProviderContext {
  logs: string[];
  events: ClientEvent[];
  close(): Promise<void>;
}

export function emulatorContext(url: string, options: { adoptExisting?: boolean; retry?: RetryPolicy } = {}): TestContext {
  const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
  const events: ClientEvent[] = [];
  const client = new ElbClient({
    endpoint: url,
    authenticator: new NoAuthenticator(),
    dispatcher,
    // Deterministic and quick: tests are about what is retried, not how long it waits.
    retry: options.retry ?? new RetryPolicy({ baseDelayMs: 10, maxDelayMs: 50, random: () => 1 }),
    onEvent: (event) => events.push(event),
  });
  const logs: string[] = [];
  return {
    client,
    pools: new PoolDirectory(client),
    gate: new QueuedChanges(client),
    adoptExisting: options.adoptExisting ?? false,
    drainSeconds: 0,
    waitForHealthy: false,
    clock: systemClock,
    log: (message) => logs.push(message),
    logs,
    events,
    close: () => dispatcher.close(),
  };
}
