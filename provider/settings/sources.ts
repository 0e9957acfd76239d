// Where a setting's text comes from, for every setting alike: stack config (the top-level
// `elb:<name>`, or a profile's entry), then the environment names the model lists for the
// selected cloud, then the selected clouds.yaml entry. The first non-empty value wins. Both
// resolvers (a target's settings in resolve.ts, the provider's behaviour in behaviour.ts) read
// through here, so a setting is found the same way whichever of them asks.

import type { CloudEntry } from "../client/auth/clouds-yaml";
import { ConfigurationError } from "../client/auth/errors";
import type { CloudName } from "../client/auth/types";
import { CLOUD_NAMES, LOAD_BALANCER_TYPES, settingSpec, type LoadBalancerType, type SettingName, type SettingSpec } from "./model";
import { profileConfigKey } from "./profiles";

export interface SettingSources {
  /** Stack config values by full key ("elb:region"), secrets already decrypted. */
  config(key: string): string | undefined;
  env: Record<string, string | undefined>;
  /** The file's text, or undefined when it does not exist. */
  readFile(file: string): string | undefined;
  homeDir: string;
  cwd: string;
  /**
   * Set when these are the settings of one profile of elb:profiles: `config` then answers from
   * that entry (still by "elb:<name>"), messages name `elb:profiles.<profile>.<name>`, and the
   * environment's settings are not read, as they belong to the stack's default target (only
   * OS_CLIENT_CONFIG_FILE, which says where clouds.yaml is, still counts).
   */
  profile?: string;
}

/** A setting's text and where it was found. Never logged with its value: it may be a secret. */
export interface Found {
  value: string;
  /**
   * The key that held it: "elb:drainSeconds", "elb:profiles.<profile>.drainSeconds", an
   * environment variable's name, or for clouds.yaml the file and the key.
   */
  key: string;
  /** For messages: "stack config elb:region", "env OS_REGION_NAME", or the clouds.yaml file and key. */
  origin: string;
}

const TRUE_WORDS = ["true", "1", "yes", "on"];
const FALSE_WORDS = ["false", "0", "no", "off"];

/** Every word a boolean setting takes, true ones first. */
export const BOOLEAN_WORDS: readonly string[] = [...TRUE_WORDS, ...FALSE_WORDS];

/** The stack config key of a setting for these sources: elb:<name>, or elb:profiles.<profile>.<name>. */
export function configKeyOf(spec: SettingSpec, profile: string | undefined): string {
  return profile === undefined ? spec.configKey : profileConfigKey(profile, spec.name);
}

/** The setting in stack config: the top level's, or with `profile` set, that profile's entry. */
export function fromConfig(spec: SettingSpec, sources: Pick<SettingSources, "config" | "profile">): Found | undefined {
  const value = sources.config(spec.configKey);
  if (value === undefined || value === "") return undefined;
  const key = configKeyOf(spec, sources.profile);
  return { value, key, origin: `stack config ${key}` };
}

/** The setting in the environment, under the names the model lists for `cloud`, first found wins. */
export function fromEnv(spec: SettingSpec, cloud: CloudName, env: Record<string, string | undefined>): Found | undefined {
  for (const name of spec.env[cloud]) {
    const value = env[name];
    if (value !== undefined && value !== "") return { value, key: name, origin: `env ${name}` };
  }
  return undefined;
}

/** Stack config, then (for the stack's default target only) the environment. */
export function fromConfigOrEnv(spec: SettingSpec, cloud: CloudName, sources: Pick<SettingSources, "config" | "env" | "profile">): Found | undefined {
  const configured = fromConfig(spec, sources);
  if (configured || sources.profile !== undefined) return configured;
  return fromEnv(spec, cloud, sources.env);
}

/** The setting in the selected clouds.yaml entry, under the keys the model lists. */
export function fromCloudsYaml(spec: SettingSpec, entry: CloudEntry | undefined): Found | undefined {
  if (!entry) return undefined;
  for (const key of spec.cloudsYaml) {
    const hit = entry.lookup(key.path);
    if (!hit) continue;
    const found = { value: hit.value, key: hit.origin, origin: hit.origin };
    if (!key.invert) return found;
    const flag = parseBoolean(hit.value);
    if (flag === undefined) throw invalidSetting(spec.name, hit.origin, "must be true or false");
    return { ...found, value: String(!flag) };
  }
  return undefined;
}

/**
 * The cloud these sources select, whose environment names apply, and where it was found (nothing
 * when it is the model's default). The cloud's own names are the same on every cloud.
 */
export function findCloud(sources: Pick<SettingSources, "config" | "env" | "profile">): { cloud: CloudName; found?: Found } {
  const spec = settingSpec("cloud");
  const fallback = spec.default as CloudName;
  const found = fromConfigOrEnv(spec, fallback, sources);
  if (!found) return { cloud: fallback };
  const cloud = found.value.toLowerCase() as CloudName;
  if (!CLOUD_NAMES.includes(cloud)) throw invalidSetting("cloud", found.origin, `must be one of ${CLOUD_NAMES.join(", ")}`);
  return { cloud, found };
}

/**
 * The target's load balancer type, from stack config or the environment (no network, no
 * credentials), so check() can apply that API's rules at preview. Dedicated load balancers exist
 * on otc and huaweicloud only: on openstack the setting is refused, naming it.
 */
export function findLoadBalancerType(sources: Pick<SettingSources, "config" | "env" | "profile">, cloud: CloudName): { type: LoadBalancerType; found?: Found } {
  const spec = settingSpec("loadBalancerType");
  const found = fromConfigOrEnv(spec, cloud, sources);
  if (!found) return { type: spec.default as LoadBalancerType };
  const type = found.value.trim().toLowerCase() as LoadBalancerType;
  if (!LOAD_BALANCER_TYPES.includes(type)) throw invalidSetting("loadBalancerType", found.origin, `must be one of ${LOAD_BALANCER_TYPES.join(", ")}`);
  if (type === "dedicated" && cloud === "openstack") {
    throw invalidSetting(
      "loadBalancerType",
      found.origin,
      'is "dedicated", which exists on otc and huaweicloud only: on openstack every member is an Octavia member; remove the setting',
    );
  }
  return { type, found };
}

/** "stack config elb:x, env A or B, clouds.yaml auth.x" for one setting: everywhere it is looked for. */
export function placesOf(name: SettingName, cloud: CloudName, profile: string | undefined): string {
  const spec = settingSpec(name);
  const parts = [`stack config ${configKeyOf(spec, profile)}`];
  if (profile === undefined && spec.env[cloud].length > 0) parts.push(`env ${spec.env[cloud].join(" or ")}`);
  if (spec.cloudsYaml.length > 0) parts.push(`clouds.yaml ${spec.cloudsYaml.map((k) => k.path).join(" or ")}`);
  return parts.join(", ");
}

/** "<name> (from <origin>) <rule>"; the value itself is left out: a misplaced secret must not end up in a log. */
export function invalidSetting(name: SettingName, origin: string, rule: string): ConfigurationError {
  return new ConfigurationError("ELB_INVALID_SETTING", `${name} (from ${origin}) ${rule}`);
}

export function parseBoolean(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}
