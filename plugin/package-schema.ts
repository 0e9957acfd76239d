// The Pulumi package schema the plugin serves from GetSchema: schema.json itself, the one
// description of PoolMember, the lookups and the provider's configuration. Its configuration
// (config.variables, the provider's inputs, the Profile type) restates the settings list, so
// settingProperties() derives it and a test holds schema.json to it.
import { SETTINGS } from "../provider/settings/model";
import { PACKAGE_NAME, POOL_MEMBER_TOKEN, schema } from "../provider/schema";

export { PACKAGE_NAME, POOL_MEMBER_TOKEN };
export const FUNCTION_TOKENS = {
  getPoolMember: `${PACKAGE_NAME}:index:getPoolMember`,
  getPoolMembers: `${PACKAGE_NAME}:index:getPoolMembers`,
} as const;
export const PROFILE_TOKEN = `${PACKAGE_NAME}:index:Profile`;

type Json = Record<string, unknown>;

/** Switches and counts among the settings; every other setting is text. */
const SETTING_TYPES: Record<string, "boolean" | "integer"> = {
  insecure: "boolean",
  queueChanges: "boolean",
  batchChanges: "boolean",
  adoptExisting: "boolean",
  waitForHealthy: "boolean",
  drainSeconds: "integer",
};

/** The provider's settings as schema properties: config variables and an explicit provider's inputs (with profiles), or one profile's (without). */
export function settingProperties(options: { profiles: boolean }): Record<string, Json> {
  const settings: Record<string, Json> = Object.fromEntries(
    SETTINGS.map((spec) => [spec.name, { type: SETTING_TYPES[spec.name] ?? "string", description: spec.description, ...(spec.secret ? { secret: true } : {}) }]),
  );
  if (!options.profiles) return settings;
  return {
    ...settings,
    profiles: {
      type: "object",
      additionalProperties: { $ref: `#/types/${PROFILE_TOKEN}` },
      description: "Named targets (projects, regions, clouds), each with the same settings as the top level; a PoolMember's `profile` picks one.",
    },
  };
}

/** schema.json with the plugin's version (the package's). */
export function packageSchema(version: string): Json {
  return { ...(schema as unknown as Json), version };
}
