// The Pulumi package schema the plugin serves from GetSchema: schema.json itself, the one
// description of PoolMember, the lookups and the provider's configuration. Its configuration
// (config.variables, the provider's inputs, the Profile type) restates the settings list, so
// settingProperties() derives it and a test holds schema.json to it.
import { SETTINGS, type SettingSpec } from "../provider/settings/model";
import { FUNCTION_TOKENS, PACKAGE_NAME, POOL_MEMBER_TOKEN, schema } from "../provider/schema";

export { FUNCTION_TOKENS, PACKAGE_NAME, POOL_MEMBER_TOKEN };
export const PROFILE_TOKEN = `${PACKAGE_NAME}:index:Profile`;

type Json = Record<string, unknown>;

/** The provider's settings as schema properties: config variables and an explicit provider's inputs (with profiles), or one profile's (without). */
export function settingProperties(options: { profiles: boolean }): Record<string, Json> {
  const settings: Record<string, Json> = Object.fromEntries(SETTINGS.map((spec) => [spec.name, settingProperty(spec)]));
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

/**
 * One setting as a schema property: its type, range and description from the settings model. No
 * `default`: Pulumi's generated SDKs would send it as if it were set, hiding the environment's
 * value and the cloud's own default (batchChanges); the description says what it is.
 */
function settingProperty(spec: SettingSpec): Json {
  return {
    type: spec.type,
    description: spec.description,
    ...(spec.type === "integer" ? { minimum: spec.minimum, maximum: spec.maximum } : {}),
    ...(spec.secret ? { secret: true } : {}),
  };
}

/** schema.json with the plugin's version (the package's). */
export function packageSchema(version: string): Json {
  return { ...(schema as unknown as Json), version };
}
