// Which credentials a target's settings hold, and so how it authenticates: a token, then AK/SK,
// then a Keystone application credential, then a password ("auto"), or the one method `auth`
// names. A half-given credential, or none at all, is a ConfigurationError that lists every place
// the missing part is looked for; messages name settings and where they came from, never values.

import { AUTH_SETTING_VALUES, settingSpec, type AuthSettingValue, type SettingName } from "../../settings/model";
import { configKeyOf, invalidSetting, placesOf, type Found } from "../../settings/sources";
import type { CloudEntry } from "./clouds-yaml";
import { ConfigurationError } from "./errors";
import type { AuthMethod, CloudName } from "./types";

/** What the credentials are chosen from: the target's settings as found, and where they were looked for. */
export interface CredentialContext {
  cloud: CloudName;
  found: ReadonlyMap<SettingName, Found>;
  /** The clouds.yaml entry that was read, if any. */
  entry?: CloudEntry;
  /** Where clouds.yaml was looked for, for the message when no credentials are found. */
  searchPaths: string[];
  /** The environment, for hints (empty for a profile, which reads none). */
  env: Record<string, string | undefined>;
  profile?: string;
}

export function chooseAuth(ctx: CredentialContext, endpoint: string | undefined, region: string | undefined): AuthMethod {
  const authFound = ctx.found.get("auth");
  const mode = (authFound?.value.toLowerCase() ?? settingSpec("auth").default) as AuthSettingValue;
  if (!AUTH_SETTING_VALUES.includes(mode)) {
    throw invalidSetting("auth", authFound!.origin, `must be one of ${AUTH_SETTING_VALUES.join(", ")}`);
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

function tokenMethod(ctx: CredentialContext): AuthMethod | undefined {
  const token = ctx.found.get("token")?.value;
  return token ? { kind: "token", token } : undefined;
}

function akskMethod(ctx: CredentialContext): AuthMethod | undefined {
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

function applicationCredentialMethod(ctx: CredentialContext): AuthMethod | undefined {
  const get = (name: SettingName) => ctx.found.get(name)?.value;
  const [id, name, secret] = [get("applicationCredentialId"), get("applicationCredentialName"), get("applicationCredentialSecret")];
  if (!id && !name && !secret) return undefined;
  const lacking: string[] = [];
  if (!secret) lacking.push(`the secret: set ${places(ctx, "applicationCredentialSecret")}`);
  if (!id && !name) lacking.push(`the credential: set ${places(ctx, "applicationCredentialId")}; or ${places(ctx, "applicationCredentialName")}`);
  // A name is unique only per user, so Keystone needs the user with it.
  if (!id && name && !get("userId") && !get("username"))
    lacking.push(`the user the credential belongs to: set ${places(ctx, "username")}; or ${places(ctx, "userId")}`);
  if (!id && name && get("username") && !get("userId") && !get("domainName") && !get("domainId")) {
    lacking.push(`the user's domain: set ${places(ctx, "domainName")}; or ${places(ctx, "domainId")}`);
  }
  if (lacking.length > 0) {
    throw new ConfigurationError("ELB_INCOMPLETE_CREDENTIALS", `application credential authentication is missing ${lacking.join("; and ")}`);
  }
  // A credential by id needs nothing else: its user is Keystone's to know.
  return { kind: "applicationCredential", secret: secret!, ...(id ? { id } : { name, ...userSettings(ctx) }) };
}

function passwordMethod(ctx: CredentialContext, region: string | undefined): AuthMethod | undefined {
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
function userSettings(ctx: CredentialContext): Partial<Record<"username" | "userId" | "domainName" | "domainId", string>> {
  const user: Partial<Record<"username" | "userId" | "domainName" | "domainId", string>> = {};
  for (const key of ["username", "userId", "domainName", "domainId"] as const) {
    const value = ctx.found.get(key)?.value;
    if (value) user[key] = value;
  }
  return user;
}

function missing(ctx: CredentialContext, method: string, names: SettingName[]): never {
  throw new ConfigurationError(
    "ELB_INCOMPLETE_CREDENTIALS",
    `auth is "${method === "AK/SK" ? "aksk" : method === "application credential" ? "applicationCredential" : method}" (from ${ctx.found.get("auth")!.origin}) but no ${method} credentials were found: set ${names.map((n) => places(ctx, n)).join("; and ")}`,
  );
}

function noCredentials(ctx: CredentialContext): ConfigurationError {
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
  lines.push(
    `For a local emulator without auth, set ${configKeyOf(settingSpec("auth"), ctx.profile)} to "none" together with ${configKeyOf(settingSpec("endpoint"), ctx.profile)}.`,
  );
  return new ConfigurationError("ELB_NO_CREDENTIALS", lines.join("\n"));
}

/** "stack config elb:x, env A or B, clouds.yaml auth.x": everywhere this target looks for a setting. */
function places(ctx: CredentialContext, name: SettingName): string {
  return placesOf(name, ctx.cloud, ctx.profile);
}
