// Resolves every setting from stack config, then the environment, then clouds.yaml (first match
// wins per setting), and picks the auth method: token, then AK/SK, then an application credential,
// then password. Pure apart from
// the injected sources, so tests feed config, env and files directly.

import * as path from "node:path";
import { clearTextRefusal, INSECURE_HTTP_VALUES, type InsecureHttpLevel } from "../client/auth/clear-text";
import { cloudsYamlSearchPaths, expandHome, loadCloudEntry, type CloudEntry } from "../client/auth/clouds-yaml";
import { ConfigurationError } from "../client/auth/errors";
import { profileConfigKey } from "./profiles";
import {
  AUTH_SETTING_VALUES,
  CLOUD_NAMES,
  SETTINGS,
  settingSpec,
  type AuthSettingValue,
  type SettingName,
  type SettingSpec,
} from "./model";
import type { AuthMethod, CloudName, ResolvedSettings } from "../client/auth/types";

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

interface Found {
  value: string;
  origin: string;
}

const PEM_MARKER = "-----BEGIN ";
const TRUE_WORDS = ["true", "1", "yes", "on"];
const FALSE_WORDS = ["false", "0", "no", "off"];

export function resolveSettings(sources: SettingSources): ResolvedSettings {
  const cloudFound = fromConfigOrEnv(settingSpec("cloud"), "otc", sources);
  const cloud = parseCloud(cloudFound);
  const searchPaths = cloudsYamlSearchPaths(sources.env, sources.homeDir, sources.cwd);
  const yamlCloud = fromConfigOrEnv(settingSpec("cloudsYamlCloud"), cloud, sources);
  const entry = yamlCloud ? loadCloudEntry(yamlCloud.value, searchPaths, sources.readFile) : undefined;

  const found = new Map<SettingName, Found>();
  for (const spec of SETTINGS) {
    const hit = spec.name === "cloud" ? cloudFound : (fromConfigOrEnv(spec, cloud, sources) ?? fromCloudsYaml(spec, entry));
    if (hit) found.set(spec.name, hit);
  }
  const get = (name: SettingName) => found.get(name)?.value;

  const origins: Record<string, string> = {};
  for (const [name, hit] of found) origins[name] = hit.origin;
  if (!cloudFound) origins.cloud = "default";

  let region = get("region");
  const projectName = get("projectName");
  if (!region && projectName?.includes("_") && cloud !== "openstack") {
    // OTC and Huawei Cloud sub-projects are named <region>_<name>; OpenStack names are free.
    region = projectName.slice(0, projectName.indexOf("_"));
    origins.region = `prefix of projectName (${found.get("projectName")!.origin})`;
  }

  const endpoint = optionalUrl("endpoint", found);
  const authUrl = optionalUrl("authUrl", found);
  const allowInsecureHttp = parseInsecureHttp(found.get("allowInsecureHttp"));
  // Refused before the credentials are even looked at: a clear-text URL is wrong whatever they are.
  refuseClearText(found, allowInsecureHttp, undefined);
  const context: Context = { cloud, found, entry, searchPaths, env: sources.profile === undefined ? sources.env : {}, profile: sources.profile };
  const auth = chooseAuth(context, endpoint, region);
  refuseClearText(found, allowInsecureHttp, auth.kind);
  return {
    cloud,
    auth,
    region,
    projectId: get("projectId"),
    projectName,
    projectDomainName: get("projectDomainName"),
    projectDomainId: get("projectDomainId"),
    authUrl,
    endpoint,
    insecure: parseInsecure(found.get("insecure")),
    allowInsecureHttp,
    caCert: loadCaCert(found.get("caCert"), sources),
    origins,
  };
}

interface Context {
  cloud: CloudName;
  found: Map<SettingName, Found>;
  entry?: CloudEntry;
  searchPaths: string[];
  env: Record<string, string | undefined>;
  profile?: string;
}

/** The stack config key of a setting for these sources: elb:<name>, or elb:profiles.<profile>.<name>. */
function configKeyOf(spec: SettingSpec, profile: string | undefined): string {
  return profile === undefined ? spec.configKey : profileConfigKey(profile, spec.name);
}

function fromConfigOrEnv(spec: SettingSpec, cloud: CloudName, sources: SettingSources): Found | undefined {
  const configured = sources.config(spec.configKey);
  if (configured !== undefined && configured !== "") return { value: configured, origin: `stack config ${configKeyOf(spec, sources.profile)}` };
  if (sources.profile !== undefined) return undefined;
  for (const name of spec.env[cloud]) {
    const value = sources.env[name];
    if (value !== undefined && value !== "") return { value, origin: `env ${name}` };
  }
  return undefined;
}

function fromCloudsYaml(spec: SettingSpec, entry: CloudEntry | undefined): Found | undefined {
  if (!entry) return undefined;
  for (const key of spec.cloudsYaml) {
    const hit = entry.lookup(key.path);
    if (!hit) continue;
    if (!key.invert) return hit;
    const flag = parseBoolean(hit.value);
    if (flag === undefined) throw invalid(spec.name, hit.origin, "must be true or false");
    return { value: String(!flag), origin: hit.origin };
  }
  return undefined;
}

function parseCloud(found: Found | undefined): CloudName {
  if (!found) return "otc";
  const value = found.value.toLowerCase() as CloudName;
  if (!CLOUD_NAMES.includes(value)) throw invalid("cloud", found.origin, `must be one of ${CLOUD_NAMES.join(", ")}`);
  return value;
}

function chooseAuth(ctx: Context, endpoint: string | undefined, region: string | undefined): AuthMethod {
  const authFound = ctx.found.get("auth");
  const mode = (authFound?.value.toLowerCase() ?? "auto") as AuthSettingValue;
  if (!AUTH_SETTING_VALUES.includes(mode)) {
    throw invalid("auth", authFound!.origin, `must be one of ${AUTH_SETTING_VALUES.join(", ")}`);
  }
  if (mode === "none") {
    if (!endpoint) {
      throw new ConfigurationError(
        "ELB_INVALID_SETTING",
        `auth "none" (from ${authFound!.origin}) is only for local emulators and needs an explicit endpoint: set ${places(ctx, "endpoint")}`,
      );
    }
    return { kind: "none" };
  }

  const token = tokenMethod(ctx);
  if (mode === "token" || (mode === "auto" && token)) return token ?? missing(ctx, "token", ["token"]);
  if (mode === "aksk" && ctx.cloud === "openstack") {
    throw new ConfigurationError(
      "ELB_INVALID_SETTING",
      `auth "aksk" (from ${authFound!.origin}): AK/SK signing is a feature of Open Telekom Cloud and Huawei Cloud, not of OpenStack; use a token, an application credential or a password`,
    );
  }
  // OpenStack has no AK/SK: keys left in the environment for another cloud are not used there.
  const aksk = ctx.cloud === "openstack" ? undefined : akskMethod(ctx);
  if (mode === "aksk" || (mode === "auto" && aksk)) return aksk ?? missing(ctx, "AK/SK", ["accessKey", "secretKey"]);
  const appCredential = applicationCredentialMethod(ctx);
  if (mode === "applicationCredential" || (mode === "auto" && appCredential)) {
    return appCredential ?? missing(ctx, "application credential", ["applicationCredentialId", "applicationCredentialSecret"]);
  }
  const password = passwordMethod(ctx, region);
  if (mode === "password" || (mode === "auto" && password)) {
    return password ?? missing(ctx, "password", ["username", "password"]);
  }
  throw noCredentials(ctx);
}

function tokenMethod(ctx: Context): AuthMethod | undefined {
  const token = ctx.found.get("token")?.value;
  return token ? { kind: "token", token } : undefined;
}

function akskMethod(ctx: Context): AuthMethod | undefined {
  const accessKey = ctx.found.get("accessKey");
  const secretKey = ctx.found.get("secretKey");
  if (!accessKey && !secretKey) return undefined;
  if (!accessKey || !secretKey) {
    const [have, lacking] = accessKey ? [accessKey, "secretKey" as const] : [secretKey!, "accessKey" as const];
    throw new ConfigurationError(
      "ELB_INCOMPLETE_CREDENTIALS",
      `found ${accessKey ? "an access key" : "a secret key"} (${have.origin}) but no ${lacking === "secretKey" ? "secret key" : "access key"}: set ${places(ctx, lacking)}`,
    );
  }
  const securityToken = ctx.found.get("securityToken")?.value;
  return {
    kind: "aksk",
    accessKey: accessKey.value,
    secretKey: secretKey.value,
    ...(securityToken ? { securityToken } : {}),
  };
}

function applicationCredentialMethod(ctx: Context): AuthMethod | undefined {
  const get = (name: SettingName) => ctx.found.get(name)?.value;
  const [id, name, secret] = [get("applicationCredentialId"), get("applicationCredentialName"), get("applicationCredentialSecret")];
  if (!id && !name && !secret) return undefined;
  const lacking: string[] = [];
  if (!secret) lacking.push(`the secret: set ${places(ctx, "applicationCredentialSecret")}`);
  if (!id && !name) lacking.push(`the credential: set ${places(ctx, "applicationCredentialId")}; or ${places(ctx, "applicationCredentialName")}`);
  // A name is unique only per user, so Keystone needs the user with it.
  if (!id && name && !get("userId") && !get("username")) lacking.push(`the user the credential belongs to: set ${places(ctx, "username")}; or ${places(ctx, "userId")}`);
  if (!id && name && get("username") && !get("userId") && !get("domainName") && !get("domainId")) {
    lacking.push(`the user's domain: set ${places(ctx, "domainName")}; or ${places(ctx, "domainId")}`);
  }
  if (lacking.length > 0) {
    throw new ConfigurationError("ELB_INCOMPLETE_CREDENTIALS", `application credential authentication is missing ${lacking.join("; and ")}`);
  }
  // A credential by id needs nothing else: its user is Keystone's to know.
  return { kind: "applicationCredential", secret: secret!, ...(id ? { id } : { name, ...userSettings(ctx) }) };
}

function passwordMethod(ctx: Context, region: string | undefined): AuthMethod | undefined {
  const get = (name: SettingName) => ctx.found.get(name)?.value;
  const [username, userId, password] = [get("username"), get("userId"), get("password")];
  if (!username && !userId && !password) return undefined;
  const lacking: string[] = [];
  if (!password) lacking.push(`the password: set ${places(ctx, "password")}`);
  if (!username && !userId) lacking.push(`the user: set ${places(ctx, "username")}; or ${places(ctx, "userId")}`);
  if (username && !userId && !get("domainName") && !get("domainId")) {
    lacking.push(`the user's domain: set ${places(ctx, "domainName")}; or ${places(ctx, "domainId")}`);
  }
  // ELB is a project-level service; without a project the region's default project is used
  // (OpenStack has no such default).
  if (!get("projectId") && !get("projectName") && (!region || ctx.cloud === "openstack")) {
    lacking.push(`the project: set ${places(ctx, "projectId")}; or ${places(ctx, "projectName")}; or ${places(ctx, "region")}`);
  }
  if (lacking.length > 0) {
    throw new ConfigurationError("ELB_INCOMPLETE_CREDENTIALS", `password authentication is missing ${lacking.join("; and ")}`);
  }
  return { kind: "password", password: password!, ...userSettings(ctx) };
}

/** The user and their domain, as far as they are set. */
function userSettings(ctx: Context): Partial<Record<"username" | "userId" | "domainName" | "domainId", string>> {
  const user: Partial<Record<"username" | "userId" | "domainName" | "domainId", string>> = {};
  for (const key of ["username", "userId", "domainName", "domainId"] as const) {
    const value = ctx.found.get(key)?.value;
    if (value) user[key] = value;
  }
  return user;
}

function missing(ctx: Context, method: string, names: SettingName[]): never {
  throw new ConfigurationError(
    "ELB_INCOMPLETE_CREDENTIALS",
    `auth is "${method === "AK/SK" ? "aksk" : method === "application credential" ? "applicationCredential" : method}" (from ${ctx.found.get("auth")!.origin}) but no ${method} credentials were found: set ${names.map((n) => places(ctx, n)).join("; and ")}`,
  );
}

function noCredentials(ctx: Context): ConfigurationError {
  const lines = [
    `no credentials for the ELB API (cloud ${ctx.cloud}). Looked for, in this order:`,
    `  1. a token: ${places(ctx, "token")}`,
    ctx.cloud === "openstack"
      ? "  2. (AK/SK signing: not on OpenStack)"
      : `  2. an access key and secret key: ${places(ctx, "accessKey")}; and ${places(ctx, "secretKey")}`,
    `  3. an application credential: ${places(ctx, "applicationCredentialId")} (or ${places(ctx, "applicationCredentialName")}); and ${places(ctx, "applicationCredentialSecret")}`,
    `  4. a user and password: ${places(ctx, "username")} (or ${places(ctx, "userId")}); and ${places(ctx, "password")}`,
    ctx.entry
      ? `clouds.yaml: read cloud "${ctx.entry.cloudName}" from ${ctx.entry.cloudsPath}${ctx.entry.securePath ? ` and ${ctx.entry.securePath}` : ""}`
      : `clouds.yaml: not read, since no cloud name is set (${places(ctx, "cloudsYamlCloud")}); it would be searched in ${ctx.searchPaths.join(", ")}`,
  ];
  if (ctx.cloud === "otc") {
    const hw = Object.keys(ctx.env).filter((name) => name.startsWith("HW_") && ctx.env[name]);
    if (hw.length > 0) lines.push(`HW_* variables (${hw.sort().join(", ")}) are read only when the cloud is huaweicloud: set elb:cloud or ELB_CLOUD`);
  }
  if (ctx.profile !== undefined) lines.push("A profile reads no environment variables: those are the settings of members without a profile.");
  lines.push(`For a local emulator without auth, set ${configKeyOf(settingSpec("auth"), ctx.profile)} to "none" together with ${configKeyOf(settingSpec("endpoint"), ctx.profile)}.`);
  return new ConfigurationError("ELB_NO_CREDENTIALS", lines.join("\n"));
}

/** "stack config elb:x, env A or B, clouds.yaml auth.x" for one setting. */
function places(ctx: Context, name: SettingName): string {
  const spec = settingSpec(name);
  const parts = [`stack config ${configKeyOf(spec, ctx.profile)}`];
  if (ctx.profile === undefined && spec.env[ctx.cloud].length > 0) parts.push(`env ${spec.env[ctx.cloud].join(" or ")}`);
  if (spec.cloudsYaml.length > 0) parts.push(`clouds.yaml ${spec.cloudsYaml.map((k) => k.path).join(" or ")}`);
  return parts.join(", ");
}

function invalid(name: SettingName, origin: string, rule: string): ConfigurationError {
  // The value itself is left out: a misplaced secret must not end up in a log.
  return new ConfigurationError("ELB_INVALID_SETTING", `${name} (from ${origin}) ${rule}`);
}

function optionalUrl(name: "endpoint" | "authUrl", found: Map<SettingName, Found>): string | undefined {
  const hit = found.get(name);
  if (!hit) return undefined;
  let url: URL;
  try {
    url = new URL(hit.value);
  } catch {
    throw invalid(name, hit.origin, "must be an http or https URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(name, hit.origin, "must be an http or https URL");
  if (url.username || url.password) throw invalid(name, hit.origin, "must not contain a user or password");
  return hit.value.replace(/\/+$/, "");
}

export function parseBoolean(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}

function parseInsecureHttp(hit: Found | undefined): InsecureHttpLevel {
  if (!hit) return "off";
  if (hit.value.trim().toLowerCase() === "credentials-too") return "credentialsToo";
  const flag = parseBoolean(hit.value);
  if (flag === undefined) throw invalid("allowInsecureHttp", hit.origin, `must be one of ${INSECURE_HTTP_VALUES.join(", ")}`);
  return flag ? "withoutCredentials" : "off";
}

/**
 * Refuses the explicit endpoint and auth URL when they are clear text to a host that is not
 * loopback and allowInsecureHttp does not allow it. Without `auth` only the "off" rule can be
 * decided; with it, also whether credentials would go over the URL.
 */
function refuseClearText(found: Map<SettingName, Found>, level: InsecureHttpLevel, auth: AuthMethod["kind"] | undefined): void {
  const levelOrigin = found.get("allowInsecureHttp")?.origin;
  for (const name of ["endpoint", "authUrl"] as const) {
    const hit = found.get(name);
    if (!hit) continue;
    // Every method but "none" sends something secret to the ELB endpoint; to the auth URL go
    // passwords, application credentials and tokens (the catalog look-up), never AK/SK.
    const credentials = auth === undefined || auth === "none" || (name === "authUrl" && auth === "aksk") ? undefined : auth;
    if (auth === undefined && level !== "off") continue;
    const refusal = clearTextRefusal({ name, url: hit.value, origin: hit.origin, credentials }, level, levelOrigin);
    if (refusal) throw refusal;
  }
}

function parseInsecure(hit: Found | undefined): boolean {
  if (!hit) return false;
  const flag = parseBoolean(hit.value);
  if (flag === undefined) throw invalid("insecure", hit.origin, `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(", ")}`);
  return flag;
}

function loadCaCert(hit: Found | undefined, sources: SettingSources): string | undefined {
  if (!hit) return undefined;
  if (hit.value.includes(PEM_MARKER)) return hit.value;
  const file = path.resolve(sources.cwd, expandHome(hit.value.trim(), sources.homeDir));
  let text: string | undefined;
  try {
    text = sources.readFile(file);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new ConfigurationError("ELB_CACERT", `caCert (from ${hit.origin}) names a file that cannot be read: ${file}`);
  if (!text.includes(PEM_MARKER)) throw new ConfigurationError("ELB_CACERT", `caCert (from ${hit.origin}) file ${file} holds no PEM certificate`);
  return text;
}
