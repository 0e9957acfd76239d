// Every provider setting in one list: where it is read from (stack config, environment,
// clouds.yaml), whether it is secret, and what it means. Resolution, the package schema's config,
// the README's table and tests all read this list, so adding a setting here is the only place to
// add one.

import type { CloudName } from "../client/auth/types";

export type SettingName =
  | "cloud"
  | "loadBalancerType"
  | "auth"
  | "region"
  | "accessKey"
  | "secretKey"
  | "securityToken"
  | "projectId"
  | "projectName"
  | "projectDomainName"
  | "projectDomainId"
  | "authUrl"
  | "endpoint"
  | "username"
  | "userId"
  | "password"
  | "domainName"
  | "domainId"
  | "token"
  | "applicationCredentialId"
  | "applicationCredentialName"
  | "applicationCredentialSecret"
  | "cloudsYamlCloud"
  | "insecure"
  | "caCert"
  | "allowInsecureHttp"
  | "queueChanges"
  | "batchChanges"
  | "adoptExisting"
  | "drainSeconds"
  | "waitForHealthy";

/** A key inside one cloud's entry of clouds.yaml, as a dotted path; `invert` flips a boolean. */
export interface CloudsYamlKey {
  path: string;
  invert?: boolean;
}

/**
 * What a setting's text means, and the value it has when no source sets it (none: the setting is
 * optional, or its default depends on other settings, as batchChanges' does on the cloud).
 */
export type SettingType =
  | { type: "string"; default?: string }
  | { type: "boolean"; default?: boolean }
  /** A whole number from `minimum` to `maximum`, both included. */
  | { type: "integer"; default?: number; minimum: number; maximum: number };

export type SettingSpec = SettingType & {
  name: SettingName;
  /** Pulumi stack config key, always `elb:<name>`. */
  configKey: string;
  /** Environment names per cloud, first found wins. */
  env: Record<CloudName, readonly string[]>;
  /** Keys in the selected clouds.yaml entry, first found wins (secure.yaml over clouds.yaml). */
  cloudsYaml: readonly CloudsYamlKey[];
  secret: boolean;
  description: string;
  /**
   * A behaviour of the provider rather than a fact about a target: a profile of elb:profiles that
   * leaves it unset takes the top-level value. Target settings (cloud, credentials, endpoints,
   * TLS, ...) never pass from one target to another.
   */
  inheritedByProfiles: boolean;
};

export const CONFIG_NAMESPACE = "elb";

/**
 * Values accepted by the `auth` setting; "auto" picks token, then AK/SK, then an application
 * credential, then password.
 */
export const AUTH_SETTING_VALUES = ["auto", "none", "token", "aksk", "applicationCredential", "password"] as const;
export type AuthSettingValue = (typeof AUTH_SETTING_VALUES)[number];

export const CLOUD_NAMES: readonly CloudName[] = ["otc", "huaweicloud", "openstack"];

/**
 * Which of the cloud's load balancers a target's members are on: the shared ELB (its v2.0 API)
 * or dedicated load balancers (the ELB v3 API). OpenStack has Octavia only.
 */
export const LOAD_BALANCER_TYPES = ["shared", "dedicated"] as const;
export type LoadBalancerType = (typeof LOAD_BALANCER_TYPES)[number];

/** How the provider behaves, the same for every target unless a profile says otherwise. */
const BEHAVIOUR_SETTINGS = ["queueChanges", "batchChanges", "adoptExisting", "drainSeconds", "waitForHealthy"] as const;

// Huawei Cloud's HW_* names fall back to the OS_* names, as its Terraform provider does.
function env(osNames: string[], hwNames: string[] = []): Record<CloudName, readonly string[]> {
  return { otc: osNames, huaweicloud: [...hwNames, ...osNames], openstack: osNames };
}

function yaml(...paths: string[]): CloudsYamlKey[] {
  return paths.map((path) => ({ path }));
}

function spec(
  name: SettingName,
  envNames: Record<CloudName, readonly string[]>,
  cloudsYaml: CloudsYamlKey[],
  secret: boolean,
  description: string,
  type: SettingType = { type: "string" },
): SettingSpec {
  const inheritedByProfiles = (BEHAVIOUR_SETTINGS as readonly string[]).includes(name);
  return { name, configKey: `${CONFIG_NAMESPACE}:${name}`, env: envNames, cloudsYaml, secret, description, inheritedByProfiles, ...type };
}

export const SETTINGS: readonly SettingSpec[] = [
  spec(
    "cloud",
    env(["ELB_CLOUD"]),
    [],
    false,
    'Which cloud: "otc" (Open Telekom Cloud, the default), "huaweicloud", or "openstack" (any OpenStack cloud with Keystone and Octavia: the /v2 path, the catalog\'s load-balancer service, no batch call, no AK/SK).',
    { type: "string", default: "otc" },
  ),
  spec(
    "loadBalancerType",
    env(["ELB_LOAD_BALANCER_TYPE"]),
    [],
    false,
    'Which load balancers the members are on (otc, huaweicloud): "shared" (the default: shared load balancers, the ELB v2.0 API /v2.0/lbaas/...) or "dedicated" (dedicated load balancers, the ELB v3 API /v3/{project_id}/elb/..., which needs the project id: elb:projectId, or the project of a password or application-credential token). A pool of the other kind fails naming this setting. Not on openstack (Octavia only).',
    { type: "string", default: "shared" },
  ),
  spec(
    "auth",
    env(["ELB_AUTH"]),
    [],
    false,
    'Authentication method: "auto" (default: token, then AK/SK, then application credential, then password), "token", "aksk", "applicationCredential", "password", or "none" (only with an explicit endpoint, e.g. a local emulator or a test Octavia).',
    { type: "string", default: "auto" },
  ),
  spec(
    "region",
    env(["OS_REGION_NAME"], ["HW_REGION_NAME"]),
    yaml("region_name"),
    false,
    "Region, e.g. eu-de; taken from the project name prefix (eu-de_myproject) when not set.",
  ),
  spec("accessKey", env(["OS_ACCESS_KEY"], ["HW_ACCESS_KEY"]), yaml("auth.ak", "auth.access_key"), true, "Access key (AK) for AK/SK request signing."),
  spec("secretKey", env(["OS_SECRET_KEY"], ["HW_SECRET_KEY"]), yaml("auth.sk", "auth.secret_key"), true, "Secret key (SK) for AK/SK request signing."),
  spec("securityToken", env(["OS_SECURITY_TOKEN"], ["HW_SECURITY_TOKEN"]), yaml("auth.security_token"), true, "Security token of temporary AK/SK credentials."),
  spec(
    "projectId",
    env(["OS_PROJECT_ID", "OS_TENANT_ID"], ["HW_PROJECT_ID"]),
    yaml("auth.project_id", "auth.tenant_id"),
    false,
    "Project ID; scopes the IAM token and is sent as X-Project-Id with AK/SK.",
  ),
  spec(
    "projectName",
    env(["OS_PROJECT_NAME", "OS_TENANT_NAME"], ["HW_PROJECT_NAME"]),
    yaml("auth.project_name", "auth.tenant_name"),
    false,
    "Project name, e.g. eu-de or eu-de_myproject; scopes the IAM token when no project ID is set.",
  ),
  spec(
    "projectDomainName",
    env(["OS_PROJECT_DOMAIN_NAME"]),
    yaml("auth.project_domain_name"),
    false,
    "Domain of the project named by projectName, when it is not the user's domain (OpenStack).",
  ),
  spec("projectDomainId", env(["OS_PROJECT_DOMAIN_ID"]), yaml("auth.project_domain_id"), false, "Domain ID of the project named by projectName (OpenStack)."),
  spec(
    "authUrl",
    env(["OS_AUTH_URL"], ["HW_AUTH_URL"]),
    yaml("auth.auth_url"),
    false,
    "IAM (Keystone) endpoint (…/v3 is added when missing); derived from the region when not set, except on openstack, where it is required.",
  ),
  spec(
    "endpoint",
    env(["ELB_ENDPOINT"]),
    [],
    false,
    "ELB endpoint, e.g. https://elb.eu-de.otc.t-systems.com, an Octavia URL or a local emulator; derived from the region (otc, huaweicloud) or from the token's catalog when not set.",
  ),
  spec(
    "username",
    env(["OS_USERNAME", "OS_USER_NAME"], ["HW_USER_NAME"]),
    yaml("auth.username", "auth.user_name"),
    false,
    "IAM user name for password authentication.",
  ),
  spec("userId", env(["OS_USER_ID"]), yaml("auth.user_id"), false, "IAM user ID for password authentication (instead of the user name)."),
  spec("password", env(["OS_PASSWORD"], ["HW_USER_PASSWORD"]), yaml("auth.password"), true, "IAM user password."),
  spec(
    "domainName",
    env(["OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME"], ["HW_DOMAIN_NAME"]),
    yaml("auth.user_domain_name", "auth.domain_name"),
    false,
    "Domain (account) name of the IAM user.",
  ),
  spec("domainId", env(["OS_DOMAIN_ID", "OS_USER_DOMAIN_ID"]), yaml("auth.user_domain_id", "auth.domain_id"), false, "Domain (account) ID of the IAM user."),
  spec("token", env(["OS_TOKEN", "OS_AUTH_TOKEN"], ["HW_AUTH_TOKEN"]), yaml("auth.token"), true, "A ready IAM token, sent as X-Auth-Token; not renewed."),
  spec(
    "applicationCredentialId",
    env(["OS_APPLICATION_CREDENTIAL_ID"]),
    yaml("auth.application_credential_id"),
    false,
    "Keystone application credential ID (OpenStack); the credential is bound to its project, so no project is set.",
  ),
  spec(
    "applicationCredentialName",
    env(["OS_APPLICATION_CREDENTIAL_NAME"]),
    yaml("auth.application_credential_name"),
    false,
    "Keystone application credential name, together with the user (username and domain, or userId), instead of its ID.",
  ),
  spec(
    "applicationCredentialSecret",
    env(["OS_APPLICATION_CREDENTIAL_SECRET"]),
    yaml("auth.application_credential_secret"),
    true,
    "Keystone application credential secret.",
  ),
  spec(
    "cloudsYamlCloud",
    env(["OS_CLOUD"]),
    [],
    false,
    "Name of the cloud entry in clouds.yaml, searched in $OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack/ and /etc/openstack/; secure.yaml beside it is merged over it.",
  ),
  spec(
    "insecure",
    env(["OS_INSECURE"], ["HW_INSECURE"]),
    [{ path: "verify", invert: true }],
    false,
    'Skip TLS certificate verification: "true", or "false" (the default).',
    {
      type: "boolean",
      default: false,
    },
  ),
  spec("caCert", env(["OS_CACERT"]), yaml("cacert"), false, "Extra CA certificates: a PEM file path or the PEM text."),
  spec(
    "allowInsecureHttp",
    env(["ELB_ALLOW_INSECURE_HTTP"]),
    [],
    false,
    'Clear-text http to a host that is not loopback (127.0.0.0/8, ::1, localhost) for elb:endpoint, elb:authUrl or a catalog endpoint: "false" (the default) refuses it before anything is sent; "true" allows it only when no credential goes over it (auth "none"); "credentials-too" allows tokens, passwords, application credentials and AK/SK-signed requests over it as well.',
    { type: "string", default: "false" },
  ),
  spec(
    "queueChanges",
    env(["ELB_QUEUE_CHANGES"]),
    [],
    false,
    "Queue member changes per load balancer inside the provider (default true on shared load balancers and Octavia, which take one change at a time; false for dedicated load balancers, which have no busy state and take changes side by side). false sends them in parallel and retries on 409, as the Terraform providers do; it exists for comparisons.",
    // No default here: it depends on the API, and the context decides.
    { type: "boolean" },
  ),
  spec(
    "batchChanges",
    env(["ELB_BATCH_CHANGES"]),
    [],
    false,
    "Coalesce creates and deletes that wait behind another change on the same pool into the API's batch call (default true on shared load balancers of otc and huaweicloud; Octavia and the dedicated load balancers' v3 pages have no such call). A change that finds its load balancer idle is sent alone.",
    // No default here: it is true where the cloud has the batch call, and the context decides.
    { type: "boolean" },
  ),
  spec(
    "adoptExisting",
    env(["ELB_ADOPT_EXISTING"]),
    [],
    false,
    "Let every PoolMember take over an existing member at its address and port, as `adopt: true` does for one (default false); for recovering after an interrupted `pulumi up`.",
    { type: "boolean", default: false },
  ),
  spec(
    "drainSeconds",
    env(["ELB_DRAIN_SECONDS"]),
    [],
    false,
    "Seconds every removal is held open after the member is deleted, for PoolMembers that do not set `drainSeconds` (default 0, at most 3600); see [Changing members without downtime](#changing-members-without-downtime).",
    { type: "integer", default: 0, minimum: 0, maximum: 3600 },
  ),
  spec(
    "waitForHealthy",
    env(["ELB_WAIT_FOR_HEALTHY"]),
    [],
    false,
    "Wait until the health check reports a new member ONLINE, for PoolMembers that do not set `waitForHealthy` (default false).",
    { type: "boolean", default: false },
  ),
];

export function settingSpec(name: SettingName): SettingSpec {
  const found = SETTINGS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown setting ${name}`);
  return found;
}
