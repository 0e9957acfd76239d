// Applies seed data to the store: validates everything first (against the existing world plus
// the new data), then inserts, so a bad seed changes nothing. Records with known ids are replaced.
import { randomUUID } from "node:crypto";
import { EmulatorConfigError } from "./errors";
import { derivedId } from "./ids";
import { addressInCidr, cidrContains, parseCidr } from "./ipv4";
import type { ListenerRecord, LoadBalancerRecord, MemberRecord, PoolRecord, SubnetRecord } from "./records";
import { apiTimestamp, LOADBALANCER_STATUSES, Store } from "./store";
import type { SeedData } from "./types";

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

export function applySeed(store: Store, data: SeedData): void {
  if (typeof data !== "object" || data === null) fail("must be an object");
  const now = apiTimestamp(Date.now());
  const subnets = new Map(store.subnets);
  const lbs = new Map(store.loadbalancers);
  const listeners = new Map(store.listeners);
  const pools = new Map(store.pools);
  const members = new Map(store.members);

  for (const s of data.subnets ?? []) {
    const id = requireString(s.id, "subnet id");
    const parsed = parseCidr(requireString(s.cidr, `subnet ${id} cidr`));
    if (!parsed) fail(`subnet ${id} cidr ${s.cidr} is not an IPv4 CIDR`);
    const rec: SubnetRecord = { id, name: s.name ?? "", cidr: s.cidr, parsed, vpcId: requireString(s.vpcId, `subnet ${id} vpcId`) };
    subnets.set(id, rec);
  }

  for (const l of data.loadbalancers ?? []) {
    const id = requireString(l.id, "load balancer id");
    const subnet = subnets.get(requireString(l.vipSubnetId, `load balancer ${id} vipSubnetId`));
    if (!subnet) fail(`load balancer ${id} names unknown vip subnet ${l.vipSubnetId}`);
    const status = l.provisioningStatus ?? "ACTIVE";
    if (!LOADBALANCER_STATUSES.includes(status)) fail(`load balancer ${id} status ${status} is not known`);
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
    };
    lbs.set(id, rec);
  }

  for (const p of data.pools ?? []) {
    const id = requireString(p.id, "pool id");
    if (!lbs.has(p.loadbalancerId)) fail(`pool ${id} names unknown load balancer ${p.loadbalancerId}`);
    const rec: PoolRecord = {
      id,
      name: p.name ?? "",
      loadbalancerId: p.loadbalancerId,
      protocol: p.protocol ?? "TCP",
      lbAlgorithm: p.lbAlgorithm ?? "ROUND_ROBIN",
      healthmonitorId: p.healthmonitorId ?? null,
    };
    pools.set(id, rec);
  }

  for (const l of data.listeners ?? []) {
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

  for (const m of data.members ?? []) {
    const id = m.id ?? randomUUID();
    const pool = pools.get(m.poolId);
    if (!pool) fail(`member ${id} names unknown pool ${m.poolId}`);
    const subnet = subnets.get(m.subnetId);
    if (!subnet) fail(`member ${id} names unknown subnet ${m.subnetId}`);
    const address = requireString(m.address, `member ${id} address`);
    if (!cidrContains(subnet.parsed, address)) fail(`member ${id} address ${address} is outside ${subnet.cidr}`);
    const vipSubnet = subnets.get(lbs.get(pool.loadbalancerId)?.vipSubnetId ?? "");
    if (vipSubnet && vipSubnet.vpcId !== subnet.vpcId) fail(`member ${id} subnet is not in the load balancer's VPC`);
    const rec: MemberRecord = {
      id,
      poolId: pool.id,
      name: m.name ?? "",
      address: m.address,
      protocolPort: intInRange(m.protocolPort, 1, 65535, `member ${id} protocolPort`),
      subnetId: subnet.id,
      adminStateUp: m.adminStateUp ?? true,
      weight: intInRange(m.weight ?? 1, 0, 100, `member ${id} weight`),
    };
    for (const other of members.values()) {
      if (other.id !== id && other.poolId === rec.poolId && other.address === rec.address && other.protocolPort === rec.protocolPort) {
        fail(`member ${id} duplicates ${rec.address}:${rec.protocolPort} in pool ${rec.poolId}`);
      }
    }
    members.set(id, rec);
  }

  const health = Object.entries(data.memberHealth ?? {});
  for (const [address, status] of health) {
    if (status !== "ONLINE" && status !== "OFFLINE") fail(`health of ${address} must be ONLINE or OFFLINE`);
  }

  // Everything checked: commit.
  if (data.projectId !== undefined) store.projectId = requireString(data.projectId, "projectId");
  replaceAll(store.subnets, subnets);
  replaceAll(store.loadbalancers, lbs);
  replaceAll(store.listeners, listeners);
  replaceAll(store.pools, pools);
  replaceAll(store.members, members);
  for (const [address, status] of health) store.health.set(address, status);
}

function replaceAll<V>(target: Map<string, V>, source: Map<string, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}
