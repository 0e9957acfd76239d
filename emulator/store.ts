// The emulated world: subnets, load balancers, listeners, pools, health monitors, members and the
// health of the servers behind them, plus the load balancer state gate (busy window, ERROR) that
// every member change passes through.
import { isIPv4 } from "node:net";
import { EmulatorConfigError, notFound, stateInvalid, UnknownResourceError } from "./errors";
import { checkedOnline, MemberChecks, rebase, thresholdMs } from "./health";
import type { HealthMonitorRecord, ListenerRecord, LoadBalancerRecord, MemberRecord, PoolRecord, SubnetRecord } from "./records";
import type { MemberCreation, MemberHealth, SeedData } from "./types";

/** Entries the creation log keeps; older ones are dropped. */
const MEMBER_CREATION_LIMIT = 10_000;

export const LOADBALANCER_STATUSES = ["ACTIVE", "PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "ERROR"];

/** API timestamp format, as in the documented examples: "2018-07-25T01:54:13". */
export function apiTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function checkAddress(address: unknown): void {
  if (typeof address !== "string" || !isIPv4(address)) {
    throw new EmulatorConfigError(`address must be an IPv4 address, got ${JSON.stringify(address)}`);
  }
}

interface SlowChange {
  ms: number;
  /** Applied changes still to come before this one. */
  after: number;
  loadbalancerId?: string;
}

export class Store {
  readonly subnets = new Map<string, SubnetRecord>();
  readonly loadbalancers = new Map<string, LoadBalancerRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  readonly pools = new Map<string, PoolRecord>();
  readonly healthmonitors = new Map<string, HealthMonitorRecord>();
  readonly members = new Map<string, MemberRecord>();
  /** Server addresses marked unhealthy; every other address is healthy. */
  readonly unhealthy = new Set<string>();
  /** Members the API created, oldest first, at most MEMBER_CREATION_LIMIT. */
  readonly creations: MemberCreation[] = [];
  /** Changes still to come that take a busy time of their own (see slowChange). */
  private slowChanges: SlowChange[] = [];

  constructor(
    public projectId: string,
    public defaultBusyMs: number,
    /** Monotonic milliseconds (the emulator's clock), so a wall-clock jump cannot end or stretch a busy window. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  clear(): void {
    this.subnets.clear();
    this.loadbalancers.clear();
    this.listeners.clear();
    this.pools.clear();
    this.healthmonitors.clear();
    this.members.clear();
    this.unhealthy.clear();
    this.creations.length = 0;
    this.slowChanges = [];
  }

  /** The emulator's clock, in ms. */
  now(): number {
    return this.clock();
  }

  requireLoadBalancer(id: string): LoadBalancerRecord {
    const lb = this.loadbalancers.get(id);
    if (!lb) throw notFound("loadbalancer", id);
    return lb;
  }

  requirePool(id: string): PoolRecord {
    const pool = this.pools.get(id);
    if (!pool) throw notFound("pool", id);
    return pool;
  }

  /** A member of the given pool; a member of another pool is as good as missing. */
  requireMember(poolId: string, memberId: string): MemberRecord {
    const member = this.members.get(memberId);
    if (!member || member.poolId !== poolId) throw notFound("member", memberId);
    return member;
  }

  /** A member the API creates: stored, and its creation logged on the emulator's clock. */
  addMember(member: MemberRecord): void {
    this.members.set(member.id, member);
    this.creations.push({ poolId: member.poolId, memberId: member.id, address: member.address, protocolPort: member.protocolPort, at: this.clock() });
    if (this.creations.length > MEMBER_CREATION_LIMIT) this.creations.splice(0, this.creations.length - MEMBER_CREATION_LIMIT);
  }

  membersOf(poolId: string): MemberRecord[] {
    return [...this.members.values()].filter((m) => m.poolId === poolId);
  }

  findDuplicate(poolId: string, address: string, port: number, exceptId?: string): MemberRecord | undefined {
    for (const m of this.members.values()) {
      if (m.poolId === poolId && m.address === address && m.protocolPort === port && m.id !== exceptId) return m;
    }
    return undefined;
  }

  /** The status the API reports: PENDING_UPDATE while a change is being "applied". */
  provisioningStatus(lb: LoadBalancerRecord): string {
    if (lb.status === "ACTIVE" && lb.busyUntil > this.clock()) return "PENDING_UPDATE";
    return lb.status;
  }

  busyMsFor(lb: LoadBalancerRecord): number {
    return lb.busyMs ?? this.defaultBusyMs;
  }

  /** Neutron-LBaaS refuses any child change unless the load balancer is ACTIVE. */
  assertAcceptsChange(lb: LoadBalancerRecord): void {
    const status = this.provisioningStatus(lb);
    if (status !== "ACTIVE") throw stateInvalid(lb.id, status);
  }

  /** Opens the busy window; measured from now, when the change has been applied. */
  markChanged(lb: LoadBalancerRecord): void {
    lb.busyUntil = this.clock() + this.nextBusyMs(lb);
    lb.updatedAt = apiTimestamp(Date.now());
  }

  /**
   * How long a member's result takes to flip in this pool: delay x max_retries of its monitor;
   * 0 for a monitor id no monitor record has (seed data that names a monitor without declaring
   * it: results follow the server's health at once); null without a monitor.
   */
  thresholdOf(pool: PoolRecord | undefined): number | null {
    if (!pool || pool.healthmonitorId === null) return null;
    const monitor = this.healthmonitors.get(pool.healthmonitorId);
    return monitor ? thresholdMs(monitor) : 0;
  }

  /** Checks that start now with nothing seen yet: a member just created. */
  freshChecks(): MemberChecks {
    return { online: false, since: this.clock() };
  }

  /** The member's result now, ignoring admin_state_up; NO_MONITOR without a monitor. */
  operatingStatus(member: MemberRecord): string {
    const threshold = this.thresholdOf(this.pools.get(member.poolId));
    if (threshold === null) return "NO_MONITOR";
    return checkedOnline(member.checks, !this.unhealthy.has(member.address), threshold, this.clock()) ? "ONLINE" : "OFFLINE";
  }

  /** The member's checks as of now, counting again from now: before what they depend on changes. */
  rebasedChecks(member: MemberRecord): MemberChecks {
    const threshold = this.thresholdOf(this.pools.get(member.poolId)) ?? 0;
    return rebase(member.checks, !this.unhealthy.has(member.address), threshold, this.clock());
  }

  setBusyMs(ms: number, loadbalancerId?: string): void {
    if (!Number.isInteger(ms) || ms < 0) throw new EmulatorConfigError(`busy time must be an integer >= 0, got ${ms}`);
    if (loadbalancerId === undefined) {
      this.defaultBusyMs = ms;
      return;
    }
    const lb = this.loadbalancers.get(loadbalancerId);
    if (!lb) throw new UnknownResourceError(`unknown load balancer ${loadbalancerId}`);
    lb.busyMs = ms;
  }

  /**
   * One change to come is busy for ms instead of the usual time: the one after `after` more
   * applied changes to the load balancer (to any load balancer, without an id).
   */
  slowChange(ms: number, after = 0, loadbalancerId?: string): void {
    if (!Number.isInteger(ms) || ms < 0) throw new EmulatorConfigError(`busy time must be an integer >= 0, got ${ms}`);
    if (!Number.isInteger(after) || after < 0) throw new EmulatorConfigError(`after must be an integer >= 0, got ${after}`);
    if (loadbalancerId !== undefined && !this.loadbalancers.has(loadbalancerId)) throw new UnknownResourceError(`unknown load balancer ${loadbalancerId}`);
    this.slowChanges.push({ ms, after, loadbalancerId });
  }

  /** The busy time of a change being applied now; counts it against the slow changes to come. */
  private nextBusyMs(lb: LoadBalancerRecord): number {
    let ms = this.busyMsFor(lb);
    const mine = this.slowChanges.filter((slow) => slow.loadbalancerId === undefined || slow.loadbalancerId === lb.id);
    const due = mine.filter((slow) => slow.after === 0);
    for (const slow of mine) slow.after--;
    if (due.length > 0) {
      ms = Math.max(...due.map((slow) => slow.ms));
      this.slowChanges = this.slowChanges.filter((slow) => !due.includes(slow));
    }
    return ms;
  }

  setLoadBalancerStatus(id: string, status: string): void {
    const lb = this.loadbalancers.get(id);
    if (!lb) throw new UnknownResourceError(`unknown load balancer ${id}`);
    if (!LOADBALANCER_STATUSES.includes(status)) {
      throw new EmulatorConfigError(`status must be one of ${LOADBALANCER_STATUSES.join(", ")}, got ${status}`);
    }
    lb.status = status;
    // An explicit status replaces whatever busy window was running.
    lb.busyUntil = 0;
  }

  /**
   * Marks the server behind an address healthy or not. Members on that address (in any pool)
   * keep the result they show now and count their checks again from now; marking a server as
   * what it already is changes nothing.
   */
  setServerHealth(address: string, healthy: boolean): void {
    checkAddress(address);
    if (typeof healthy !== "boolean") throw new EmulatorConfigError(`healthy must be true or false, got ${JSON.stringify(healthy)}`);
    if (healthy !== this.unhealthy.has(address)) return;
    for (const m of this.members.values()) {
      if (m.address === address) m.checks = this.rebasedChecks(m);
    }
    if (healthy) this.unhealthy.delete(address);
    else this.unhealthy.add(address);
  }

  /** Whether the server behind an address is healthy. */
  serverHealthy(address: string): boolean {
    checkAddress(address);
    return !this.unhealthy.has(address);
  }

  /** setServerHealth in the older terms: ONLINE is healthy, OFFLINE unhealthy. */
  setMemberHealth(address: string, status: MemberHealth): void {
    if (status !== "ONLINE" && status !== "OFFLINE") {
      throw new EmulatorConfigError(`health must be ONLINE or OFFLINE, got ${String(status)}`);
    }
    this.setServerHealth(address, status === "ONLINE");
  }

  /** The world as seed data: the persistence format, and what reset() returns to. */
  toSeed(): SeedData {
    return {
      projectId: this.projectId,
      subnets: [...this.subnets.values()].map((s) => ({ id: s.id, name: s.name, cidr: s.cidr, vpcId: s.vpcId })),
      loadbalancers: [...this.loadbalancers.values()].map((lb) => ({
        id: lb.id,
        name: lb.name,
        vipSubnetId: lb.vipSubnetId,
        vipAddress: lb.vipAddress,
        provisioningStatus: lb.status,
        ...(lb.busyMs === undefined ? {} : { busyMs: lb.busyMs }),
      })),
      listeners: [...this.listeners.values()].map((l) => ({
        id: l.id,
        name: l.name,
        loadbalancerId: l.loadbalancerId,
        protocol: l.protocol,
        protocolPort: l.protocolPort,
        defaultPoolId: l.defaultPoolId,
      })),
      pools: [...this.pools.values()].map((p) => ({
        id: p.id,
        name: p.name,
        loadbalancerId: p.loadbalancerId,
        protocol: p.protocol,
        lbAlgorithm: p.lbAlgorithm,
        healthmonitorId: p.healthmonitorId,
      })),
      healthmonitors: [...this.healthmonitors.values()].map((h) => ({
        id: h.id,
        name: h.name,
        poolId: h.poolId,
        type: h.type,
        delay: h.delay,
        timeout: h.timeout,
        maxRetries: h.maxRetries,
      })),
      members: [...this.members.values()].map((m) => ({
        id: m.id,
        poolId: m.poolId,
        address: m.address,
        protocolPort: m.protocolPort,
        subnetId: m.subnetId,
        name: m.name,
        weight: m.weight,
        adminStateUp: m.adminStateUp,
      })),
      memberHealth: Object.fromEntries([...this.unhealthy].map((address) => [address, "OFFLINE" as const])),
    };
  }
}
