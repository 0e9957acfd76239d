// The emulated world: subnets, load balancers, listeners, pools, health monitors, members and the
// health of the servers behind them, plus the load balancer state gate (busy window, ERROR) that
// every member change passes through.
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { canonicalAddress } from "./ipv4";
import { EmulatorConfigError, notFound, stateInvalid, UnknownResourceError } from "./errors";
import { checkedOnline, MemberChecks, rebase, thresholdMs } from "./health";
import type { HealthMonitorRecord, ListenerRecord, LoadBalancerRecord, MemberRecord, PoolRecord, SubnetRecord } from "./records";
import type { MemberCreation, MemberHealth, MemberHealthReason, SeedData } from "./types";

/** Entries the creation log keeps; older ones are dropped. */
const MEMBER_CREATION_LIMIT = 10_000;

export const LOADBALANCER_STATUSES = ["ACTIVE", "PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "ERROR"];
/**
 * A dedicated load balancer's: the v3 pages list ACTIVE and PENDING_DELETE; ERROR is the
 * emulator's own, for tests of a broken load balancer.
 */
export const DEDICATED_LOADBALANCER_STATUSES = ["ACTIVE", "PENDING_DELETE", "ERROR"];

/** API timestamp format, as in the documented examples: "2018-07-25T01:54:13". */
export function apiTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** v3 timestamp format, as in its documented examples: "2019-12-02T09:55:11Z". */
export function v3Timestamp(ms: number): string {
  return `${apiTimestamp(ms)}Z`;
}

function checkAddress(address: unknown): void {
  if (typeof address !== "string" || isIP(address) === 0) {
    throw new EmulatorConfigError(`address must be an IPv4 or IPv6 address, got ${JSON.stringify(address)}`);
  }
}

const REASON_FIELDS = new Set(["reasonCode", "expectedResponse", "healthcheckResponse"]);

/** A health check failure reason as tests give it; a bad one is the caller's mistake. */
export function checkHealthReason(reason: unknown): MemberHealthReason {
  if (typeof reason !== "object" || reason === null || Array.isArray(reason)) {
    throw new EmulatorConfigError(`reason must be an object {reasonCode, expectedResponse?, healthcheckResponse?}, got ${JSON.stringify(reason)}`);
  }
  const r = reason as Record<string, unknown>;
  const unknown = Object.keys(r).filter((k) => !REASON_FIELDS.has(k));
  if (unknown.length > 0) throw new EmulatorConfigError(`reason has unknown field ${unknown.join(", ")}`);
  if (typeof r.reasonCode !== "string" || r.reasonCode === "") throw new EmulatorConfigError("reason.reasonCode must be a non-empty string");
  for (const k of ["expectedResponse", "healthcheckResponse"]) {
    if (r[k] !== undefined && typeof r[k] !== "string") throw new EmulatorConfigError(`reason.${k} must be a string`);
  }
  return {
    reasonCode: r.reasonCode,
    ...(r.expectedResponse === undefined ? {} : { expectedResponse: r.expectedResponse as string }),
    ...(r.healthcheckResponse === undefined ? {} : { healthcheckResponse: r.healthcheckResponse as string }),
  };
}

/** What a member record needs beyond the create input; dedicated members fill in the v3 fields. */
export interface MemberFields {
  address: string;
  protocolPort: number;
  subnetId: string;
  name: string;
  weight: number;
  adminStateUp: boolean;
  instanceId?: string;
  availabilityZone?: string;
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
  /** Why an unhealthy address fails its checks, where a test said so. */
  readonly healthReasons = new Map<string, MemberHealthReason>();
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
    this.healthReasons.clear();
    this.creations.length = 0;
    this.slowChanges = [];
  }

  /** The emulator's clock, in ms. */
  now(): number {
    return this.clock();
  }

  /**
   * A load balancer of the kind the asking API serves: the v2.0 routes see shared ones only, the
   * v3 routes dedicated ones only; the other kind is as good as missing.
   */
  requireLoadBalancer(id: string, dedicated = false): LoadBalancerRecord {
    const lb = this.loadbalancers.get(id);
    if (!lb || lb.dedicated !== dedicated) throw notFound("loadbalancer", id);
    return lb;
  }

  /** A pool of the asking API's kind (its load balancer's). */
  requirePool(id: string, dedicated = false): PoolRecord {
    const pool = this.pools.get(id);
    if (!pool || this.isDedicatedPool(pool) !== dedicated) throw notFound("pool", id);
    return pool;
  }

  isDedicatedPool(pool: PoolRecord): boolean {
    return this.loadbalancers.get(pool.loadbalancerId)?.dedicated ?? false;
  }

  /** A new member record of a pool, not yet stored; the API's timestamps are now. */
  newMember(poolId: string, fields: MemberFields): MemberRecord {
    const now = v3Timestamp(Date.now());
    return {
      id: randomUUID(),
      poolId,
      ...fields,
      instanceId: fields.instanceId ?? "",
      availabilityZone: fields.availabilityZone ?? "",
      createdAt: now,
      updatedAt: now,
      checks: this.freshChecks(),
    };
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

  /**
   * Opens the busy window; measured from now, when the change has been applied. A dedicated load
   * balancer never goes busy: its pages know only ACTIVE and PENDING_DELETE (see the README).
   */
  markChanged(lb: LoadBalancerRecord): void {
    if (!lb.dedicated) lb.busyUntil = this.clock() + this.nextBusyMs(lb);
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
    const known = lb.dedicated ? DEDICATED_LOADBALANCER_STATUSES : LOADBALANCER_STATUSES;
    if (!known.includes(status)) {
      const kind = lb.dedicated ? "a dedicated load balancer's " : "";
      throw new EmulatorConfigError(`status must be one of ${kind}${known.join(", ")}, got ${status}`);
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
  setServerHealth(given: string, healthy: boolean): void {
    checkAddress(given);
    const address = canonicalAddress(given);
    if (typeof healthy !== "boolean") throw new EmulatorConfigError(`healthy must be true or false, got ${JSON.stringify(healthy)}`);
    if (healthy) this.healthReasons.delete(address);
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
    return !this.unhealthy.has(canonicalAddress(address));
  }

  /**
   * setServerHealth in the older terms: ONLINE is healthy, OFFLINE unhealthy. An OFFLINE server
   * may carry the reason its checks fail (shown by dedicated pools' members); without one, the
   * monitor's default reason applies.
   */
  setMemberHealth(address: string, status: MemberHealth, reason?: MemberHealthReason): void {
    if (status !== "ONLINE" && status !== "OFFLINE") {
      throw new EmulatorConfigError(`health must be ONLINE or OFFLINE, got ${String(status)}`);
    }
    if (reason !== undefined && status !== "OFFLINE") throw new EmulatorConfigError("a reason goes only with OFFLINE");
    const checked = reason === undefined ? undefined : checkHealthReason(reason);
    this.setServerHealth(address, status === "ONLINE");
    if (checked) this.healthReasons.set(canonicalAddress(address), checked);
    else this.healthReasons.delete(canonicalAddress(address));
  }

  /** Why the checks of an unhealthy address fail, if a test said so. */
  healthReason(address: string): MemberHealthReason | undefined {
    return this.unhealthy.has(address) ? this.healthReasons.get(address) : undefined;
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
        ...(lb.dedicated ? { dedicated: true } : {}),
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
        ...(this.isDedicatedPool(p) ? { ipVersion: p.ipVersion } : {}),
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
        ...(this.isDedicatedPool(this.pools.get(m.poolId)!)
          ? { instanceId: m.instanceId, availabilityZone: m.availabilityZone, createdAt: m.createdAt, updatedAt: m.updatedAt }
          : {}),
      })),
      memberHealth: Object.fromEntries([...this.unhealthy].map((address) => [address, "OFFLINE" as const])),
      memberHealthReasons: Object.fromEntries([...this.healthReasons].filter(([address]) => this.unhealthy.has(address))),
    };
  }
}
