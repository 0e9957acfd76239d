// Everything one provider process knows, in one object: the targets of its configuration, the
// members resources have claimed, the members this run removed (to put back), the connection
// pools, the shutdown signal, the clock and the log. An adapter (the dynamic-provider host, the resource plugin, a
// program's lookups) makes one and passes it down; nothing in provider/ keeps state of its own,
// so a test makes a runtime instead of resetting globals.
import { ConfigReader, ProviderContext, Targets } from "./context";
import { MemberClaims } from "./claims";
import type { CloudName } from "./client/auth/types";
import type { MemberApi } from "./member-api";
import { Clock, systemClock } from "./client/clock";
import { ShutdownSignal } from "./client/shutdown-signal";
import { Transports } from "./client/transport";
import { RemovedMembers } from "./resources/put-back";

export interface RuntimeOptions {
  /** Tests move time themselves; the engine's processes run on the system clock. */
  clock?: Clock;
  log?: (message: string) => void;
}

const NO_CONFIG: ConfigReader = { get: () => undefined };

// The engine shows a provider's stderr as diagnostics.
const logToStderr = (message: string) => console.error(`elb: ${message}`);

export class ProviderRuntime {
  readonly clock: Clock;
  readonly log: (message: string) => void;
  /** Which resource declares which member: one owner per (pool, address, port). */
  readonly claims = new MemberClaims();
  /** Members deleted by this run's delete-before-replace, for a failed replacement to put back. */
  readonly removed = new RemovedMembers();
  /** Keep-alive connection pools, shared by every target. */
  readonly transports = new Transports();
  /** Raised when the engine is gone: from then on no client or queue of this runtime sends anything. */
  readonly shutdown = new ShutdownSignal();
  private targets: Targets;

  constructor(config: ConfigReader = NO_CONFIG, options: RuntimeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? logToStderr;
    this.targets = this.targetsOf(config);
  }

  /**
   * New settings from the engine. Targets are made again from them; what the runtime learnt of
   * the deployment (claims, removed members) and its connection pools stay.
   */
  configure(config: ConfigReader): void {
    this.targets = this.targetsOf(config);
  }

  /** The client, queue and settings of one target: a profile of elb:profiles, or the top-level settings. */
  context(profile?: string): Promise<ProviderContext> {
    return this.targets.context(profile);
  }

  /** What is wrong with a target's settings, for preview; undefined when nothing is. */
  settingsProblem(profile?: string): string | undefined {
    return this.targets.settingsProblem(profile);
  }

  /** The cloud a target is on and its member API, when its settings say (see Targets.targetOf). */
  targetOf(profile?: string): { cloud: CloudName; api: MemberApi } | undefined {
    return this.targets.targetOf(profile);
  }

  private targetsOf(config: ConfigReader): Targets {
    return new Targets(config, { clock: this.clock, transports: this.transports, shutdown: this.shutdown, log: this.log });
  }
}
