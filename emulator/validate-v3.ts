// Request bodies of the dedicated load balancers' (v3) member API, rule for rule as its pages
// state them: the adding page's CreateMemberOption, the updating page's UpdateMemberOption, and
// the adding page's constraints on where an address may go (IP as a backend, IPv6, subnets).
// Field checks are the v2.0 ones (validate.ts); a v3 route shows their 400s as ELB.8902.
import { invalidInput, ipv6NotSupported, requiredMissing, tenantMismatch, tooLong, unknownAttributes } from "./errors";
import { canonicalAddress, cidrContains, ipFamily } from "./ipv4";
import type { LoadBalancerRecord, PoolRecord, SubnetRecord } from "./records";
import { checkAdminState, checkName, checkWeight, Json, show } from "./validate";

export interface DedicatedMemberInput {
  address: string;
  protocolPort: number;
  /** "" for an IP member (IP as a backend). */
  subnetId: string;
  name: string;
  weight: number;
  adminStateUp: boolean;
  availabilityZone: string;
}

export interface DedicatedMemberUpdate {
  name?: string;
  weight?: number;
  adminStateUp?: boolean;
  availabilityZone?: string;
}

const CREATE_FIELDS = new Set(["address", "protocol_port", "name", "weight", "admin_state_up", "subnet_cidr_id", "project_id", "availability_zone"]);
const UPDATE_FIELDS = new Set(["name", "weight", "admin_state_up", "availability_zone"]);
/** Pool protocols that take IP members (adding page: TCP, HTTP or HTTPS). */
const IP_BACKEND_PROTOCOLS = new Set(["TCP", "HTTP", "HTTPS"]);

function optionalString(m: Json, field: string, max: number): string | undefined {
  const v = m[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidInput(field, `'${show(v)}' is not a valid string.`);
  const characters = [...v].length;
  if (characters > max) throw tooLong("member", field, characters, max);
  return v;
}

/** POST /v3/{project_id}/elb/pools/{pool_id}/members: the member object. */
export function validateDedicatedCreate(m: Json, projectId: string): DedicatedMemberInput {
  const unknown = Object.keys(m).filter((k) => !CREATE_FIELDS.has(k));
  if (unknown.length > 0) throw unknownAttributes(unknown);

  if (m.address === undefined || m.address === null || m.address === "") throw requiredMissing("member", "address");
  if (typeof m.address !== "string") throw invalidInput("address", `'${show(m.address)}' is not a valid IP address.`);
  if (m.address.length > 64) throw tooLong("member", "address", m.address.length, 64);
  if (ipFamily(m.address) === null) throw invalidInput("address", `'${m.address}' is not a valid IP address.`);

  if (m.protocol_port === undefined || m.protocol_port === null) throw requiredMissing("member", "protocol_port");
  const port = m.protocol_port;
  if (typeof port !== "number" || !Number.isInteger(port)) throw invalidInput("protocol_port", `'${show(port)}' is not an integer.`);
  if (port < 1 || port > 65535) throw invalidInput("protocol_port", `'${port}' is not in range 1 through 65535.`);

  const project = optionalString(m, "project_id", 32);
  if (project !== undefined && project !== projectId) throw tenantMismatch();

  return {
    address: canonicalAddress(m.address),
    protocolPort: port,
    subnetId: optionalString(m, "subnet_cidr_id", 36) ?? "",
    name: m.name === undefined || m.name === null ? "" : checkName(m.name),
    weight: m.weight === undefined || m.weight === null ? 1 : checkWeight(m.weight),
    adminStateUp: m.admin_state_up === undefined || m.admin_state_up === null ? true : checkAdminState(m.admin_state_up),
    availabilityZone: optionalString(m, "availability_zone", 45) ?? "",
  };
}

/** PUT .../members/{member_id}: only name, weight, admin_state_up and availability_zone. */
export function validateDedicatedUpdate(m: Json): DedicatedMemberUpdate {
  const unknown = Object.keys(m).filter((k) => !UPDATE_FIELDS.has(k));
  if (unknown.length > 0) throw unknownAttributes(unknown);
  const out: DedicatedMemberUpdate = {};
  if (m.name !== undefined && m.name !== null) out.name = checkName(m.name);
  if (m.weight !== undefined && m.weight !== null) out.weight = checkWeight(m.weight);
  if (m.admin_state_up !== undefined && m.admin_state_up !== null) out.adminStateUp = checkAdminState(m.admin_state_up);
  const zone = optionalString(m, "availability_zone", 45);
  if (zone !== undefined) out.availabilityZone = zone;
  return out;
}

/** Why an address may not go into a dedicated pool; null when it may. */
export interface PlacementProblem {
  /** ELB.8933 for an IPv6 address in an IPv4-only pool, else ELB.8902. */
  ipv6InV4Pool: boolean;
  field: "address" | "subnet_cidr_id";
  message: string;
}

/**
 * The adding page's constraints: without a subnet the address is an IPv4 IP member of a TCP,
 * HTTP or HTTPS pool; with one, the subnet is in the load balancer's VPC and holds the address;
 * an IPv6 address needs a dual-stack pool. Seed data and the API check the same rules.
 */
export function dedicatedPlacementProblem(
  subnets: ReadonlyMap<string, SubnetRecord>,
  lb: LoadBalancerRecord,
  pool: PoolRecord,
  subnetId: string,
  address: string,
): PlacementProblem | null {
  const family = ipFamily(address);
  if (subnetId === "") {
    if (family !== "ipv4") {
      return {
        ipv6InV4Pool: false,
        field: "address",
        message: `'${address}' is not an IPv4 address; a backend server without subnet_cidr_id (IP as a backend) must have one.`,
      };
    }
    if (!IP_BACKEND_PROTOCOLS.has(pool.protocol)) {
      return {
        ipv6InV4Pool: false,
        field: "subnet_cidr_id",
        message: `pool ${pool.id} is ${pool.protocol}; IP as a backend needs a TCP, HTTP or HTTPS pool, so give subnet_cidr_id.`,
      };
    }
    return null;
  }
  if (family === "ipv6" && pool.ipVersion !== "dualstack") {
    return { ipv6InV4Pool: true, field: "address", message: `pool ${pool.id} supports only IPv4, so backend server ${address} (IPv6) cannot be added.` };
  }
  const subnet = subnets.get(subnetId);
  if (!subnet) return { ipv6InV4Pool: false, field: "subnet_cidr_id", message: `subnet ${subnetId} could not be found.` };
  const vipSubnet = subnets.get(lb.vipSubnetId);
  if (vipSubnet && vipSubnet.vpcId !== subnet.vpcId) {
    return {
      ipv6InV4Pool: false,
      field: "subnet_cidr_id",
      message: `subnet ${subnet.id} is in VPC ${subnet.vpcId}, not in VPC ${vipSubnet.vpcId} of load balancer ${lb.id}.`,
    };
  }
  if (!cidrContains(subnet.parsed, address)) {
    return { ipv6InV4Pool: false, field: "address", message: `${address} is not in subnet ${subnet.id} (${subnet.cidr}).` };
  }
  return null;
}

/** dedicatedPlacementProblem as the API answers it. */
export function checkDedicatedPlacement(
  subnets: ReadonlyMap<string, SubnetRecord>,
  lb: LoadBalancerRecord,
  pool: PoolRecord,
  input: DedicatedMemberInput,
): void {
  const problem = dedicatedPlacementProblem(subnets, lb, pool, input.subnetId, input.address);
  if (!problem) return;
  if (problem.ipv6InV4Pool) throw ipv6NotSupported(problem.message);
  throw invalidInput(problem.field, problem.message);
}
