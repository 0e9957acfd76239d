// Member fields that only some clouds' APIs have (schema.json's "clouds"): today Octavia's
// monitor_address, monitor_port, backup and tags, which the shared ELB v2.0 lacks. What "unset"
// means for them, and the refusal where the target's cloud has no such field.
import * as net from "node:net";
import type { CloudName } from "./client/auth/types";
import { MEMBER_API_TITLES, type MemberApi } from "./member-api";
import { poolMemberSpec } from "./schema";
import type { CheckFailure } from "./validate";

/** The inputs some cloud lacks, in schema order. */
export const CLOUD_ONLY_FIELDS: string[] = Object.entries(poolMemberSpec.inputProperties)
  .filter(([, property]) => property.clouds !== undefined)
  .map(([name]) => name);

/**
 * Whether a value means the same as leaving the field out: Octavia reports backup false, tags []
 * and a null monitor for a member that never had them, so these must show no diff against unset.
 */
export function meansUnset(value: unknown): boolean {
  return value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);
}

/** The value as the API's reports compare: undefined when it means unset, lists sorted (Octavia keeps tags as a set, in its own order). */
export function normalised(value: unknown): unknown {
  if (meansUnset(value)) return undefined;
  return Array.isArray(value) ? [...value].sort() : value;
}

/** One failure per cloud-only field the program sets although the target's API has no such field. */
function cloudRefusals(news: Record<string, unknown>, cloud: CloudName, api: MemberApi): CheckFailure[] {
  return CLOUD_ONLY_FIELDS.filter((name) => news[name] !== undefined && news[name] !== null)
    .map((name) => ({ name, clouds: poolMemberSpec.inputProperties[name].clouds! }))
    .filter(({ clouds }) => !clouds.includes(cloud))
    .map(({ name, clouds }) => ({
      property: name,
      reason:
        `is an Octavia (${clouds.join(", ")}) field: the ${cloud} cloud's ${api === "dedicated" ? "dedicated load balancers' ELB v3 API" : "shared ELB v2.0 API"} has no such field, so it cannot be set there; ` +
        `remove it, or put the member on an OpenStack target (elb:cloud openstack, or a profile with cloud openstack)`,
    }));
}

/**
 * The rules that depend on the target's API, for check() and create: the fields it lacks, whether
 * a member needs a subnet, and which addresses it takes. The pages say: v2.0's subnet_id is
 * mandatory and its address IPv4; Octavia's subnet_id is optional only where a load balancer's
 * VIP network decides, so it is required here too, and it takes IPv6; v3's subnet_cidr_id left
 * blank makes an "IP as a backend" member, which must be IPv4.
 */
export function apiRefusals(news: Record<string, unknown>, cloud: CloudName, api: MemberApi): CheckFailure[] {
  const failures = cloudRefusals(news, cloud, api);
  const { address, subnetId } = news;
  const noSubnet = subnetId === undefined || subnetId === null;
  const ipv6 = typeof address === "string" && net.isIPv6(address);
  if (api === "dedicated") {
    if (noSubnet && ipv6)
      failures.push({
        property: "subnetId",
        reason:
          `is required for the IPv6 address ${address}: on dedicated load balancers a member without a subnet is an "IP as a backend" member, ` +
          "which the API takes with an IPv4 address only; give the IPv6 subnet that contains it",
      });
    return failures;
  }
  if (noSubnet)
    failures.push({
      property: "subnetId",
      reason:
        `is required on ${MEMBER_API_TITLES[api]}: ${poolMemberSpec.inputProperties.subnetId.description.split(". ")[0]}. ` +
        "Only dedicated load balancers (elb:loadBalancerType dedicated) take a member without one (IP as a backend)",
    });
  if (api === "shared" && ipv6)
    failures.push({
      property: "address",
      reason: `must be an IPv4 address such as 192.168.0.10: ${MEMBER_API_TITLES.shared} has no IPv6 members (dedicated load balancers and Octavia do), got ${JSON.stringify(address)}`,
    });
  return failures;
}
