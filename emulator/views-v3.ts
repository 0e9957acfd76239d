// API shapes of dedicated load balancers' objects (ELB v3), field for field as in the pages'
// example responses: members (with status[] per listener), pools, load balancers, the status
// tree and health checks.
import { ipFamily } from "./ipv4";
import type { HealthMonitorRecord, LoadBalancerRecord, MemberRecord, PoolRecord } from "./records";
import type { Store } from "./store";
import type { DedicatedMember, DedicatedProjectMember, IdRef, MemberStatusReason } from "./types";

function byId<T extends { id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const refs = (items: { id: string }[]): IdRef[] => byId(items).map((i) => ({ id: i.id }));

/** The v2.0 records keep "2018-07-25T01:54:13"; v3 shows "2018-07-25T01:54:13Z". */
function zulu(timestamp: string): string {
  return timestamp.endsWith("Z") ? timestamp : `${timestamp}Z`;
}

/** The type of a pool's monitor, declared or (seed data naming an undeclared one) the default. */
function monitorType(store: Store, pool: PoolRecord): string | null {
  if (pool.healthmonitorId === null) return null;
  return store.healthmonitors.get(pool.healthmonitorId)?.type ?? (pool.protocol === "UDP" ? "UDP_CONNECT" : "TCP");
}

/**
 * Why the member's check fails: only while it is OFFLINE because its server is unhealthy (a member
 * still waiting for its first checks to pass has no failure to report). A reason a test gave
 * wins; else an HTTP monitor saw 503 where it expects 200, and any other refused the connection.
 */
function failureReason(store: Store, pool: PoolRecord, m: MemberRecord, status: string): MemberStatusReason | undefined {
  const type = monitorType(store, pool);
  if (type === null || status !== "OFFLINE" || !store.unhealthy.has(m.address)) return undefined;
  const given = store.healthReason(m.address);
  if (given) {
    return {
      reason_code: given.reasonCode,
      ...(given.expectedResponse === undefined ? {} : { expected_response: given.expectedResponse }),
      ...(given.healthcheckResponse === undefined ? {} : { healthcheck_response: given.healthcheckResponse }),
    };
  }
  if (type === "HTTP") return { reason_code: "RESPONSE_MISMATCH", expected_response: "200", healthcheck_response: "503" };
  return { reason_code: "CONNECT_REFUSED" };
}

export function dedicatedMemberView(store: Store, m: MemberRecord): DedicatedMember {
  const pool = store.pools.get(m.poolId)!;
  const operating = store.operatingStatus(m);
  const reason = failureReason(store, pool, m, operating);
  // One entry per listener of the load balancer that forwards to this pool.
  const listeners = byId([...store.listeners.values()].filter((l) => l.loadbalancerId === pool.loadbalancerId && l.defaultPoolId === pool.id));
  return {
    id: m.id,
    name: m.name,
    project_id: store.projectId,
    admin_state_up: m.adminStateUp,
    subnet_cidr_id: m.subnetId,
    protocol_port: m.protocolPort,
    weight: m.weight,
    address: m.address,
    ip_version: ipFamily(m.address) === "ipv6" ? "v6" : "v4",
    operating_status: operating,
    status: listeners.map((l) => ({
      listener_id: l.id,
      operating_status: operating,
      ...(reason ? { reason } : {}),
      created_at: m.createdAt,
      updated_at: m.updatedAt,
    })),
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    member_type: m.subnetId === "" ? "ip" : "instance",
    instance_id: m.instanceId,
    availability_zone: m.availabilityZone,
  };
}

/** GET /v3/{project_id}/elb/members: the member and where it is (MemberInfo). */
export function dedicatedProjectMemberView(store: Store, m: MemberRecord): DedicatedProjectMember {
  const pool = store.pools.get(m.poolId)!;
  return {
    ...dedicatedMemberView(store, m),
    pool_id: pool.id,
    loadbalancer_id: pool.loadbalancerId,
    loadbalancers: [{ id: pool.loadbalancerId }],
    // No ECS is emulated behind a member: the "no server" values.
    device_id: "",
    device_owner: "",
  };
}

export function dedicatedPoolView(store: Store, p: PoolRecord): Record<string, unknown> {
  const lb = store.loadbalancers.get(p.loadbalancerId)!;
  return {
    lb_algorithm: p.lbAlgorithm,
    protocol: p.protocol,
    description: "",
    admin_state_up: true,
    loadbalancers: [{ id: p.loadbalancerId }],
    project_id: store.projectId,
    session_persistence: null,
    healthmonitor_id: p.healthmonitorId ?? "",
    listeners: refs([...store.listeners.values()].filter((l) => l.defaultPoolId === p.id)),
    members: refs(store.membersOf(p.id)),
    id: p.id,
    name: p.name,
    ip_version: p.ipVersion,
    slow_start: null,
    member_deletion_protection_enable: false,
    vpc_id: store.subnets.get(lb.vipSubnetId)?.vpcId ?? "",
    type: "",
  };
}

export function dedicatedLoadBalancerView(store: Store, lb: LoadBalancerRecord): Record<string, unknown> {
  const vipSubnet = store.subnets.get(lb.vipSubnetId);
  return {
    id: lb.id,
    project_id: store.projectId,
    name: lb.name,
    description: "",
    vip_port_id: lb.vipPortId,
    vip_address: lb.vipAddress,
    admin_state_up: true,
    provisioning_status: store.provisioningStatus(lb),
    operating_status: "ONLINE",
    listeners: refs([...store.listeners.values()].filter((l) => l.loadbalancerId === lb.id)),
    pools: refs([...store.pools.values()].filter((p) => p.loadbalancerId === lb.id)),
    tags: [],
    provider: "vlb",
    created_at: zulu(lb.createdAt),
    updated_at: zulu(lb.updatedAt),
    vpc_id: vipSubnet?.vpcId ?? "",
    enterprise_project_id: "0",
    availability_zone_list: [],
    ipv6_vip_address: null,
    ipv6_vip_virsubnet_id: null,
    ipv6_vip_port_id: null,
    publicips: [],
    elb_virsubnet_ids: [lb.vipSubnetId],
    eips: [],
    guaranteed: true,
    billing_info: null,
    l4_flavor_id: null,
    l4_scale_flavor_id: null,
    l7_flavor_id: null,
    l7_scale_flavor_id: null,
    vip_subnet_cidr_id: lb.vipSubnetId,
    // IP as a backend is on: the emulator lets every dedicated load balancer take IP members.
    ip_target_enable: true,
    deletion_protection_enable: false,
  };
}

/**
 * The status tree. As the page says: a member with admin_state_up false that is OFFLINE shows
 * DISABLED, and the load balancer is DEGRADED while any of its members is OFFLINE.
 */
export function dedicatedStatusTreeView(store: Store, lb: LoadBalancerRecord): Record<string, unknown> {
  const pools = byId([...store.pools.values()].filter((p) => p.loadbalancerId === lb.id));
  let degraded = false;
  const poolStatus = (p: PoolRecord) => {
    const members = byId(store.membersOf(p.id)).map((m) => {
      const operating = store.operatingStatus(m);
      if (operating === "OFFLINE") degraded = true;
      return {
        protocol_port: m.protocolPort,
        address: m.address,
        id: m.id,
        operating_status: !m.adminStateUp && operating === "OFFLINE" ? "DISABLED" : operating,
        provisioning_status: "ACTIVE",
      };
    });
    const type = monitorType(store, p);
    const hm =
      type === null
        ? {}
        : {
            healthmonitor: { type, id: p.healthmonitorId, name: store.healthmonitors.get(p.healthmonitorId ?? "")?.name ?? "", provisioning_status: "ACTIVE" },
          };
    return { name: p.name, provisioning_status: "ACTIVE", ...hm, members, id: p.id, operating_status: "ONLINE" };
  };
  const listeners = byId([...store.listeners.values()].filter((l) => l.loadbalancerId === lb.id)).map((l) => ({
    name: l.name,
    provisioning_status: "ACTIVE",
    pools: pools.filter((p) => p.id === l.defaultPoolId).map(poolStatus),
    l7policies: [],
    id: l.id,
    operating_status: "ONLINE",
  }));
  const poolStatuses = pools.map(poolStatus);
  return {
    loadbalancer: {
      name: lb.name,
      provisioning_status: store.provisioningStatus(lb),
      listeners,
      pools: poolStatuses,
      id: lb.id,
      operating_status: degraded ? "DEGRADED" : "ONLINE",
    },
  };
}

export function dedicatedHealthMonitorView(store: Store, h: HealthMonitorRecord): Record<string, unknown> {
  const http = h.type === "HTTP";
  return {
    monitor_port: null,
    id: h.id,
    project_id: store.projectId,
    domain_name: null,
    name: h.name,
    delay: h.delay,
    // The emulator's rule: as many failed checks take a member OFFLINE as passed ones ONLINE.
    max_retries: h.maxRetries,
    max_retries_down: h.maxRetries,
    pools: [{ id: h.poolId }],
    admin_state_up: true,
    timeout: h.timeout,
    type: h.type,
    expected_codes: http ? "200" : null,
    url_path: http ? "/" : null,
    http_method: http ? "GET" : null,
  };
}
