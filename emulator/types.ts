// Public types of the emulator: start options, seed data, fault rules and the API shapes it
// returns. Kept apart from the implementation so tests and tools can import them cheaply.
import type { Clock } from "./clock";

export type ErrorStyle = "neutron" | "apigw";
export type MemberHealth = "ONLINE" | "OFFLINE";

/**
 * Why a member's health check fails, as a dedicated load balancer's member status[] reports it
 * (MemberHealthCheckFailedReason of the v3 member pages).
 */
export interface MemberHealthReason {
  /** CONNECT_TIMEOUT, CONNECT_REFUSED, ..., RESPONSE_MISMATCH (the pages' list). */
  reasonCode: string;
  /** HTTP monitors: the expected status code(s), e.g. "200". */
  expectedResponse?: string;
  /** HTTP monitors: the status code the server answered, e.g. "503". */
  healthcheckResponse?: string;
}

/** A pool's IP version on a dedicated load balancer: IPv4 only, or IPv4 and IPv6 members. */
export type PoolIpVersion = "v4" | "dualstack";

export interface AuthUser {
  name: string;
  password: string;
  domainName: string;
  /** Defaults to an id derived from domainName (32 hex characters, as IAM's). */
  domainId?: string;
  /** Defaults to the emulator's project. */
  projectId?: string;
  /** Defaults to "eu-de" (OTC names projects after their region). */
  projectName?: string;
}

export interface AkSkCredential {
  accessKey: string;
  secretKey: string;
  /** Set for temporary credentials: requests must then carry it in X-Security-Token. */
  securityToken?: string;
}

/**
 * An OpenStack application credential: a secret that stands for its owner in the owner's
 * project (method "application_credential"; found by id, or by name and owner).
 */
export interface AuthApplicationCredential {
  id: string;
  name: string;
  secret: string;
  /** The owner, one of `users`, by name and domain name. */
  userName: string;
  domainName: string;
}
export interface AuthConfig {
  users?: AuthUser[];
  credentials?: AkSkCredential[];
  applicationCredentials?: AuthApplicationCredential[];
  /** Token lifetime; IAM's is 24 h. */
  tokenLifetimeSeconds?: number;
  /** Clock for token expiry and the X-Sdk-Date window (ms since epoch); tests inject it. */
  now?: () => number;
}

interface FaultBase {
  /** Route key such as "POST /v2.0/lbaas/pools/{pool_id}/members"; omitted = every ELB route. */
  route?: string;
  /** Probability 0..1 that the rule fires on a matching request (default 1). */
  rate?: number;
  /** Fire at most this many times, then stay quiet. */
  times?: number;
}
export interface LatencyFault extends FaultBase {
  kind: "latency";
  ms: number;
}
export interface ErrorFault extends FaultBase {
  kind: "error";
  status: 500 | 502 | 503 | 504;
  /** Apply the change first, then answer with the error (a 5xx that did happen). */
  afterCommit?: boolean;
}
export interface ThrottleFault extends FaultBase {
  kind: "throttle";
  /** Retry-After value in seconds (default 1). */
  retryAfterSeconds?: number;
}
/** The change is applied, then the socket is destroyed before any response byte. */
export interface DropFault extends FaultBase {
  kind: "drop";
}
/** Headers go out at once; the body trickles out over `ms`. */
export interface SlowBodyFault extends FaultBase {
  kind: "slowBody";
  ms: number;
}
export type FaultRule = LatencyFault | ErrorFault | ThrottleFault | DropFault | SlowBodyFault;

export interface FaultConfig {
  /** PRNG seed so a run repeats (default 1). */
  seed?: number;
  rules: FaultRule[];
}

export interface SeedSubnet {
  id: string;
  /** An IPv4 ("192.168.0.0/24") or IPv6 ("2001:db8:a::/64") CIDR. */
  cidr: string;
  vpcId: string;
  name?: string;
}
export interface SeedLoadBalancer {
  id: string;
  name?: string;
  vipSubnetId: string;
  /** Defaults to the second host of the vip subnet. */
  vipAddress?: string;
  provisioningStatus?: string;
  busyMs?: number;
  /**
   * A dedicated load balancer (ELB v3 routes) instead of a shared one (v2.0 routes, the
   * default). Each API sees only its own kind; a pool belongs to its load balancer's kind.
   */
  dedicated?: boolean;
}
export interface SeedListener {
  id: string;
  name?: string;
  loadbalancerId: string;
  protocol?: string;
  protocolPort?: number;
  defaultPoolId?: string | null;
}
export interface SeedPool {
  id: string;
  name?: string;
  loadbalancerId: string;
  protocol?: string;
  lbAlgorithm?: string;
  healthmonitorId?: string | null;
  /** The v3 pool's ip_version: "v4" (default) or "dualstack" (IPv6 members allowed). */
  ipVersion?: PoolIpVersion;
}
/**
 * A pool's health monitor. The API takes whole seconds; seed data may give fractions down to a
 * millisecond (delay 0.2), so tests and demos need not wait whole seconds.
 */
export interface SeedHealthMonitor {
  id: string;
  /** The pool it checks; that pool's healthmonitorId becomes this id. */
  poolId: string;
  name?: string;
  /** TCP, UDP_CONNECT (UDP pools only) or HTTP; defaults to UDP_CONNECT for a UDP pool, else TCP. */
  type?: string;
  /** Seconds between checks, more than 0 and at most 50. */
  delay: number;
  /** Seconds a check may take, more than 0 and at most 50. */
  timeout: number;
  /** Consecutive checks, 1-10, that turn a member ONLINE, and that turn it OFFLINE. */
  maxRetries: number;
}
export interface SeedMember {
  id?: string;
  poolId: string;
  address: string;
  protocolPort: number;
  /** The member's subnet; "" for an IP member of a dedicated pool ("IP as a backend"). */
  subnetId: string;
  name?: string;
  weight?: number;
  adminStateUp?: boolean;
  /** Dedicated pools: the ECS id of an instance member (default: derived from subnet and address). */
  instanceId?: string;
  /** Dedicated pools: the member's availability zone (default ""). */
  availabilityZone?: string;
  /** Dedicated pools: timestamps as the v3 API shows them, "2024-08-08T09:00:34Z" (default: now). */
  createdAt?: string;
  updatedAt?: string;
}
export interface SeedData {
  projectId?: string;
  subnets?: SeedSubnet[];
  loadbalancers?: SeedLoadBalancer[];
  listeners?: SeedListener[];
  pools?: SeedPool[];
  healthmonitors?: SeedHealthMonitor[];
  members?: SeedMember[];
  /** Health of the server behind each address ("OFFLINE": unhealthy); addresses not listed are healthy. */
  memberHealth?: Record<string, MemberHealth>;
  /** Why the health check of an unhealthy address fails (dedicated pools show it in status[]). */
  memberHealthReasons?: Record<string, MemberHealthReason>;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port; the server binds 127.0.0.1. */
  port?: number;
  /** Busy time after each member change, in ms (default 0). */
  busyMs?: number;
  /** "none" (default) or a configuration that makes auth required. */
  auth?: "none" | AuthConfig;
  errorStyle?: ErrorStyle;
  faults?: FaultConfig;
  seed?: SeedData;
  /** Load the world from this JSON file when it exists, and save it after every change. */
  persistFile?: string;
  /**
   * What busy windows and member health are timed on and injected latency and slow bodies sleep
   * on: the system's monotonic clock by default; a ManualClock in tests, so time moves only when
   * the test moves it.
   * Timestamps (created_at, the request log) stay wall-clock time.
   */
  clock?: Clock;
}

/** A member as the API returns it. */
export interface Member {
  name: string;
  weight: number;
  admin_state_up: boolean;
  subnet_id: string;
  tenant_id: string;
  address: string;
  protocol_port: number;
  operating_status: string;
  id: string;
}

/** A member as the extension list (GET /v2.0/lbaas/members) returns it. */
export interface ExtensionMember extends Member {
  pool_id: string;
  loadbalancer_id: string;
  device_id: string;
  device_owner: string;
}

/** Why a member's check fails, as the v3 pages name it. */
export interface MemberStatusReason {
  reason_code: string;
  expected_response?: string;
  healthcheck_response?: string;
}

/** A member's health as one listener of the load balancer sees it (v3 MemberStatus). */
export interface MemberStatus {
  listener_id: string;
  operating_status: string;
  /** Only while the health check fails. */
  reason?: MemberStatusReason;
  created_at: string;
  updated_at: string;
}

/** A member of a dedicated load balancer's pool, as the v3 API returns it. */
export interface DedicatedMember {
  id: string;
  name: string;
  project_id: string;
  admin_state_up: boolean;
  subnet_cidr_id: string;
  protocol_port: number;
  weight: number;
  address: string;
  ip_version: "v4" | "v6";
  operating_status: string;
  status: MemberStatus[];
  created_at: string;
  updated_at: string;
  /** "ip" without a subnet (IP as a backend), else "instance". */
  member_type: "ip" | "instance";
  instance_id: string;
  availability_zone: string;
}

/** A member as GET /v3/{project_id}/elb/members returns it (MemberInfo). */
export interface DedicatedProjectMember extends DedicatedMember {
  pool_id: string;
  loadbalancer_id: string;
  loadbalancers: IdRef[];
  device_id: string;
  device_owner: string;
}

/** What Emulator.members(poolId) returns: the v2.0 shape for a shared pool, v3 for a dedicated one. */
export type AnyMember = Member | DedicatedMember;

export interface IdRef {
  id: string;
}

export interface LoadBalancerView {
  description: string;
  admin_state_up: boolean;
  tenant_id: string;
  provisioning_status: string;
  vip_subnet_id: string;
  listeners: IdRef[];
  vip_address: string;
  vip_port_id: string;
  provider: string;
  pools: IdRef[];
  id: string;
  operating_status: string;
  tags: string[];
  name: string;
  created_at: string;
  updated_at: string;
}

export interface PoolView {
  lb_algorithm: string;
  protocol: string;
  description: string;
  admin_state_up: boolean;
  loadbalancers: IdRef[];
  tenant_id: string;
  session_persistence: null;
  healthmonitor_id: string | null;
  listeners: IdRef[];
  members: IdRef[];
  id: string;
  name: string;
}

export interface SubnetView {
  id: string;
  name: string;
  cidr: string;
  vpc_id: string;
}

export interface ListenerView {
  id: string;
  name: string;
  loadbalancer_id: string;
  protocol: string;
  protocol_port: number;
  default_pool_id: string | null;
}

/** A health monitor in the state snapshot, named as the API's health check resource names them. */
export interface HealthMonitorView {
  id: string;
  name: string;
  type: string;
  delay: number;
  timeout: number;
  max_retries: number;
  admin_state_up: boolean;
  tenant_id: string;
  pools: IdRef[];
}

export interface EmulatorState {
  project_id: string;
  subnets: SubnetView[];
  loadbalancers: LoadBalancerView[];
  listeners: ListenerView[];
  pools: PoolView[];
  healthmonitors: HealthMonitorView[];
  /** Members of shared pools in the v2.0 shape, of dedicated pools in the v3 shape. */
  members: (AnyMember & { pool_id: string })[];
}

export type Counters = Record<string, Record<string, number>>;

/**
 * A member the API created (a POST or a batch call; seed data is not logged), and when, on the
 * emulator's clock: the time the load balancer took the change, whoever asked and however late
 * the answer reached them.
 */
export interface MemberCreation {
  poolId: string;
  memberId: string;
  address: string;
  protocolPort: number;
  /** The emulator's clock (Emulator.now()), ms. */
  at: number;
}

/** One request the emulator received: when it arrived and, once answered, its status. */
export interface RequestLogEntry {
  method: string;
  /** The path without the query. */
  path: string;
  /** Arrival, ms since epoch. */
  at: number;
  /** Undefined while unanswered, and for a dropped answer. */
  status?: number;
}
