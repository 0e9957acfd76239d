// The targets of a configuration: per target (the stack's default one and each profile of
// elb:profiles) an HTTP client with its own credentials, the pools it has looked up and the
// per-load-balancer queue, made from the settings when first used. A ProviderRuntime holds them.
import * as fs from "node:fs";
import * as os from "node:os";
import { ChangeGate, QueuedChanges, RetryingChanges } from "./api/load-balancer-queue";
import { MemberBatcher } from "./api/member-batcher";
import { undiciAuthTransport } from "./client/auth-transport";
import {
  clearTextRefusal,
  ConfigurationError,
  createAuthenticator,
  isClearTextToOtherHost,
  discoverElbEndpoint,
  elbEndpoint,
  elbEndpointKnown,
  PasswordAuthenticator,
} from "./client/auth";
import type { Authenticator, CloudName, ResolvedSettings } from "./client/auth/types";
import type { Clock } from "./client/clock";
import { ElbClient } from "./client/http";
import { MEMBER_API_TITLES, memberApiOf, type MemberApi } from "./member-api";
import { ImmediateChanges } from "./api/immediate-changes";
import { redactorFor } from "./client/redact";
import { PoolDirectory } from "./api/pools";
import type { ShutdownSignal } from "./client/shutdown-signal";
import { Transports } from "./client/transport";
import {
  CONFIG_NAMESPACE,
  parseProfiles,
  PROFILES_CONFIG_KEY,
  profileSettings,
  resolveBehaviour,
  resolveSettings,
  findCloud,
  findLoadBalancerType,
  type Behaviour,
  type ProfileSettings,
  type SettingName,
} from "./settings";

/** What configure() receives from the engine: the stack's config, secrets decrypted. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

export interface ProviderContext {
  client: ElbClient;
  /** The load balancer of each pool, looked up once. */
  pools: PoolDirectory;
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

/** What every target of a runtime shares: the clock, the connection pools, the shutdown signal, the log. */
export interface TargetDependencies {
  clock: Clock;
  transports: Transports;
  shutdown: ShutdownSignal;
  log(message: string): void;
}

/**
 * The targets of one configuration: "" is the stack's default target (the top-level settings),
 * else a profile's name. Each has its own client, token session and queue per load balancer, and
 * is made once, on first use.
 */
export class Targets {
  private readonly contexts = new Map<string, Promise<ProviderContext>>();
  private readonly problems = new Map<string, string>();
  private profiles: Map<string, ProfileSettings> | undefined;

  constructor(
    private readonly config: ConfigReader,
    private readonly dependencies: TargetDependencies,
  ) {}

  /**
   * The client, queue and settings of one target: the profile of that name in elb:profiles, or
   * without one the stack's top-level settings.
   */
  context(profile?: string): Promise<ProviderContext> {
    const key = profile ?? "";
    let context = this.contexts.get(key);
    if (!context) {
      // Async from the start: an unknown profile rejects like any other setting error.
      const made = (async () => createContext(this.sources(profile), profile, this.dependencies))().catch((error) => {
        // Let a later call try again (the user may fix the environment between runs of read).
        if (this.contexts.get(key) === made) this.contexts.delete(key);
        throw forTarget(error, profile);
      });
      context = made;
      this.contexts.set(key, context);
    }
    return context;
  }

  /**
   * The settings' own checks that need no network, for check() at preview; undefined when there
   * is no problem. For a profile that is every configuration error (an unknown profile, missing
   * credentials, a bad value), so preview names the profile and the setting. For the default
   * target it is a refused clear-text URL only; its other errors keep surfacing where the
   * settings are used (create, read, ...), as they always have.
   */
  settingsProblem(profile?: string): string | undefined {
    const key = profile ?? "";
    // Once per target: a preview checks every resource, and the answer is the same for all.
    if (!this.problems.has(key)) this.problems.set(key, findProblem(() => this.sources(profile), profile) ?? "");
    return this.problems.get(key) || undefined;
  }

  /**
   * The cloud a target is on and the member API it speaks there, from its settings alone (no network, no credentials needed), for
   * check() to refuse fields that cloud's API lacks; undefined when the settings cannot say (an
   * unknown profile, a bad cloud name), which is reported where the target is used.
   */
  targetOf(profile?: string): { cloud: CloudName; api: MemberApi } | undefined {
    try {
      const sources = settingSources(this.sources(profile));
      const { cloud } = findCloud(sources);
      return { cloud, api: memberApiOf(cloud, findLoadBalancerType(sources, cloud).type) };
    } catch {
      return undefined;
    }
  }

  /** Where one target's settings come from; a profile's entry is read (and checked) only when asked for. */
  private sources(profile: string | undefined): TargetSources {
    return {
      config: this.config,
      entry: profile === undefined ? undefined : this.profileEntry(profile),
      profile,
    };
  }

  private profileEntry(profile: string): ProfileSettings {
    this.profiles ??= parseProfiles(this.config.get(PROFILES_CONFIG_KEY));
    return profileSettings(this.profiles, profile);
  }
}

/** One target's settings: the stack config, and for a profile its own entry of elb:profiles. */
interface TargetSources {
  config: ConfigReader;
  entry: ProfileSettings | undefined;
  profile: string | undefined;
}

function findProblem(sources: () => TargetSources, profile: string | undefined): string | undefined {
  try {
    const target = sources();
    resolveTargetSettings(target);
    if (profile !== undefined) behaviourOf(target);
  } catch (error) {
    if (profile !== undefined) {
      const failure = forTarget(error, profile);
      return failure instanceof Error ? failure.message : String(failure);
    }
    if (error instanceof ConfigurationError && error.code === "ELB_CLEAR_TEXT") return error.message;
  }
  return undefined;
}

/** A configuration error of a profile says which profile (an unknown profile's message already does). */
function forTarget(error: unknown, profile: string | undefined): unknown {
  if (profile === undefined || !(error instanceof ConfigurationError) || error.code === "ELB_UNKNOWN_PROFILE") return error;
  return new ConfigurationError(error.code, `profile ${JSON.stringify(profile)}: ${error.message}`);
}

/** The lookups of one target's settings: a profile answers from its own entry only; see SettingSources.profile. */
function settingSources({ config, entry, profile }: TargetSources) {
  return {
    config: entry ? (key: string) => entry[key.slice(CONFIG_NAMESPACE.length + 1) as SettingName] : (key: string) => config.get(key),
    env: process.env,
    profile,
  };
}

function resolveTargetSettings(target: TargetSources): ResolvedSettings {
  return resolveSettings({
    ...settingSources(target),
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined),
    homeDir: os.homedir(),
    cwd: process.cwd(),
  });
}

/** How the provider behaves for one target: its profile's value, else the top-level one, else the default. */
function behaviourOf({ config, entry, profile }: TargetSources): Behaviour {
  return resolveBehaviour({
    config: (key) => config.get(key),
    env: process.env,
    profile: entry === undefined || profile === undefined ? undefined : { name: profile, setting: (name) => entry[name] },
  });
}

async function createContext(
  target: TargetSources,
  profile: string | undefined,
  { clock, transports, shutdown, log }: TargetDependencies,
): Promise<ProviderContext> {
  const settings = resolveTargetSettings(target);
  const behaviour = behaviourOf(target);
  const where = profile === undefined ? "" : `profile ${JSON.stringify(profile)}: `;
  for (const name of ["endpoint", "authUrl"] as const) {
    const url = settings[name];
    if (url && isClearTextToOtherHost(url))
      log(`${where}clear-text http to ${new URL(url).origin} (${name}) is allowed by allowInsecureHttp (from ${settings.origins.allowInsecureHttp})`);
  }
  if (settings.insecure) log(`${where}TLS certificates are not verified (insecure is set by ${settings.origins.insecure})`);
  const { client } = await clientFor(settings, { transports, shutdown, profile });
  const api = client.api;
  const queueChanges = behaviour.queueChanges ?? api !== "dedicated";
  const gate = changeGate(client, queueChanges, behaviour.queueChanges === undefined);
  // Only the shared ELB documents the batch call with `action`; Octavia's PUT on the same path
  // replaces the pool's whole member set, so nothing is ever batched there, and the dedicated
  // load balancers' v3 pages have no batch call. Where the call exists it is on by default: the
  // batcher sends a lone change as a plain one, so batching never makes a change slower.
  const batchable = api === "shared";
  const batchAsked = behaviour.batchChanges !== undefined;
  const batchChanges = behaviour.batchChanges ?? batchable;
  // Batches only make sense when changes are queued: they are how the queue moves fastest.
  if (batchAsked && batchChanges && !queueChanges) log(`${where}batchChanges is ignored because queueChanges is false`);
  if (batchAsked && batchChanges && !batchable)
    log(`${where}batchChanges is ignored on ${MEMBER_API_TITLES[api]}: it has no batch call that adds or removes members`);
  const batcher = queueChanges && batchChanges && batchable ? new MemberBatcher(client, gate, log) : undefined;
  return {
    client,
    pools: new PoolDirectory(client),
    gate,
    adoptExisting: behaviour.adoptExisting,
    drainSeconds: behaviour.drainSeconds,
    waitForHealthy: behaviour.waitForHealthy,
    batcher,
    clock,
    log,
  };
}

/**
 * How changes pass the load balancer: queued where it takes one change at a time (the shared ELB,
 * Octavia), sent side by side on a dedicated one, which has no busy state (README, "Dedicated
 * load balancers"); queueChanges false asks for the Terraform providers' way, for comparisons.
 */
function changeGate(client: ElbClient, queueChanges: boolean, byDefault: boolean): ChangeGate {
  if (queueChanges) return new QueuedChanges(client);
  return client.api === "dedicated" && byDefault ? new ImmediateChanges(client) : new RetryingChanges(client);
}

/** The ELB client for resolved settings: transport, authentication, endpoint, redaction. */
export async function clientFor(
  settings: ResolvedSettings,
  { transports, shutdown, now = Date.now, profile }: { transports: Transports; shutdown?: ShutdownSignal; now?: () => number; profile?: string },
): Promise<{ client: ElbClient; authenticator: Authenticator }> {
  const dispatcher = transports.dispatcher({ insecure: settings.insecure, caCert: settings.caCert });
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
  const api = memberApiOf(settings.cloud, settings.loadBalancerType);
  // A shared-ELB client asks it too, to look for a pool among v3's (confirm.ts); without one it does not look.
  const projectId = () => projectIdOf(settings, authenticator);
  return { client: new ElbClient({ endpoint, authenticator, dispatcher, redact, api, projectId, profile, shutdown }), authenticator };
}

/** The project of the v3 paths: the setting, else the project IAM scoped the provider's own token to. */
async function projectIdOf(settings: ResolvedSettings, authenticator: Authenticator): Promise<string> {
  if (settings.projectId) return settings.projectId;
  const scoped = authenticator instanceof PasswordAuthenticator ? await authenticator.projectId() : undefined;
  if (scoped) return scoped;
  throw new ConfigurationError(
    "ELB_NO_PROJECT",
    'loadBalancerType is "dedicated", whose API (ELB v3) has the project id in every path, and IAM\'s token names none: set elb:projectId',
  );
}
