// The emulator without its socket: world, auth, faults, counters and the control operations that
// both the programmatic API (index.ts) and the admin routes (admin.ts) call.
import { Authenticator } from "./auth/authenticate";
import { Clock, systemClock } from "./clock";
import { Directory } from "./auth/directory";
import { DEFAULT_TOKEN_LIFETIME_S, TokenService } from "./auth/tokens";
import { CounterSet } from "./counters";
import { DEFAULT_PROJECT_ID } from "./demo-seed";
import { UnknownResourceError } from "./errors";
import { FaultInjector } from "./faults";
import { loadWorld, saveWorld } from "./persist";
import { Router } from "./router";
import { ApiRoute, apiRoutes } from "./routes";
import { applySeed } from "./seed";
import { Store } from "./store";
import { Timers } from "./timers";
import type {
  AnyMember,
  Counters,
  EmulatorOptions,
  EmulatorState,
  ErrorStyle,
  FaultConfig,
  MemberCreation,
  MemberHealth,
  MemberHealthReason,
  RequestLogEntry,
  SeedData,
} from "./types";
import type { MemberRecord } from "./records";
import { healthMonitorView, listenerView, loadBalancerView, memberView, poolView, subnetView } from "./views";
import { dedicatedMemberView } from "./views-v3";

function byId<T extends { id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Entries the request log keeps; older ones are dropped. */
const REQUEST_LOG_LIMIT = 10_000;

export class EmulatorCore {
  readonly store: Store;
  readonly counters = new CounterSet();
  /** Every non-admin request as it arrived, oldest first, at most REQUEST_LOG_LIMIT. */
  readonly requests: RequestLogEntry[] = [];
  readonly faults: FaultInjector;
  readonly tokens: TokenService;
  readonly auth: Authenticator;
  readonly router: Router<ApiRoute>;
  /** Busy windows are measured on it; latency and slow bodies sleep on it. */
  readonly clock: Clock;
  readonly timers: Timers;
  readonly errorStyle: ErrorStyle;
  /** Set once listening: http://127.0.0.1:<port>. */
  url = "";
  closed = false;

  private readonly persistFile?: string;
  private readonly initialWorld: SeedData;
  private readonly initialFaults: FaultConfig;
  private readonly initialBusyMs: number;

  constructor(options: EmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timers = new Timers(this.clock);
    this.errorStyle = options.errorStyle ?? "neutron";
    this.persistFile = options.persistFile;
    this.initialBusyMs = options.busyMs ?? 0;
    const persisted = this.persistFile === undefined ? undefined : loadWorld(this.persistFile);
    this.initialWorld = structuredClone(persisted ?? options.seed ?? {});

    this.store = new Store(this.initialWorld.projectId ?? DEFAULT_PROJECT_ID, 0, () => this.clock.now());
    this.store.setBusyMs(this.initialBusyMs);
    applySeed(this.store, this.initialWorld);

    const authConfig = options.auth === undefined || options.auth === "none" ? null : options.auth;
    const now = authConfig?.now ?? (() => Date.now());
    const projectId = () => this.store.projectId;
    const directory = authConfig
      ? new Directory(authConfig.users ?? [], authConfig.applicationCredentials ?? [], projectId)
      : new Directory(null, null, projectId);
    this.tokens = new TokenService({
      directory,
      lifetimeSeconds: authConfig?.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_S,
      now,
      onIssued: () => this.counters.bump("auth", "token_issued"),
      onFailure: (reason) => this.countAuthFailure(reason),
    });
    this.auth = new Authenticator({
      required: authConfig !== null,
      credentials: authConfig?.credentials ?? [],
      tokens: this.tokens,
      now,
      projectId,
    });
    this.router = new Router(apiRoutes(this.store, this.tokens));
    this.faults = new FaultInjector(() => this.router.keys());
    this.initialFaults = options.faults ?? { rules: [] };
    this.faults.set(this.initialFaults);
  }

  countAuthFailure(reason: string): void {
    this.counters.bump("auth", "failure");
    this.counters.bump("auth", `failure:${reason}`);
  }

  seed(data: SeedData): void {
    applySeed(this.store, data);
    this.persist();
  }

  state(): EmulatorState {
    const s = this.store;
    return {
      project_id: s.projectId,
      subnets: byId(s.subnets.values()).map(subnetView),
      loadbalancers: byId(s.loadbalancers.values()).map((lb) => loadBalancerView(s, lb)),
      listeners: byId(s.listeners.values()).map(listenerView),
      pools: byId(s.pools.values()).map((p) => poolView(s, p)),
      healthmonitors: byId(s.healthmonitors.values()).map((h) => healthMonitorView(s, h)),
      members: byId(s.members.values()).map((m) => ({ ...this.anyMemberView(m), pool_id: m.poolId })),
    };
  }

  /** The member as its own API shows it: v3 for a dedicated load balancer's pool, else v2.0. */
  private anyMemberView(m: MemberRecord): AnyMember {
    const pool = this.store.pools.get(m.poolId);
    return pool && this.store.isDedicatedPool(pool) ? dedicatedMemberView(this.store, m) : memberView(this.store, m);
  }

  members(poolId: string): AnyMember[] {
    if (!this.store.pools.has(poolId)) throw new UnknownResourceError(`unknown pool ${poolId}`);
    return byId(this.store.membersOf(poolId)).map((m) => this.anyMemberView(m));
  }

  setFaults(config: FaultConfig): void {
    this.faults.set(config);
  }

  setBusyMs(ms: number, loadbalancerId?: string): void {
    this.store.setBusyMs(ms, loadbalancerId);
    this.persist();
  }

  slowChange(ms: number, after?: number, loadbalancerId?: string): void {
    this.store.slowChange(ms, after, loadbalancerId);
  }

  setLoadBalancerStatus(id: string, status: string): void {
    this.store.setLoadBalancerStatus(id, status);
    this.persist();
  }

  setMemberHealth(address: string, status: MemberHealth, reason?: MemberHealthReason): void {
    this.store.setMemberHealth(address, status, reason);
    this.persist();
  }

  setServerHealth(address: string, healthy: boolean): void {
    this.store.setServerHealth(address, healthy);
    this.persist();
  }

  counterSnapshot(): Counters {
    return this.counters.snapshot();
  }

  /** Notes a request as it arrives; the server fills in the status once it has answered. */
  logRequest(method: string, path: string): RequestLogEntry {
    const entry: RequestLogEntry = { method, path, at: Date.now() };
    this.requests.push(entry);
    if (this.requests.length > REQUEST_LOG_LIMIT) this.requests.splice(0, this.requests.length - REQUEST_LOG_LIMIT);
    return entry;
  }

  requestLog(): RequestLogEntry[] {
    return this.requests.map((entry) => ({ ...entry }));
  }

  memberCreations(): MemberCreation[] {
    return this.store.creations.map((entry) => ({ ...entry }));
  }

  /** Back to the start: the initial world, busy time and faults; counters cleared; tokens kept. */
  reset(): void {
    this.store.clear();
    this.store.projectId = this.initialWorld.projectId ?? DEFAULT_PROJECT_ID;
    this.store.setBusyMs(this.initialBusyMs);
    applySeed(this.store, structuredClone(this.initialWorld));
    this.faults.set(this.initialFaults);
    this.counters.clear();
    this.requests.length = 0;
    this.persist();
  }

  persist(): void {
    if (this.persistFile !== undefined) saveWorld(this.persistFile, this.store.toSeed());
  }

  close(): void {
    this.closed = true;
    this.timers.cancelAll();
    this.persist();
  }
}
