// Request body validation for members, rule for rule as documented: field types and ranges,
// unknown and read-only attributes, and the placement rules (subnet exists, address inside its
// CIDR, subnet in the load balancer's VPC).
import { isIPv4 } from "node:net";
import {
  badRequest,
  emptyBody,
  invalidInput,
  malformedBody,
  missingWrapper,
  notAllowedInPost,
  readOnlyAttribute,
  requiredMissing,
  tenantMismatch,
  tooLong,
  unknownAttributes,
} from "./errors";
import { cidrContains } from "./ipv4";
import type { PoolRecord } from "./records";
import type { Store } from "./store";

export interface MemberCreateInput {
  address: string;
  protocolPort: number;
  subnetId: string;
  name: string;
  weight: number;
  adminStateUp: boolean;
}

export interface MemberUpdateInput {
  name?: string;
  weight?: number;
  adminStateUp?: boolean;
}

export type BatchAction = "add" | "delete" | "replace";

export interface BatchRequest {
  action: BatchAction;
  members: unknown[];
}

export const MAX_BATCH = 200;

const CREATE_FIELDS = new Set(["address", "protocol_port", "subnet_id", "name", "weight", "admin_state_up", "tenant_id"]);
const UPDATE_FIELDS = new Set(["name", "weight", "admin_state_up"]);
/** Attributes the API owns or fixes at creation: sent in a PUT they are read-only. */
const READ_ONLY = new Set(["id", "address", "protocol_port", "subnet_id", "tenant_id", "project_id", "pool_id", "operating_status"]);
/** Attributes of a member that a client may not set in a POST. */
const SERVER_OWNED = new Set(["id", "project_id", "pool_id", "operating_status"]);

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Parses the exact body bytes as a JSON object. */
export function parseJsonObject(body: Buffer): Json {
  if (body.length === 0 || body.toString("utf8").trim() === "") throw emptyBody();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw malformedBody();
  }
  if (!isObject(parsed)) throw malformedBody();
  return parsed;
}

/** The {"member": {...}} wrapper; any other top-level key is refused. */
export function unwrap(body: Json, resource: string): Json {
  const inner = body[resource];
  if (!isObject(inner)) throw missingWrapper(resource);
  const extra = Object.keys(body).filter((k) => k !== resource);
  if (extra.length > 0) throw unknownAttributes(extra);
  return inner;
}

export function checkName(v: unknown): string {
  if (typeof v !== "string") throw invalidInput("name", `'${show(v)}' is not a valid string.`);
  // Characters, as the docs count them, not UTF-16 units.
  const characters = [...v].length;
  if (characters > 255) throw tooLong("member", "name", characters, 255);
  return v;
}

export function checkWeight(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw invalidInput("weight", `'${show(v)}' is not an integer.`);
  if (v < 0 || v > 100) throw invalidInput("weight", `'${v}' is not in range 0 through 100.`);
  return v;
}

export function checkAdminState(v: unknown): boolean {
  if (typeof v !== "boolean") throw invalidInput("admin_state_up", `'${show(v)}' is not a valid boolean value.`);
  return v;
}

function missing(v: unknown): boolean {
  return v === undefined || v === null || v === "";
}

/** Validates a member for POST (and for batch add/replace items). */
export function validateCreate(m: Json, projectId: string): MemberCreateInput {
  const unknown = Object.keys(m).filter((k) => !CREATE_FIELDS.has(k));
  const owned = unknown.find((k) => SERVER_OWNED.has(k));
  if (owned) throw notAllowedInPost(owned);
  if (unknown.length > 0) throw unknownAttributes(unknown);

  if (missing(m.address)) throw requiredMissing("member", "address");
  if (typeof m.address !== "string") throw invalidInput("address", `'${show(m.address)}' is not a valid IPv4 address.`);
  if (m.address.length > 64) throw tooLong("member", "address", m.address.length, 64);
  if (!isIPv4(m.address)) throw invalidInput("address", `'${m.address}' is not a valid IPv4 address.`);

  if (missing(m.protocol_port)) throw requiredMissing("member", "protocol_port");
  const port = m.protocol_port;
  if (typeof port !== "number" || !Number.isInteger(port)) throw invalidInput("protocol_port", `'${show(port)}' is not an integer.`);
  if (port < 1 || port > 65535) throw invalidInput("protocol_port", `'${port}' is not in range 1 through 65535.`);

  if (missing(m.subnet_id)) throw requiredMissing("member", "subnet_id");
  if (typeof m.subnet_id !== "string") throw invalidInput("subnet_id", `'${show(m.subnet_id)}' is not a valid string.`);

  if (m.tenant_id !== undefined) {
    if (typeof m.tenant_id !== "string") throw invalidInput("tenant_id", `'${show(m.tenant_id)}' is not a valid string.`);
    if (m.tenant_id.length > 255) throw tooLong("member", "tenant_id", m.tenant_id.length, 255);
    if (m.tenant_id !== projectId) throw tenantMismatch();
  }

  return {
    address: m.address,
    protocolPort: port,
    subnetId: m.subnet_id,
    name: m.name === undefined ? "" : checkName(m.name),
    weight: m.weight === undefined ? 1 : checkWeight(m.weight),
    adminStateUp: m.admin_state_up === undefined ? true : checkAdminState(m.admin_state_up),
  };
}

/** Validates a member for PUT: only name, weight and admin_state_up may change. */
export function validateUpdate(m: Json): MemberUpdateInput {
  const readOnly = Object.keys(m).find((k) => READ_ONLY.has(k));
  if (readOnly) throw readOnlyAttribute(readOnly);
  const unknown = Object.keys(m).filter((k) => !UPDATE_FIELDS.has(k));
  if (unknown.length > 0) throw unknownAttributes(unknown);
  const out: MemberUpdateInput = {};
  if (m.name !== undefined) out.name = checkName(m.name);
  if (m.weight !== undefined) out.weight = checkWeight(m.weight);
  if (m.admin_state_up !== undefined) out.adminStateUp = checkAdminState(m.admin_state_up);
  return out;
}

/** The batch body {"members": [...], "action": ...}; items are checked per action later. */
export function validateBatch(body: Json): BatchRequest {
  const extra = Object.keys(body).filter((k) => k !== "members" && k !== "action");
  if (extra.length > 0) throw unknownAttributes(extra);
  if (body.members === undefined || body.members === null) throw requiredMissing("members", "members");
  if (!Array.isArray(body.members)) throw invalidInput("members", `'${show(body.members)}' is not a list.`);
  if (body.members.length > MAX_BATCH) {
    throw badRequest(`A maximum of ${MAX_BATCH} backend servers can be modified at a time; got ${body.members.length}.`);
  }
  const action = body.action ?? "replace";
  if (action !== "add" && action !== "delete" && action !== "replace") {
    throw invalidInput("action", `'${show(action)}' is not one of add, delete, replace.`);
  }
  return { action, members: body.members };
}

/** A batch delete item: {"id": "..."}. */
export function validateDeleteItem(item: unknown): string {
  if (!isObject(item)) throw invalidInput("members", `'${show(item)}' is not an object.`);
  const unknown = Object.keys(item).filter((k) => k !== "id");
  if (unknown.length > 0) throw unknownAttributes(unknown);
  if (missing(item.id)) throw requiredMissing("member", "id");
  if (typeof item.id !== "string") throw invalidInput("id", `'${show(item.id)}' is not a valid string.`);
  return item.id;
}

export function validateBatchItem(item: unknown, projectId: string): MemberCreateInput {
  if (!isObject(item)) throw invalidInput("members", `'${show(item)}' is not an object.`);
  return validateCreate(item, projectId);
}

/** The documented placement rules, which need the world: subnet, CIDR and VPC. */
export function checkPlacement(store: Store, pool: PoolRecord, input: MemberCreateInput): void {
  const subnet = store.subnets.get(input.subnetId);
  if (!subnet) throw invalidInput("subnet_id", `subnet ${input.subnetId} could not be found.`);
  const lb = store.requireLoadBalancer(pool.loadbalancerId, store.isDedicatedPool(pool));
  const vipSubnet = store.subnets.get(lb.vipSubnetId);
  if (vipSubnet && vipSubnet.vpcId !== subnet.vpcId) {
    throw invalidInput("subnet_id", `subnet ${subnet.id} is in VPC ${subnet.vpcId}, not in VPC ${vipSubnet.vpcId} of load balancer ${lb.id}.`);
  }
  if (!cidrContains(subnet.parsed, input.address)) {
    throw invalidInput("address", `${input.address} is not in subnet ${subnet.id} (${subnet.cidr}).`);
  }
}
