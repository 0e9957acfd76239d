// The servers engine scenarios run against: our emulator's shared ELB (v2.0), OpenStack Octavia's
// own API server (software we did not write), and our emulator's dedicated load balancers (ELB
// v3). One interface, so one scenario list runs on all three; every check reads the server's own
// view through it, never what the harness computed.
//
// ELB_BACKENDS picks them ("emulator", "octavia", "dedicated", comma-separated; default all three).
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { request } from "undici";
import { demoSeed, DEMO_IDS, startEmulator } from "../../emulator";
import type { DedicatedMember, SeedData } from "../../emulator";
import { startOctavia } from "./backends/octavia";

export type BackendName = "emulator" | "octavia" | "dedicated";
const BACKEND_NAMES: readonly BackendName[] = ["emulator", "octavia", "dedicated"];

/** A member as the server holds it (the API's snake_case fields). */
export interface ServerMember {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  subnet_id: string;
  weight: number;
  admin_state_up: boolean;
  operating_status: string;
  tenant_id?: string;
  project_id?: string;
  /** Dedicated load balancers' own fields (v3); the others report none. */
  ip_version?: string;
  member_type?: string;
  instance_id?: string;
  availability_zone?: string;
  /** Octavia's own fields; the shared ELB has none of them. */
  monitor_address?: string | null;
  monitor_port?: number | null;
  backup?: boolean;
  tags?: string[];
}

/** Responses by "METHOD path-after-lbaas" ("POST pools/{id}/members") and status. */
export type Counters = Record<string, Record<string, number>>;

export interface MemberSeed {
  address: string;
  protocolPort: number;
  name: string;
  weight: number;
}

export interface Backend {
  name: BackendName;
  /** Stack config that points the provider at this server. */
  config: ConfigMap;
  poolId: string;
  subnetId: string;
  /** Another subnet over the same addresses, so a subnetId-only change is possible. */
  otherSubnetId: string;
  loadBalancerId: string;
  projectId: string;
  members(): Promise<ServerMember[]>;
  counters(): Promise<Counters>;
  resetCounters(): Promise<void>;
  setLoadBalancerStatus(status: "ERROR" | "ACTIVE"): Promise<void>;
  /** Members put in place before a test, as someone else would have made them. */
  seedMembers(members: MemberSeed[]): Promise<void>;
  /** Changes made outside Pulumi, through the server's own API. */
  outside: {
    createMember(member: Record<string, unknown>): Promise<ServerMember>;
    updateMember(memberId: string, member: Record<string, unknown>): Promise<void>;
    deleteMember(memberId: string): Promise<void>;
  };
  close(): Promise<void>;
}

export interface BackendOptions {
  /** How long the load balancer stays PENDING_UPDATE after each change. */
  busyMs?: number;
}

export function selectedBackends(): BackendName[] {
  const names = (process.env.ELB_BACKENDS ?? BACKEND_NAMES.join(","))
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) if (!BACKEND_NAMES.includes(name as BackendName)) throw new Error(`ELB_BACKENDS: unknown backend ${name}`);
  return names as BackendName[];
}

export function startBackend(name: BackendName, options: BackendOptions = {}): Promise<Backend> {
  if (name === "dedicated") return dedicatedBackend(options);
  return name === "emulator" ? emulatorBackend(options) : octaviaBackend(options);
}

const OTHER_SUBNET = "00000000-0000-4000-8000-0000000000b2";

async function emulatorBackend(options: BackendOptions): Promise<Backend> {
  const seed: SeedData = demoSeed();
  seed.subnets = [
    { id: DEMO_IDS.subnetId, name: "demo", cidr: "10.0.0.0/8", vpcId: DEMO_IDS.vpcId },
    { id: OTHER_SUBNET, name: "other", cidr: "10.0.0.0/8", vpcId: DEMO_IDS.vpcId },
  ];
  const emulator = await startEmulator({ seed, busyMs: options.busyMs ?? 0 });
  const api = apiCaller(`${emulator.url}/v2.0/lbaas`);
  const pool = DEMO_IDS.poolId;
  return {
    name: "emulator",
    config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
    poolId: pool,
    subnetId: DEMO_IDS.subnetId,
    otherSubnetId: OTHER_SUBNET,
    loadBalancerId: DEMO_IDS.loadbalancerId,
    projectId: emulator.projectId,
    members: async () => emulator.members(pool) as ServerMember[],
    counters: async () => normalizeCounters(emulator.counters()),
    resetCounters: async () => emulator.resetCounters(),
    setLoadBalancerStatus: async (status) => emulator.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, status),
    seedMembers: async (members) => emulator.seed({ members: members.map((member) => ({ poolId: pool, subnetId: DEMO_IDS.subnetId, ...member })) }),
    outside: outsideThrough(api, pool),
    close: () => emulator.close(),
  };
}

/**
 * The emulator's dedicated load balancer, through the v3 API: what the server holds is read in
 * v3's names and given to the scenarios in the v2.0 names they compare with (subnet_cidr_id as
 * subnet_id), v3's own fields kept.
 */
async function dedicatedBackend(options: BackendOptions): Promise<Backend> {
  const seed: SeedData = demoSeed();
  seed.subnets = [
    { id: DEMO_IDS.subnetId, name: "demo", cidr: "10.0.0.0/8", vpcId: DEMO_IDS.vpcId },
    { id: OTHER_SUBNET, name: "other", cidr: "10.0.0.0/8", vpcId: DEMO_IDS.vpcId },
    { id: DEMO_IDS.ipv6SubnetId, name: "demo-v6", cidr: "2001:db8:a::/64", vpcId: DEMO_IDS.vpcId },
  ];
  const emulator = await startEmulator({ seed, busyMs: options.busyMs ?? 0 });
  const v3 = apiCaller(`${emulator.url}/v3/${emulator.projectId}/elb`);
  const pool = DEMO_IDS.dedicatedPoolId;
  const asV2 = (member: Record<string, unknown>) => v2Names(member) as unknown as ServerMember;
  return {
    name: "dedicated",
    config: {
      "elb:endpoint": { value: emulator.url },
      "elb:auth": { value: "none" },
      "elb:loadBalancerType": { value: "dedicated" },
      "elb:projectId": { value: emulator.projectId },
    },
    poolId: pool,
    subnetId: DEMO_IDS.subnetId,
    otherSubnetId: OTHER_SUBNET,
    loadBalancerId: DEMO_IDS.dedicatedLoadbalancerId,
    projectId: emulator.projectId,
    members: async () => emulator.members<DedicatedMember>(pool).map((member) => asV2({ ...member })),
    counters: async () => normalizeCounters(emulator.counters()),
    resetCounters: async () => emulator.resetCounters(),
    setLoadBalancerStatus: async (status) => emulator.setLoadBalancerStatus(DEMO_IDS.dedicatedLoadbalancerId, status),
    seedMembers: async (members) => emulator.seed({ members: members.map((member) => ({ poolId: pool, subnetId: DEMO_IDS.subnetId, ...member })) }),
    outside: outsideThrough(async (method, path, body) => {
      const answer = (await v3(method, path, body === undefined ? undefined : { member: v3Names((body as { member: Record<string, unknown> }).member) })) as
        { member?: Record<string, unknown> } | undefined;
      return answer?.member ? { member: asV2(answer.member) } : answer;
    }, pool),
    close: () => emulator.close(),
  };
}

/**
 * What a dedicated load balancer reports of a member beyond its configuration, under the names
 * PoolMember's outputs give it; empty on the other servers, which report none of it.
 */
export function dedicatedOutputs(member: ServerMember): Record<string, string> {
  const outputs: Record<string, string> = {};
  const fields = { ipVersion: member.ip_version, memberType: member.member_type, instanceId: member.instance_id, availabilityZone: member.availability_zone };
  for (const [name, value] of Object.entries(fields)) if (value) outputs[name] = value;
  return outputs;
}

/** A v3 member in the v2.0 names the scenarios compare with. */
function v2Names({ subnet_cidr_id: subnet, project_id: project, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return { ...rest, subnet_id: subnet ?? "", tenant_id: project };
}

/** A request body written in v2.0 names, as v3 takes it. */
function v3Names({ subnet_id: subnet, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return subnet === undefined || subnet === "" ? rest : { ...rest, subnet_cidr_id: subnet };
}

async function octaviaBackend(options: BackendOptions): Promise<Backend> {
  const octavia = await startOctavia({ busyMs: options.busyMs ?? 0 });
  const api = apiCaller(`${octavia.url}/v2/lbaas`);
  const pool = octavia.ids.poolId;
  return {
    name: "octavia",
    config: { "elb:cloud": { value: "openstack" }, "elb:endpoint": { value: octavia.url }, "elb:auth": { value: "none" } },
    poolId: pool,
    subnetId: octavia.ids.subnetId,
    otherSubnetId: OTHER_SUBNET,
    loadBalancerId: octavia.ids.loadBalancerId,
    projectId: octavia.ids.projectId,
    members: async () => (await octavia.members(pool)) as ServerMember[],
    counters: async () => normalizeCounters(await octavia.counters()),
    resetCounters: () => octavia.resetCounters(),
    setLoadBalancerStatus: (status) => octavia.setLoadBalancerStatus(octavia.ids.loadBalancerId, status),
    // Octavia's batch call replaces the whole set: for an empty pool, one call seeds them all.
    seedMembers: async (members) => {
      await api("PUT", `pools/${pool}/members`, {
        members: members.map((m) => ({ address: m.address, protocol_port: m.protocolPort, name: m.name, weight: m.weight, subnet_id: octavia.ids.subnetId })),
      });
      await waitActive(api, octavia.ids.loadBalancerId);
    },
    outside: outsideThrough(api, pool, () => waitActive(api, octavia.ids.loadBalancerId)),
    close: () => octavia.close(),
  };
}

type ApiCaller = (method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown) => Promise<unknown>;

function apiCaller(base: string): ApiCaller {
  return async (method, path, body) => {
    const response = await request(`${base}/${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** A colleague's change, made with the API (and, on a real cloud, settled before they leave). */
function outsideThrough(api: ApiCaller, pool: string, settled: () => Promise<void> = async () => undefined): Backend["outside"] {
  return {
    createMember: async (member) => {
      const made = ((await api("POST", `pools/${pool}/members`, { member })) as { member: ServerMember }).member;
      await settled();
      return made;
    },
    updateMember: async (memberId, member) => {
      await api("PUT", `pools/${pool}/members/${memberId}`, { member });
      await settled();
    },
    deleteMember: async (memberId) => {
      await api("DELETE", `pools/${pool}/members/${memberId}`);
      await settled();
    },
  };
}

async function waitActive(api: ApiCaller, loadBalancerId: string): Promise<void> {
  for (let look = 0; look < 600; look++) {
    const { loadbalancer } = (await api("GET", `loadbalancers/${loadBalancerId}`)) as { loadbalancer: { provisioning_status: string } };
    if (loadbalancer.provisioning_status === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`load balancer ${loadBalancerId} did not become ACTIVE`);
}

/** "POST /v2.0/lbaas/pools/{pool_id}/members", "POST /v2/lbaas/pools/{id}/members" and "POST /v3/{project_id}/elb/pools/{pool_id}/members" alike become "POST pools/{id}/members". */
function normalizeCounters(raw: Counters): Counters {
  const counters: Counters = {};
  for (const [route, statuses] of Object.entries(raw)) {
    const match = /^(\w+) \/(?:v2(?:\.0)?\/lbaas|v3\/[^/]+\/elb)\/(.*)$/.exec(route);
    if (!match) continue;
    const key = `${match[1]} ${match[2].replace(/\{[a-z_]+\}/g, "{id}")}`;
    const into = (counters[key] ??= {});
    for (const [status, count] of Object.entries(statuses)) into[status] = (into[status] ?? 0) + count;
  }
  return counters;
}

/** Sum of responses to changing calls (POST, PUT, DELETE), by status. */
export function mutatingCalls(counters: Counters): Record<string, number> {
  const byStatus: Record<string, number> = {};
  for (const [route, statuses] of Object.entries(counters)) {
    if (!/^(POST|PUT|DELETE) /.test(route)) continue;
    for (const [status, count] of Object.entries(statuses)) byStatus[status] = (byStatus[status] ?? 0) + count;
  }
  return byStatus;
}

export function callsWithStatus(counters: Counters, status: string): number {
  return Object.values(counters).reduce((sum, statuses) => sum + (statuses[status] ?? 0), 0);
}
