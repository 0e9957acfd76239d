// One keep-alive connection pool per TLS setting for a whole provider runtime, shared by every
// resource and target, so hundreds of members reuse a few connections instead of opening their own.
import type { Dispatcher } from "undici";
import { undici } from "./undici";

export interface TransportOptions {
  /** Skip TLS verification: only when the user asked for it. */
  insecure?: boolean;
  /** Extra CA certificates (PEM). */
  caCert?: string;
}

/** Connections per origin: enough for parallel reads while one load balancer takes one change. */
const CONNECTIONS_PER_ORIGIN = 16;
/** Below the idle timeout of typical API gateways, so we never write to a socket they closed. */
const KEEP_ALIVE_MS = 4_000;

export class Transports {
  private readonly dispatchers = new Map<string, Dispatcher>();

  /** The connection pool for these TLS settings (and the proxy environment as it is now). */
  dispatcher(options: TransportOptions = {}): Dispatcher {
    const key = JSON.stringify([options.insecure === true, options.caCert ?? "", proxyKey()]);
    let dispatcher = this.dispatchers.get(key);
    if (dispatcher) return dispatcher;
    const agentOptions = {
      connections: CONNECTIONS_PER_ORIGIN,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      connect: {
        rejectUnauthorized: options.insecure !== true,
        ...(options.caCert ? { ca: options.caCert } : {}),
      },
    };
    // EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (loopback stays direct).
    const { Agent, EnvHttpProxyAgent } = undici();
    dispatcher = proxyKey() ? new EnvHttpProxyAgent(agentOptions) : new Agent(agentOptions);
    this.dispatchers.set(key, dispatcher);
    return dispatcher;
  }
}

function proxyKey(): string {
  const env = process.env;
  return [env.HTTPS_PROXY ?? env.https_proxy, env.HTTP_PROXY ?? env.http_proxy, env.NO_PROXY ?? env.no_proxy]
    .map((value) => value ?? "")
    .join("|")
    .replace(/^\|\|$/, "");
}
