// Process-wide state of the provider: the settings from configure(), one HTTP client, and the
// per-load-balancer queue. The engine starts one provider process per run, so everything here
// is shared by all resources of that run.
import * as fs from "node:fs";
import * as os from "node:os";
import { ChangeGate, QueuedChanges, RetryingChanges } from "./api/load-balancer-queue";
import { MemberBatcher } from "./api/member-batcher";
import { undiciAuthTransport } from "./client/auth-transport";
import { clearTextRefusal, ConfigurationError, createAuthenticator, isClearTextToOtherHost, discoverElbEndpoint, elbEndpoint, elbEndpointKnown, parseBoolean, resolveSettings, settingSpec } from "./client/auth";
import type { SettingName } from "./client/auth/settings";
import type { Authenticator, ResolvedSettings } from "./client/auth/types";
import { Clock, systemClock } from "./client/clock";
import { ElbClient } from "./client/http";
import { redactorFor } from "./client/redact";
import { sharedDispatcher } from "./client/transport";
import { watchEngineFromProviderHost } from "./shutdown";

/** What configure() receives from the engine: the stack's config, secrets decrypted. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

export interface ProviderContext {
  client: ElbClient;
  /** How member changes pass a load balancer's one-change-at-a-time gate. */
  gate: ChangeGate;
  /** Every create may take over an existing member (the adoptExisting setting). */
  adoptExisting: boolean;
  /** Seconds a removal is held open for members that do not set drainSeconds. */
  drainSeconds: number;
  /** Whether members that do not set waitForHealthy wait for ONLINE after they are added. */
  waitForHealthy: boolean;
  /** Set when creates and deletes are coalesced into batch calls (the batchChanges setting). */
  batcher?: MemberBatcher;
  /** What the lifecycle's deadlines, drains and health polls run on. */
  clock: Clock;
  log(message: string): void;
}

let config: ConfigReader = { get: () => undefined };
let context: Promise<ProviderContext> | undefined;
let checked: string | undefined;
let clock: Clock = systemClock;

/** `options.clock` is for tests, which move time themselves; the engine passes the config alone. */
export function configure(reader: ConfigReader, options: { clock?: Clock } = {}): void {
  config = reader;
  clock = options.clock ?? systemClock;
  context = undefined;
  checked = undefined;
  // Only the engine's dynamic-provider host calls configure from the adapter; a program's
  // lookups call it too, so the watch checks which process it is in.
  watchEngineFromProviderHost(log);
}

/** The clock the lifecycle's deadlines and waits run on. */
export function providerClock(): Clock {
  return clock;
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

/**
 * The settings' own checks that need no network, for check() at preview: the message of a
 * refused clear-text URL, so it surfaces there, before any call; undefined when there is none.
 * Other configuration errors keep surfacing where the settings are used (create, read, ...).
 */
export function settingsProblem(): string | undefined {
  // Once per configure(): a preview checks every resource, and the answer is the same for all.
  checked ??= (() => {
    try {
      resolveProviderSettings();
    } catch (error) {
      if (error instanceof ConfigurationError && error.code === "ELB_CLEAR_TEXT") return error.message;
    }
    return "";
  })();
  return checked || undefined;
}

function resolveProviderSettings(): ResolvedSettings {
  return resolveSettings({
    config: (key) => config.get(key),
    env: process.env,
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined),
    homeDir: os.homedir(),
    cwd: process.cwd(),
  });
}

async function createContext(): Promise<ProviderContext> {
  const settings = resolveProviderSettings();
  for (const name of ["endpoint", "authUrl"] as const) {
    const url = settings[name];
    if (url && isClearTextToOtherHost(url)) log(`clear-text http to ${new URL(url).origin} (${name}) is allowed by allowInsecureHttp (from ${settings.origins.allowInsecureHttp})`);
  }
  if (settings.insecure) log(`TLS certificates are not verified (insecure is set by ${settings.origins.insecure})`);
  const { client } = await clientFor(settings);
  const queueChanges = booleanSetting("queueChanges", true);
  const gate = queueChanges ? new QueuedChanges(client) : new RetryingChanges(client);
  // Only the shared ELB documents the batch call with `action`; Octavia's PUT on the same path
  // replaces the pool's whole member set, so nothing is ever batched there. Where the call
  // exists it is on by default: the batcher sends a lone change as a plain one, so batching
  // never makes a change slower.
  const batchable = settings.cloud !== "openstack";
  const batchAsked = rawSetting("batchChanges") !== undefined;
  const batchChanges = booleanSetting("batchChanges", batchable);
  // Batches only make sense when changes are queued: they are how the queue moves fastest.
  if (batchAsked && batchChanges && !queueChanges) log("batchChanges is ignored because queueChanges is false");
  if (batchAsked && batchChanges && !batchable) log("batchChanges is ignored on OpenStack: Octavia has no batch call that adds or removes members");
  const batcher = queueChanges && batchChanges && batchable ? new MemberBatcher(client, gate, log) : undefined;
  return {
    client,
    gate,
    adoptExisting: booleanSetting("adoptExisting", false),
    drainSeconds: integerSetting("drainSeconds", 0, 3600),
    waitForHealthy: booleanSetting("waitForHealthy", false),
    batcher,
    clock,
    log,
  };
}

/** The ELB client for resolved settings: transport, authentication, endpoint, redaction. */
export async function clientFor(settings: ResolvedSettings, now: () => number = Date.now): Promise<{ client: ElbClient; authenticator: Authenticator }> {
  const dispatcher = sharedDispatcher({ insecure: settings.insecure, caCert: settings.caCert });
  const authenticator = createAuthenticator(settings, undiciAuthTransport(dispatcher), now);
  const known = elbEndpointKnown(settings);
  const endpoint = known ? elbEndpoint(settings) : await discoverElbEndpoint(settings, authenticator);
  if (!known) {
    // An explicit endpoint was checked with the settings; one from the catalog is checked here,
    // before the first ELB call.
    const refusal = clearTextRefusal(
      { name: "endpoint", url: endpoint, origin: "the token's service catalog, as elb:endpoint is not set", credentials: authenticator.method },
      settings.allowInsecureHttp ?? "off",
      settings.origins.allowInsecureHttp,
    );
    if (refusal) throw refusal;
  }
  const auth = settings.auth as Partial<Record<"token" | "accessKey" | "secretKey" | "securityToken" | "password" | "secret", string>>;
  const redact = redactorFor([auth.token, auth.accessKey, auth.secretKey, auth.securityToken, auth.password, auth.secret]);
  // Octavia serves /v2 (its own path); the shared ELB documents /v2.0.
  const apiVersion = settings.cloud === "openstack" ? "v2" : "v2.0";
  return { client: new ElbClient({ endpoint, authenticator, dispatcher, redact, apiVersion }), authenticator };
}

/** A count from stack config or the environment, with its allowed range. */
function integerSetting(name: SettingName, fallback: number, maximum: number): number {
  const raw = rawSetting(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.trim());
  if (raw.trim() === "" || !Number.isInteger(value) || value < 0 || value > maximum) {
    throw new ConfigurationError("ELB_INVALID_SETTING", `${settingSpec(name).configKey} must be a whole number from 0 to ${maximum}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function rawSetting(name: SettingName): string | undefined {
  const spec = settingSpec(name);
  return config.get(spec.configKey) ?? spec.env.otc.map((envName) => process.env[envName]).find((value) => value);
}

/** A behaviour switch from stack config or the environment. */
function booleanSetting(name: SettingName, fallback: boolean): boolean {
  const raw = rawSetting(name);
  if (raw === undefined) return fallback;
  const value = parseBoolean(raw);
  if (value === undefined) throw new ConfigurationError("ELB_INVALID_SETTING", `${settingSpec(name).configKey} must be true or false`);
  return value;
}
