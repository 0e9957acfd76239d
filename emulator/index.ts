// Programmatic entry point: start an ELB v2.0 and v3 (dedicated) emulator on loopback and steer it from tests,
// benchmarks and demos.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorCore } from "./core";
import { createListener } from "./server";
import type {
  AnyMember,
  Counters,
  EmulatorOptions,
  EmulatorState,
  FaultConfig,
  Member,
  MemberCreation,
  MemberHealth,
  MemberHealthReason,
  RequestLogEntry,
  SeedData,
} from "./types";

export type {
  AkSkCredential,
  AnyMember,
  AuthApplicationCredential,
  AuthConfig,
  AuthUser,
  Counters,
  DedicatedMember,
  DedicatedProjectMember,
  DropFault,
  EmulatorOptions,
  EmulatorState,
  ErrorFault,
  ErrorStyle,
  ExtensionMember,
  FaultConfig,
  FaultRule,
  HealthMonitorView,
  LatencyFault,
  LoadBalancerView,
  Member,
  MemberCreation,
  MemberHealth,
  MemberHealthReason,
  MemberStatus,
  MemberStatusReason,
  PoolIpVersion,
  PoolView,
  RequestLogEntry,
  SeedData,
  SeedHealthMonitor,
  SeedLoadBalancer,
  SeedMember,
  SeedPool,
  SeedSubnet,
  SlowBodyFault,
  ThrottleFault,
} from "./types";
export { demoSeed, DEMO_IDS, DEFAULT_PROJECT_ID } from "./demo-seed";
export { signRequest, formatSdkDate } from "./auth/aksk";
export { EmulatorConfigError, UnknownResourceError } from "./errors";
export { ManualClock, systemClock } from "./clock";
export type { Clock } from "./clock";

export interface Emulator {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The IAM endpoint for token auth: url + "/v3". */
  authUrl: string;
  projectId: string;
  seed(data: SeedData): void;
  /** Plain JSON snapshot: API shapes, members with pool_id. */
  state(): EmulatorState;
  /**
   * Members of a pool in API shape, ascending by id: the v2.0 shape (Member) for a shared load
   * balancer's pool, the v3 shape (DedicatedMember) for a dedicated one's. The type defaults to
   * Member, as every caller before v3 expects; a caller that knows the pool is dedicated names
   * it: members<DedicatedMember>(poolId). The shape follows the pool, not the type argument.
   */
  members<M extends AnyMember = Member>(poolId: string): M[];
  /** Replaces the fault rules and restarts the PRNG from their seed. */
  setFaults(faults: FaultConfig): void;
  /** Busy time after each change; without a load balancer id, the global default. */
  setBusyMs(ms: number, loadbalancerId?: string): void;
  /**
   * One change to come is busy for ms instead of the usual time: the one after `after` (default
   * 0) more applied changes to the load balancer (to any, without an id). reset() forgets it.
   */
  slowChange(ms: number, options?: { after?: number; loadbalancerId?: string }): void;
  setLoadBalancerStatus(id: string, status: string): void;
  /**
   * Marks the server behind an address healthy (the default) or not. Members on it in pools with
   * a monitor turn ONLINE or OFFLINE once it has stayed so for delay x max_retries seconds.
   */
  setServerHealth(address: string, healthy: boolean): void;
  /**
   * setServerHealth(address, status === "ONLINE"), kept for older tests. An OFFLINE server may
   * carry the reason its checks fail, which dedicated pools' members show in status[].reason;
   * without one a TCP monitor reports CONNECT_REFUSED, an HTTP one RESPONSE_MISMATCH (200/503).
   */
  setMemberHealth(address: string, status: MemberHealth, reason?: MemberHealthReason): void;
  counters(): Counters;
  /** Every API and IAM request (not the admin routes), oldest first, with arrival time and status; reset() clears it. */
  requestLog(): RequestLogEntry[];
  /** Every member the API created (not seeded), oldest first, with its time on the emulator's clock; reset() clears it. */
  memberCreations(): MemberCreation[];
  /** The emulator's clock, ms: what busy windows and memberCreations() are measured on. */
  now(): number;
  resetCounters(): void;
  /** Back to the start world, busy time and faults; counters cleared; issued tokens kept. */
  reset(): void;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const core = new EmulatorCore(options);
  const server = http.createServer(createListener(core));
  // Longer than client keep-alive defaults (undici: 4 s), so the server never closes an idle
  // socket just as a client reuses it.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  core.url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: core.url,
    authUrl: `${core.url}/v3`,
    get projectId() {
      return core.store.projectId;
    },
    seed: (data) => core.seed(data),
    state: () => core.state(),
    members: <M extends AnyMember = Member>(poolId: string) => core.members(poolId) as M[],
    setFaults: (faults) => core.setFaults(faults),
    setBusyMs: (ms, loadbalancerId) => core.setBusyMs(ms, loadbalancerId),
    slowChange: (ms, options = {}) => core.slowChange(ms, options.after, options.loadbalancerId),
    setLoadBalancerStatus: (id, status) => core.setLoadBalancerStatus(id, status),
    setServerHealth: (address, healthy) => core.setServerHealth(address, healthy),
    setMemberHealth: (address, status, reason) => core.setMemberHealth(address, status, reason),
    counters: () => core.counterSnapshot(),
    requestLog: () => core.requestLog(),
    memberCreations: () => core.memberCreations(),
    now: () => core.clock.now(),
    resetCounters: () => core.counters.clear(),
    reset: () => core.reset(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        core.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
