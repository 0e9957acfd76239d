// Applies seed data to the store: validates everything first (against the existing world plus
// the new data), then inserts, so a bad seed changes nothing. Records with known ids are replaced.
//
// Seed data describes a world that has been running: the members it lists show their server's
// health at once, whatever their pool's monitor. Members already there that it does not list
// keep their checks, except that their health is worked out anew when the seed changes what it
// depends on (see rebaseExisting).
import { randomUUID } from "node:crypto";
import { EmulatorConfigError } from "./errors";
import type { MemberChecks } from "./health";
import { derivedId } from "./ids";
import { addressInCidr, canonicalAddress, cidrContains, ipFamily, parseCidr } from "./ipv4";
import type { HealthMonitorRecord, ListenerRecord, LoadBalancerRecord, MemberRecord, PoolRecord, SubnetRecord } from "./records";
import { apiTimestamp, checkHealthReason, DEDICATED_LOADBALANCER_STATUSES, LOADBALANCER_STATUSES, Store, v3Timestamp } from "./store";
import type { MemberHealthReason, SeedData } from "./types";
import { dedicatedPlacementProblem } from "./validate-v3";

function fail(message: string): never {
  throw new EmulatorConfigError(`seed: ${message}`);
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") fail(`${what} must be a non-empty string`);
  return value;
}

function intInRange(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(`${what} must be an integer ${min}-${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Health monitor types of the v2.0 API. */
const MONITOR_TYPES = ["TCP", "UDP_CONNECT", "HTTP"];
/** The API's range for delay and timeout, in seconds; seed data may go below 1, to 1 ms. */
const MAX_MONITOR_SECONDS = 50;

function seconds(value: unknown, what: string): number {
  const s = typeof value === "number" ? value : Number.NaN;
  // Fractions are fine down to a millisecond; 0.2 * 1000 may come out a hair off 200.
  if (!(s > 0 && s <= MAX_MONITOR_SECONDS && Math.abs(s * 1000 - Math.round(s * 1000)) < 1e-6)) {
    fail(`${what} must be seconds, more than 0 and at most ${MAX_MONITOR_SECONDS}, in steps of at least 0.001, got ${JSON.stringify(value)}`);
  }
  return s;
}

/**
 * Each id's last declaration: seed data made by appending to another (the demo world plus a
 * test's own load balancer under a demo id, say) means the later one, as a later seed would.
 */
function lastById<T extends { id?: string }>(items: T[] | undefined): T[] {
  const list = items ?? [];
  return list.filter((item, i) => item?.id === undefined || !list.slice(i + 1).some((later) => later?.id === item.id));
}

export function applySeed(store: Store, data: SeedData): void {
  if (typeof data !== "object" || data === null) fail("must be an object");
  const now = apiTimestamp(Date.now());
  const v3Now = v3Timestamp(Date.now());
  const subnets = new Map(store.subnets);
  const lbs = new Map(store.loadbalancers);
  const listeners = new Map(store.listeners);
  const pools = new Map(store.pools);
  const monitors = new Map(store.healthmonitors);
  const members = new Map(store.members);

  for (const s of lastById(data.subnets)) {
    const id = requireString(s.id, "subnet id");
    const parsed = parseCidr(requireString(s.cidr, `subnet ${id} cidr`));
    if (!parsed) fail(`subnet ${id} cidr ${s.cidr} is not an IPv4 or IPv6 CIDR`);
    const rec: SubnetRecord = { id, name: s.name ?? "", cidr: s.cidr, parsed, vpcId: requireString(s.vpcId, `subnet ${id} vpcId`) };
    subnets.set(id, rec);
  }

  for (const l of lastById(data.loadbalancers)) {
    const id = requireString(l.id, "load balancer id");
    const subnet = subnets.get(requireString(l.vipSubnetId, `load balancer ${id} vipSubnetId`));
    if (!subnet) fail(`load balancer ${id} names unknown vip subnet ${l.vipSubnetId}`);
    if (l.dedicated !== undefined && typeof l.dedicated !== "boolean") fail(`load balancer ${id} dedicated must be true or false`);
    const dedicated = l.dedicated ?? false;
    const status = l.provisioningStatus ?? "ACTIVE";
    const statuses = dedicated ? DEDICATED_LOADBALANCER_STATUSES : LOADBALANCER_STATUSES;
    if (!statuses.includes(status)) fail(`load balancer ${id} status ${status} is not one of ${statuses.join(", ")}`);
    if (l.vipAddress === undefined && subnet.parsed.family !== "ipv4") fail(`load balancer ${id} vip subnet ${subnet.id} is not IPv4; give vipAddress`);
    const vip = l.vipAddress ?? addressInCidr(subnet.parsed, 2);
    if (!cidrContains(subnet.parsed, vip)) fail(`load balancer ${id} vip ${vip} is outside ${subnet.cidr}`);
    if (l.busyMs !== undefined) intInRange(l.busyMs, 0, Number.MAX_SAFE_INTEGER, `load balancer ${id} busyMs`);
    const old = lbs.get(id);
    const rec: LoadBalancerRecord = {
      id,
      name: l.name ?? "",
      vipSubnetId: subnet.id,
      vipAddress: vip,
      vipPortId: derivedId(id, "vip-port"),
      status,
      busyMs: l.busyMs,
      busyUntil: 0,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      dedicated,
    };
    lbs.set(id, rec);
  }

  for (const p of lastById(data.pools)) {
    const id = requireString(p.id, "pool id");
    const lb = lbs.get(p.loadbalancerId);
    if (!lb) fail(`pool ${id} names unknown load balancer ${p.loadbalancerId}`);
    const ipVersion = p.ipVersion ?? "v4";
    if (ipVersion !== "v4" && ipVersion !== "dualstack") fail(`pool ${id} ipVersion must be v4 or dualstack, got ${JSON.stringify(ipVersion)}`);
    if (ipVersion === "dualstack" && !lb.dedicated) fail(`pool ${id} is dualstack, which needs a dedicated load balancer`);
    const rec: PoolRecord = {
      id,
      name: p.name ?? "",
      loadbalancerId: p.loadbalancerId,
      protocol: p.protocol ?? "TCP",
      lbAlgorithm: p.lbAlgorithm ?? "ROUND_ROBIN",
      healthmonitorId: p.healthmonitorId ?? null,
      ipVersion,
    };
    pools.set(id, rec);
  }

  for (const l of lastById(data.listeners)) {
    const id = requireString(l.id, "listener id");
    if (!lbs.has(l.loadbalancerId)) fail(`listener ${id} names unknown load balancer ${l.loadbalancerId}`);
    const poolId = l.defaultPoolId ?? null;
    if (poolId !== null && pools.get(poolId)?.loadbalancerId !== l.loadbalancerId) {
      fail(`listener ${id} default pool ${poolId} is not a pool of load balancer ${l.loadbalancerId}`);
    }
    const rec: ListenerRecord = {
      id,
      name: l.name ?? "",
      loadbalancerId: l.loadbalancerId,
      protocol: l.protocol ?? "TCP",
      protocolPort: intInRange(l.protocolPort ?? 80, 1, 65535, `listener ${id} protocolPort`),
      defaultPoolId: poolId,
    };
    listeners.set(id, rec);
  }

  for (const h of lastById(data.healthmonitors)) {
    const id = requireString(h.id, "health monitor id");
    const pool = pools.get(h.poolId);
    if (!pool) fail(`health monitor ${id} names unknown pool ${h.poolId}`);
    const type = h.type ?? (pool.protocol === "UDP" ? "UDP_CONNECT" : "TCP");
    if (!MONITOR_TYPES.includes(type)) fail(`health monitor ${id} type must be one of ${MONITOR_TYPES.join(", ")}, got ${JSON.stringify(type)}`);
    const rec: HealthMonitorRecord = {
      id,
      name: h.name ?? "",
      poolId: pool.id,
      type,
      delay: seconds(h.delay, `health monitor ${id} delay`),
      timeout: seconds(h.timeout, `health monitor ${id} timeout`),
      maxRetries: intInRange(h.maxRetries, 1, 10, `health monitor ${id} maxRetries`),
    };
    monitors.set(id, rec);
  }
  linkMonitors(pools, monitors, data);

  const health = Object.entries(data.memberHealth ?? {});
  for (const [address, status] of health) {
    if (status !== "ONLINE" && status !== "OFFLINE") fail(`health of ${address} must be ONLINE or OFFLINE`);
  }
  const unhealthy = new Set(store.unhealthy);
  for (const [address, status] of health) {
    if (status === "OFFLINE") unhealthy.add(canonicalAddress(address));
    else unhealthy.delete(canonicalAddress(address));
  }
  const reasons = new Map(store.healthReasons);
  for (const [address, reason] of Object.entries(data.memberHealthReasons ?? {})) {
    let checked: MemberHealthReason;
    try {
      checked = checkHealthReason(reason);
    } catch (err) {
      fail(`health reason of ${address}: ${(err as Error).message}`);
    }
    if (!unhealthy.has(canonicalAddress(address))) fail(`health reason of ${address} needs the address OFFLINE in memberHealth`);
    reasons.set(canonicalAddress(address), checked);
  }
  for (const address of reasons.keys()) if (!unhealthy.has(address)) reasons.delete(address);
  const settled = (address: string): MemberChecks => ({ online: !unhealthy.has(address), since: store.now() });

  for (const m of lastById(data.members)) {
    const id = m.id ?? randomUUID();
    const pool = pools.get(m.poolId);
    if (!pool) fail(`member ${id} names unknown pool ${m.poolId}`);
    const lb = lbs.get(pool.loadbalancerId);
    if (!lb) fail(`member ${id} pool ${pool.id} has no load balancer`);
    const given = requireString(m.address, `member ${id} address`);
    if (ipFamily(given) === null) fail(`member ${id} address ${given} is not an IP address`);
    const address = canonicalAddress(given);
    const subnetId = m.subnetId ?? "";
    if (typeof subnetId !== "string") fail(`member ${id} subnetId must be a string`);
    if (lb.dedicated) {
      const problem = dedicatedPlacementProblem(subnets, lb, pool, subnetId, address);
      if (problem) fail(`member ${id}: ${problem.message}`);
    } else {
      const subnet = subnets.get(subnetId);
      if (!subnet) fail(`member ${id} names unknown subnet ${subnetId}`);
      if (!cidrContains(subnet.parsed, address)) fail(`member ${id} address ${address} is outside ${subnet.cidr}`);
      if (subnet.parsed.family !== "ipv4") fail(`member ${id} is IPv6, which the shared load balancer ${lb.id} does not take`);
      const vipSubnet = subnets.get(lb.vipSubnetId);
      if (vipSubnet && vipSubnet.vpcId !== subnet.vpcId) fail(`member ${id} subnet is not in the load balancer's VPC`);
    }
    const instanceId = lb.dedicated && subnetId !== "" ? (m.instanceId ?? derivedId(`${subnetId}/${address}`, "ecs-instance")) : "";
    const old = members.get(id);
    const rec: MemberRecord = {
      id,
      poolId: pool.id,
      name: m.name ?? "",
      address,
      protocolPort: intInRange(m.protocolPort, 1, 65535, `member ${id} protocolPort`),
      subnetId,
      adminStateUp: m.adminStateUp ?? true,
      weight: intInRange(m.weight ?? 1, 0, 100, `member ${id} weight`),
      instanceId,
      availabilityZone: m.availabilityZone ?? "",
      createdAt: m.createdAt ?? old?.createdAt ?? v3Now,
      updatedAt: m.updatedAt ?? v3Now,
      checks: settled(address),
    };
    for (const other of members.values()) {
      if (other.id !== id && other.poolId === rec.poolId && other.address === rec.address && other.protocolPort === rec.protocolPort) {
        fail(`member ${id} duplicates ${rec.address}:${rec.protocolPort} in pool ${rec.poolId}`);
      }
    }
    members.set(id, rec);
  }

  for (const h of monitors.values()) {
    if (pools.get(h.poolId)?.protocol !== "UDP" && h.type === "UDP_CONNECT") {
      fail(`health monitor ${h.id} is UDP_CONNECT, which needs a UDP pool, but pool ${h.poolId} is not`);
    }
  }

  // Everything checked: commit.
  const rebased = rebaseExisting(store, members, pools, monitors, unhealthy);
  if (data.projectId !== undefined) store.projectId = requireString(data.projectId, "projectId");
  replaceAll(store.subnets, subnets);
  replaceAll(store.loadbalancers, lbs);
  replaceAll(store.listeners, listeners);
  replaceAll(store.pools, pools);
  replaceAll(store.healthmonitors, monitors);
  replaceAll(store.members, members);
  store.unhealthy.clear();
  for (const address of unhealthy) store.unhealthy.add(address);
  replaceAll(store.healthReasons, reasons);
  for (const [member, checks] of rebased) member.checks = checks;
}

/**
 * Points each pool at the declared monitor that names it (a monitor's poolId is what links them;
 * a pool's healthmonitorId null, as the demo world has it, gives way). A pool the seed gives
 * another id is refused, as is one naming another pool's monitor; a monitor moved to another
 * pool leaves its old pool without one. Records are replaced, never
 * changed in place, so a seed that fails later changes nothing.
 */
function linkMonitors(pools: Map<string, PoolRecord>, monitors: Map<string, HealthMonitorRecord>, data: SeedData): void {
  const given = new Map((data.pools ?? []).filter((p) => p.healthmonitorId !== undefined).map((p) => [p.id, p.healthmonitorId ?? null]));
  const byPool = new Map<string, HealthMonitorRecord>();
  for (const h of monitors.values()) {
    const other = byPool.get(h.poolId);
    if (other) fail(`pool ${h.poolId} has two health monitors, ${other.id} and ${h.id}`);
    byPool.set(h.poolId, h);
  }
  for (const pool of [...pools.values()]) {
    const mine = byPool.get(pool.id);
    const named = given.has(pool.id) ? given.get(pool.id) : undefined;
    if (mine) {
      if (named !== undefined && named !== null && named !== mine.id) {
        fail(`pool ${pool.id} has healthmonitorId ${JSON.stringify(named)}, but health monitor ${mine.id} names the pool`);
      }
      if (pool.healthmonitorId !== mine.id) pools.set(pool.id, { ...pool, healthmonitorId: mine.id });
      continue;
    }
    const linked = pool.healthmonitorId === null ? undefined : monitors.get(pool.healthmonitorId);
    if (linked === undefined) continue;
    // The pool names a declared monitor of another pool.
    if (named !== undefined) fail(`pool ${pool.id} names health monitor ${linked.id}, which checks pool ${linked.poolId}`);
    pools.set(pool.id, { ...pool, healthmonitorId: null });
  }
}

/**
 * New checks for members the seed keeps (it does not list them), as of now: a member whose pool
 * gains a monitor or changes to another one starts over, OFFLINE with nothing seen, as a created
 * member does; one whose monitor is declared again (its timing may change) or whose server's
 * health the seed changes keeps its present result and counts again from now.
 */
function rebaseExisting(
  store: Store,
  members: Map<string, MemberRecord>,
  pools: Map<string, PoolRecord>,
  monitors: Map<string, HealthMonitorRecord>,
  unhealthy: Set<string>,
): [MemberRecord, MemberChecks][] {
  const out: [MemberRecord, MemberChecks][] = [];
  for (const m of store.members.values()) {
    if (members.get(m.id) !== m) continue;
    const before = store.pools.get(m.poolId)?.healthmonitorId ?? null;
    const after = pools.get(m.poolId)?.healthmonitorId ?? null;
    if (before !== after) {
      out.push([m, { online: false, since: store.now() }]);
      continue;
    }
    const monitorChanged = after !== null && monitors.get(after) !== store.healthmonitors.get(after);
    const healthChanged = unhealthy.has(m.address) !== store.unhealthy.has(m.address);
    if (monitorChanged || healthChanged) out.push([m, store.rebasedChecks(m)]);
  }
  return out;
}

function replaceAll<V>(target: Map<string, V>, source: Map<string, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}
