// Between the API's member (snake_case, as on the wire) and the SDK's properties. The lifecycle
// and the lookups speak only in the SDK's terms; the field names live here.
import { normalised } from "../cloud-fields";
import type { PoolMemberInfo, PoolMemberState } from "../types";
import { ApiMember, ApiMemberCreate, ApiMemberUpdate, OctaviaMemberFields } from "./types";

/** Octavia's own member fields, by property name. */
export const OCTAVIA_API_NAMES = {
  monitorAddress: "monitor_address",
  monitorPort: "monitor_port",
  backup: "backup",
  tags: "tags",
} as const satisfies Record<string, keyof OctaviaMemberFields>;

type OctaviaProperty = keyof typeof OCTAVIA_API_NAMES;
type OctaviaProperties = Pick<PoolMemberState, OctaviaProperty>;
const OCTAVIA_PROPERTIES = Object.keys(OCTAVIA_API_NAMES) as OctaviaProperty[];

/** The member's configuration as the API reports it; a field it leaves out is undefined. */
export function memberProperties(member: ApiMember): Omit<PoolMemberState, "poolId" | "adopt" | "timeouts" | OctaviaProperty | DedicatedOutput> {
  return {
    address: member.address,
    protocolPort: member.protocol_port,
    // A dedicated load balancer's IP member has no subnet: unset, as the program leaves it.
    subnetId: member.subnet_id || undefined,
    name: member.name,
    weight: member.weight,
    adminStateUp: member.admin_state_up,
  };
}

/**
 * Octavia's fields among those the member reports, as state holds them (an unset value, such as
 * backup false, as undefined; tags sorted). A field the API leaves out (the shared ELB, an older
 * Octavia) is not a key, so the caller can keep what it knew.
 */
export function octaviaProperties(member: ApiMember): Partial<OctaviaProperties> {
  const reported: Record<string, unknown> = {};
  for (const name of OCTAVIA_PROPERTIES) if (OCTAVIA_API_NAMES[name] in member) reported[name] = normalised(member[OCTAVIA_API_NAMES[name]]);
  return reported as Partial<OctaviaProperties>;
}

/** What dedicated load balancers report of a member beyond its configuration, by property name. */
export const DEDICATED_OUTPUT_API_NAMES = {
  ipVersion: "ip_version",
  memberType: "member_type",
  instanceId: "instance_id",
  availabilityZone: "availability_zone",
} as const satisfies Record<string, keyof ApiMember>;

type DedicatedOutput = keyof typeof DEDICATED_OUTPUT_API_NAMES;

/** Those outputs the member reports (v3 only; the shared ELB and Octavia report none); "" is left out. */
export function dedicatedOutputs(member: ApiMember): Partial<Pick<PoolMemberState, DedicatedOutput>> {
  const outputs: Record<string, string> = {};
  for (const [name, field] of Object.entries(DEDICATED_OUTPUT_API_NAMES)) {
    const value = member[field];
    if (typeof value === "string" && value !== "") outputs[name] = value;
  }
  return outputs;
}

/** A member as the lookups return it; Octavia's fields as Octavia reports them (backup false, tags []). */
export function memberInfo(poolId: string, member: ApiMember): PoolMemberInfo {
  const { subnetId, ...properties } = memberProperties(member);
  const info: PoolMemberInfo = {
    id: member.id,
    poolId,
    ...properties,
    ...(subnetId === undefined ? {} : { subnetId }),
    ...dedicatedOutputs(member),
    operatingStatus: member.operating_status,
    tenantId: member.tenant_id,
  };
  for (const name of OCTAVIA_PROPERTIES) {
    const value = member[OCTAVIA_API_NAMES[name]];
    // The wire has no undefined: a field the cloud does not have, or a monitor not set, is left out.
    if (value !== undefined && value !== null) Object.assign(info, { [name]: Array.isArray(value) ? [...value].sort() : value });
  }
  return info;
}

/** The POST body for a member with this configuration; Octavia's fields only when set, so the shared ELB never sees them. */
export function createRequest(state: PoolMemberState): Required<ApiMemberCreate> & OctaviaMemberFields {
  const request: Required<ApiMemberCreate> & OctaviaMemberFields = {
    address: state.address,
    protocol_port: state.protocolPort,
    subnet_id: state.subnetId ?? "",
    name: state.name,
    weight: state.weight,
    admin_state_up: state.adminStateUp,
  };
  for (const name of OCTAVIA_PROPERTIES) {
    const value = normalised(state[name]);
    if (value !== undefined) Object.assign(request, { [OCTAVIA_API_NAMES[name]]: value });
  }
  return request;
}

/** The fields of a member the lifecycle knows only from state, in the API's names, for updateRequest. */
export function apiFieldsOf(state: PoolMemberState): Pick<ApiMember, "name" | "weight" | "admin_state_up"> & OctaviaMemberFields {
  const fields: Pick<ApiMember, "name" | "weight" | "admin_state_up"> & OctaviaMemberFields = {
    name: state.name,
    weight: state.weight,
    admin_state_up: state.adminStateUp,
  };
  for (const name of OCTAVIA_PROPERTIES) if (state[name] !== undefined) Object.assign(fields, { [OCTAVIA_API_NAMES[name]]: state[name] });
  return fields;
}

/**
 * What to PUT so the member has the wanted name, weight, admin state and Octavia fields; weight 0
 * is a value. An Octavia field going back to unset is sent as what clears it: null for a
 * monitor, false for backup, [] for tags.
 */
export function updateRequest(current: Pick<ApiMember, "name" | "weight" | "admin_state_up"> & OctaviaMemberFields, wanted: PoolMemberState): ApiMemberUpdate {
  const changes: ApiMemberUpdate = {};
  if (current.name !== wanted.name) changes.name = wanted.name;
  if (current.weight !== wanted.weight) changes.weight = wanted.weight;
  if (current.admin_state_up !== wanted.adminStateUp) changes.admin_state_up = wanted.adminStateUp;
  for (const name of OCTAVIA_PROPERTIES) {
    const field = OCTAVIA_API_NAMES[name];
    const before = normalised(current[field]);
    const after = normalised(wanted[name]);
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    Object.assign(changes, { [field]: after ?? CLEARED[name] });
  }
  return changes;
}

/** What Octavia's PUT takes to unset each field (its own _set_default_on_none turns a null backup into false too). */
const CLEARED: Record<OctaviaProperty, null | boolean | string[]> = { monitorAddress: null, monitorPort: null, backup: false, tags: [] };
