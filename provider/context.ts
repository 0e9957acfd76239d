// Process-wide state of the provider: the settings from configure(), one HTTP client, and the
// per-load-balancer queue. The engine starts one provider process per run, so everything here
// is shared by all resources of that run.
import * as fs from "node:fs";
import * as os from "node:os";
import { LoadBalancerQueue } from "./api/load-balancer-queue";
import { undiciAuthTransport } from "./client/auth-transport";
import { createAuthenticator, discoverElbEndpoint, elbEndpoint, elbEndpointKnown, resolveSettings } from "./client/auth";
import { ElbClient } from "./client/http";
import { sharedDispatcher } from "./client/transport";

/** What configure() receives from the engine: the stack's config, secrets decrypted. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

export interface ProviderContext {
  client: ElbClient;
  queue: LoadBalancerQueue;
  log(message: string): void;
}

let config: ConfigReader = { get: () => undefined };
let context: Promise<ProviderContext> | undefined;

export function configure(reader: ConfigReader): void {
  config = reader;
  context = undefined;
}

export function providerContext(): Promise<ProviderContext> {
  context ??= createContext().catch((error) => {
    // Let a later call try again (the user may fix the environment between runs of read).
    context = undefined;
    throw error;
  });
  return context;
}

// The engine shows the provider's stderr as diagnostics.
const log = (message: string) => console.error(`elb: ${message}`);

async function createContext(): Promise<ProviderContext> {
  const settings = resolveSettings({
    config: (key) => config.get(key),
    env: process.env,
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined),
    homeDir: os.homedir(),
    cwd: process.cwd(),
  });
  if (settings.insecure) log(`TLS certificates are not verified (insecure is set by ${settings.origins.insecure})`);
  const dispatcher = sharedDispatcher({ insecure: settings.insecure, caCert: settings.caCert });
  const authenticator = createAuthenticator(settings, undiciAuthTransport(dispatcher), Date.now);
  const endpoint = elbEndpointKnown(settings) ? elbEndpoint(settings) : await discoverElbEndpoint(settings, authenticator);
  return {
    client: new ElbClient({ endpoint, authenticator, dispatcher }),
    queue: new LoadBalancerQueue(),
    log,
  };
}
