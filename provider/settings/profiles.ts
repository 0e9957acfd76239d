// Named targets in one stack: the structured stack config `elb:profiles`, one entry per project,
// region or cloud, each holding the same settings as the top-level `elb:*` keys. The engine hands
// it over as one JSON string (secrets inside decrypted), so it is parsed and checked here.
// Messages name keys, never values: an entry may hold secrets.
import { ConfigurationError } from "../client/auth/errors";
import { CONFIG_NAMESPACE, SETTINGS, type SettingName } from "./model";

export const PROFILES_CONFIG_KEY = `${CONFIG_NAMESPACE}:profiles`;

/** Letters, digits, "-" and "_": a name that `pulumi config set --path` takes without quoting. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** One profile's settings, by setting name, as text (structured config may hold booleans and numbers). */
export type ProfileSettings = Partial<Record<SettingName, string>>;

const SETTING_NAMES = new Set<string>(SETTINGS.map((spec) => spec.name));

/** Where one setting of a profile lives in stack config, as `pulumi config set --path` names it. */
export function profileConfigKey(profile: string, name: SettingName | string): string {
  return `${PROFILES_CONFIG_KEY}.${profile}.${name}`;
}

/** The profiles in `raw` (the elb:profiles value); an empty map when it is not set. */
export function parseProfiles(raw: string | undefined): Map<string, ProfileSettings> {
  const profiles = new Map<string, ProfileSettings>();
  if (raw === undefined || raw.trim() === "") return profiles;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid(`${PROFILES_CONFIG_KEY} must be structured config (an object of named profiles), not a plain value`);
  }
  if (!isObject(parsed)) throw invalid(`${PROFILES_CONFIG_KEY} must be an object of named profiles`);
  for (const [name, entry] of Object.entries(parsed)) {
    if (!PROFILE_NAME_PATTERN.test(name)) {
      throw invalid(
        `${PROFILES_CONFIG_KEY}: the profile name ${JSON.stringify(name)} must be 1 to 63 letters, digits, "-" or "_", starting with a letter or digit`,
      );
    }
    if (!isObject(entry)) throw invalid(`${PROFILES_CONFIG_KEY}.${name} must be an object of settings (${[...SETTING_NAMES].join(", ")})`);
    const settings: ProfileSettings = {};
    for (const [key, value] of Object.entries(entry)) {
      if (!SETTING_NAMES.has(key)) {
        throw invalid(`${profileConfigKey(name, key)} is not a setting; a profile takes ${[...SETTING_NAMES].join(", ")}`);
      }
      if (value === null || value === undefined) continue;
      if (!["string", "number", "boolean"].includes(typeof value)) {
        throw invalid(
          `${profileConfigKey(name, key)} must be a single value (text, a number or true/false), not ${Array.isArray(value) ? "a list" : "an object"}`,
        );
      }
      settings[key as SettingName] = String(value);
    }
    profiles.set(name, settings);
  }
  return profiles;
}

/** The settings of `profile`; a resource that names a profile that is not there is told how to define it. */
export function profileSettings(profiles: Map<string, ProfileSettings>, profile: string): ProfileSettings {
  const settings = profiles.get(profile);
  if (settings) return settings;
  const known = profiles.size > 0 ? `the profiles defined are ${[...profiles.keys()].join(", ")}` : `${PROFILES_CONFIG_KEY} is not set`;
  throw new ConfigurationError(
    "ELB_UNKNOWN_PROFILE",
    `profile ${JSON.stringify(profile)} is not defined (${known}): define it in stack config, e.g. ` +
      `\`pulumi config set --path '${profileConfigKey(profile, "region")}' eu-de\` and ` +
      `\`pulumi config set --path --secret '${profileConfigKey(profile, "secretKey")}' ...\``,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(message: string): ConfigurationError {
  return new ConfigurationError("ELB_INVALID_SETTING", message);
}
