// How the provider behaves for one target (queueChanges, batchChanges, adoptExisting,
// drainSeconds, waitForHealthy): found through the same lookup as every other setting, typed,
// defaulted and range-checked by the settings model. A profile of elb:profiles takes its own
// value, else the top-level one (the stack config, then the environment, as the stack's default
// target reads them), else the model's default.

import { ConfigurationError } from "../client/auth/errors";
import type { CloudName } from "../client/auth/types";
import { settingSpec, type SettingName, type SettingSpec } from "./model";
import { findCloud, fromConfig, fromEnv, parseBoolean, type Found } from "./sources";

export interface Behaviour {
  /** Unset: the context decides by the API (queued where a load balancer takes one change at a time). */
  queueChanges?: boolean;
  /** Undefined: not set anywhere, so the cloud decides. */
  batchChanges?: boolean;
  adoptExisting: boolean;
  drainSeconds: number;
  waitForHealthy: boolean;
}

export interface BehaviourSources {
  /** The top-level stack config by full key ("elb:drainSeconds"), secrets already decrypted. */
  config(key: string): string | undefined;
  /** The environment of the stack's default target. */
  env: Record<string, string | undefined>;
  /** Set for a profile of elb:profiles: its name, and its own entry's settings by name. */
  profile?: { name: string; setting(name: SettingName): string | undefined };
}

/** The behaviour settings of one target; a bad value is a ConfigurationError naming its key. */
export function resolveBehaviour(sources: BehaviourSources): Behaviour {
  const find = finder(sources);
  return {
    queueChanges: booleanSetting("queueChanges", find),
    batchChanges: booleanSetting("batchChanges", find),
    adoptExisting: withDefault("adoptExisting", booleanSetting("adoptExisting", find)),
    drainSeconds: withDefault("drainSeconds", integerSetting("drainSeconds", find)),
    waitForHealthy: withDefault("waitForHealthy", booleanSetting("waitForHealthy", find)),
  };
}

type Finder = (spec: SettingSpec) => Found | undefined;

/**
 * A profile's own entry first; then, for a setting a profile inherits, or for the default target,
 * the top-level stack config and the environment names of the top-level cloud (the one the
 * default target reads them for).
 */
function finder(sources: BehaviourSources): Finder {
  const { profile } = sources;
  const topLevel = { config: sources.config, env: sources.env };
  let cloud: CloudName | undefined;
  return (spec) => {
    if (profile !== undefined) {
      const own = fromConfig(spec, { config: () => profile.setting(spec.name), profile: profile.name });
      if (own || !spec.inheritedByProfiles) return own;
    }
    // The cloud is looked up only when the environment is read.
    return fromConfig(spec, topLevel) ?? fromEnv(spec, (cloud ??= topLevelCloud(topLevel, profile !== undefined)), topLevel.env);
  };
}

/**
 * The cloud whose environment names the top-level values are read under. A bad top-level cloud is
 * the default target's error, raised where that target is used; a profile, which has its own
 * cloud, reads the default cloud's names then, so it does not fail for the other target's mistake.
 */
function topLevelCloud(topLevel: Pick<BehaviourSources, "config" | "env">, forProfile: boolean): CloudName {
  try {
    return findCloud(topLevel).cloud;
  } catch (error) {
    if (!forProfile) throw error;
    return settingSpec("cloud").default as CloudName;
  }
}

/** A switch: its text as true or false, else the model's default (undefined when it has none). */
function booleanSetting(name: SettingName, find: Finder): boolean | undefined {
  const spec = settingSpec(name);
  if (spec.type !== "boolean") throw new Error(`setting ${name} is not a boolean in the settings model`);
  const found = find(spec);
  if (found === undefined) return spec.default;
  const value = parseBoolean(found.value);
  if (value === undefined) throw new ConfigurationError("ELB_INVALID_SETTING", `${found.key} must be true or false`);
  return value;
}

/** A count: its text as a whole number within the model's range, else the model's default. */
function integerSetting(name: SettingName, find: Finder): number | undefined {
  const spec = settingSpec(name);
  if (spec.type !== "integer") throw new Error(`setting ${name} is not an integer in the settings model`);
  const found = find(spec);
  if (found === undefined) return spec.default;
  const text = found.value.trim();
  const value = Number(text);
  if (text === "" || !Number.isInteger(value) || value < spec.minimum || value > spec.maximum) {
    throw new ConfigurationError(
      "ELB_INVALID_SETTING",
      `${found.key} must be a whole number from ${spec.minimum} to ${spec.maximum}, got ${JSON.stringify(found.value)}`,
    );
  }
  return value;
}

function withDefault<T>(name: SettingName, value: T | undefined): T {
  if (value === undefined) throw new Error(`setting ${name} has no default in the settings model`);
  return value;
}
