// API shapes of the records, field for field as in the documented example responses.
import type { HealthMonitorRecord, ListenerRecord, LoadBalancerRecord, MemberRecord, PoolRecord, SubnetRecord } from "./records";
import type { Store } from "./store";
import type { ExtensionMember, HealthMonitorView, ListenerView, LoadBalancerView, Member, PoolView, SubnetView } from "./types";

export function memberView(store: Store, m: MemberRecord): Member {
  return {
    name: m.name,
    weight: m.weight,
    admin_state_up: m.adminStateUp,
    subnet_id: m.subnetId,
    tenant_id: store.projectId,
    address: m.address,
    protocol_port: m.protocolPort,
    operating_status: store.operatingStatus(m),
    id: m.id,
  };
}

export function extensionMemberView(store: Store, m: MemberRecord): ExtensionMember {
  const pool = store.pools.get(m.poolId);
  return {
    ...memberView(store, m),
    pool_id: m.poolId,
    loadbalancer_id: pool?.loadbalancerId ?? "",
    // No ECS is emulated behind a member, so these are the documented "no server" values.
    device_id: "",
    device_owner: "",
  };
}

function byId<T extends { id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function loadBalancerView(store: Store, lb: LoadBalancerRecord): LoadBalancerView {
  return {
    description: "",
    admin_state_up: true,
    tenant_id: store.projectId,
    provisioning_status: store.provisioningStatus(lb),
    vip_subnet_id: lb.vipSubnetId,
    listeners: byId([...store.listeners.values()].filter((l) => l.loadbalancerId === lb.id)).map((l) => ({ id: l.id })),
    vip_address: lb.vipAddress,
    vip_port_id: lb.vipPortId,
    provider: "vlb",
    pools: byId([...store.pools.values()].filter((p) => p.loadbalancerId === lb.id)).map((p) => ({ id: p.id })),
    id: lb.id,
    operating_status: "ONLINE",
    tags: [],
    name: lb.name,
    created_at: lb.createdAt,
    updated_at: lb.updatedAt,
  };
}

export function poolView(store: Store, p: PoolRecord): PoolView {
  return {
    lb_algorithm: p.lbAlgorithm,
    protocol: p.protocol,
    description: "",
    admin_state_up: true,
    loadbalancers: [{ id: p.loadbalancerId }],
    tenant_id: store.projectId,
    session_persistence: null,
    healthmonitor_id: p.healthmonitorId,
    listeners: byId([...store.listeners.values()].filter((l) => l.defaultPoolId === p.id)).map((l) => ({ id: l.id })),
    members: byId(store.membersOf(p.id)).map((m) => ({ id: m.id })),
    id: p.id,
    name: p.name,
  };
}

export function subnetView(s: SubnetRecord): SubnetView {
  return { id: s.id, name: s.name, cidr: s.cidr, vpc_id: s.vpcId };
}

export function healthMonitorView(store: Store, h: HealthMonitorRecord): HealthMonitorView {
  return {
    id: h.id,
    name: h.name,
    type: h.type,
    delay: h.delay,
    timeout: h.timeout,
    max_retries: h.maxRetries,
    admin_state_up: true,
    tenant_id: store.projectId,
    pools: [{ id: h.poolId }],
  };
}

export function listenerView(l: ListenerRecord): ListenerView {
  return {
    id: l.id,
    name: l.name,
    loadbalancer_id: l.loadbalancerId,
    protocol: l.protocol,
    protocol_port: l.protocolPort,
    default_pool_id: l.defaultPoolId,
  };
}

function statusTreePool(store: Store, p: PoolRecord): Record<string, unknown> {
  const members = byId(store.membersOf(p.id)).map((m) => ({
    protocol_port: m.protocolPort,
    address: m.address,
    id: m.id,
    // The status tree is where an administratively disabled member shows as DISABLED.
    operating_status: m.adminStateUp ? store.operatingStatus(m) : "DISABLED",
    provisioning_status: "ACTIVE",
  }));
  const declared = p.healthmonitorId === null ? undefined : store.healthmonitors.get(p.healthmonitorId);
  // A monitor the seed names but does not declare shows the type a declared one defaults to.
  const hm =
    p.healthmonitorId === null
      ? {}
      : {
          healthmonitor: {
            type: declared?.type ?? (p.protocol === "UDP" ? "UDP_CONNECT" : "TCP"),
            id: p.healthmonitorId,
            name: declared?.name ?? "",
            provisioning_status: "ACTIVE",
          },
        };
  return { name: p.name, provisioning_status: "ACTIVE", ...hm, members, id: p.id, operating_status: "ONLINE" };
}

export function statusTreeView(store: Store, lb: LoadBalancerRecord): unknown {
  const pools = byId([...store.pools.values()].filter((p) => p.loadbalancerId === lb.id));
  const listeners = byId([...store.listeners.values()].filter((l) => l.loadbalancerId === lb.id)).map((l) => ({
    name: l.name,
    provisioning_status: "ACTIVE",
    pools: pools.filter((p) => p.id === l.defaultPoolId).map((p) => statusTreePool(store, p)),
    l7policies: [],
    id: l.id,
    operating_status: "ONLINE",
  }));
  return {
    statuses: {
      loadbalancer: {
        name: lb.name,
        provisioning_status: store.provisioningStatus(lb),
        listeners,
        pools: pools.map((p) => statusTreePool(store, p)),
        id: lb.id,
        operating_status: "ONLINE",
      },
    },
  };
}
