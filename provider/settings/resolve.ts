// Resolves a target's settings from stack config, then the environment, then clouds.yaml (first
// match wins per setting, see sources.ts), checks them, and has client/auth/credentials.ts pick the
// auth method: token, then AK/SK, then an application credential, then password. Pure apart from
// the injected sources, so tests feed config, env and files directly.

import * as path from "node:path";
import { clearTextRefusal, INSECURE_HTTP_VALUES, type InsecureHttpLevel } from "../client/auth/clear-text";
import { cloudsYamlSearchPaths, expandHome, loadCloudEntry } from "../client/auth/clouds-yaml";
import { chooseAuth, type CredentialContext } from "../client/auth/credentials";
import { ConfigurationError } from "../client/auth/errors";
import type { AuthMethod, ResolvedSettings } from "../client/auth/types";
import { SETTINGS, settingSpec, type SettingName } from "./model";
import {
  BOOLEAN_WORDS,
  findCloud,
  findLoadBalancerType,
  fromCloudsYaml,
  fromConfigOrEnv,
  invalidSetting,
  parseBoolean,
  placesOf,
  type Found,
  type SettingSources,
} from "./sources";

const PEM_MARKER = "-----BEGIN ";

export function resolveSettings(sources: SettingSources): ResolvedSettings {
  const { cloud, found: cloudFound } = findCloud(sources);
  const { type: loadBalancerType } = findLoadBalancerType(sources, cloud);
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
  const context: CredentialContext = { cloud, found, entry, searchPaths, env: sources.profile === undefined ? sources.env : {}, profile: sources.profile };
  const auth = chooseAuth(context, endpoint, region);
  refuseClearText(found, allowInsecureHttp, auth.kind);
  if (loadBalancerType === "dedicated" && !get("projectId") && auth.kind !== "password" && auth.kind !== "applicationCredential") {
    // The v3 paths hold the project id; only a token this provider asks IAM for tells it.
    throw new ConfigurationError(
      "ELB_NO_PROJECT",
      `loadBalancerType (from ${found.get("loadBalancerType")!.origin}) is "dedicated", whose API (ELB v3) has the project id in every path, ` +
        `and with ${auth.kind === "none" ? 'auth "none"' : auth.kind === "aksk" ? "AK/SK" : "a given token"} nothing tells it: set projectId (${placesOf("projectId", cloud, sources.profile)})`,
    );
  }
  return {
    cloud,
    loadBalancerType,
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

function optionalUrl(name: "endpoint" | "authUrl", found: Map<SettingName, Found>): string | undefined {
  const hit = found.get(name);
  if (!hit) return undefined;
  let url: URL;
  try {
    url = new URL(hit.value);
  } catch {
    throw invalidSetting(name, hit.origin, "must be an http or https URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalidSetting(name, hit.origin, "must be an http or https URL");
  if (url.username || url.password) throw invalidSetting(name, hit.origin, "must not contain a user or password");
  return hit.value.replace(/\/+$/, "");
}

function parseInsecureHttp(hit: Found | undefined): InsecureHttpLevel {
  if (!hit) return "off";
  if (hit.value.trim().toLowerCase() === "credentials-too") return "credentialsToo";
  const flag = parseBoolean(hit.value);
  if (flag === undefined) throw invalidSetting("allowInsecureHttp", hit.origin, `must be one of ${INSECURE_HTTP_VALUES.join(", ")}`);
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
  if (flag === undefined) throw invalidSetting("insecure", hit.origin, `must be one of ${BOOLEAN_WORDS.join(", ")}`);
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
