// The emulated world: subnets, load balancers, listeners, pools, members and member health, plus
// the load balancer state gate (busy window, ERROR) that every member change passes through.
import { EmulatorConfigError, notFound, stateInvalid, UnknownResourceError } from "./errors";
import type { ListenerRecord, LoadBalancerRecord, MemberRecord, PoolRecord, SubnetRecord } from "./records";
import type { MemberHealth, SeedData } from "./types";

export const LOADBALANCER_STATUSES = ["ACTIVE", "PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "ERROR"];

/** API timestamp format, as in the documented examples: "2018-07-25T01:54:13". */
export function apiTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export class Store {
  readonly subnets = new Map<string, SubnetRecord>();
  readonly loadbalancers = new Map<string, LoadBalancerRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  readonly pools = new Map<string, PoolRecord>();
  readonly members = new Map<string, MemberRecord>();
  readonly health = new Map<string, MemberHealth>();

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
    this.members.clear();
    this.health.clear();
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
    lb.busyUntil = this.clock() + this.busyMsFor(lb);
    lb.updatedAt = apiTimestamp(Date.now());
  }

  operatingStatus(member: MemberRecord): string {
    const pool = this.pools.get(member.poolId);
    if (!pool || pool.healthmonitorId === null) return "NO_MONITOR";
    return this.health.get(member.address) ?? "ONLINE";
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

  setMemberHealth(address: string, status: MemberHealth): void {
    if (status !== "ONLINE" && status !== "OFFLINE") {
      throw new EmulatorConfigError(`health must be ONLINE or OFFLINE, got ${String(status)}`);
    }
    this.health.set(address, status);
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
      memberHealth: Object.fromEntries(this.health),
    };
  }
}
