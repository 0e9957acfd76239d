// Member fields that only some clouds' APIs have (schema.json's "clouds"): today Octavia's
// monitor_address, monitor_port, backup and tags, which the shared ELB v2.0 lacks. What "unset"
// means for them, and the refusal where the target's cloud has no such field.
import type { CloudName } from "./client/auth/types";
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

/** One failure per cloud-only field the program sets although `cloud`'s API has no such field. */
export function cloudRefusals(news: Record<string, unknown>, cloud: CloudName): CheckFailure[] {
  return CLOUD_ONLY_FIELDS.filter((name) => news[name] !== undefined && news[name] !== null)
    .map((name) => ({ name, clouds: poolMemberSpec.inputProperties[name].clouds! }))
    .filter(({ clouds }) => !clouds.includes(cloud))
    .map(({ name, clouds }) => ({
      property: name,
      reason:
        `is an Octavia (${clouds.join(", ")}) field: the ${cloud} cloud's shared ELB v2.0 API has no such field, so it cannot be set there; ` +
        `remove it, or put the member on an OpenStack target (elb:cloud openstack, or a profile with cloud openstack)`,
    }));
}
