// The Pulumi package schema the plugin serves from GetSchema: package `elb`, its configuration
// (every provider setting, plus elb:profiles), the explicit provider's inputs (the same), the
// resource elb:index:PoolMember and the lookups, all derived from schema.json and the settings
// list, so the plugin, the dynamic provider and the docs describe one set of properties.
import { SETTINGS } from "../provider/client/auth/settings";
import { poolMemberInfoSpec, poolMemberSpec, type PropertySpec } from "../provider/schema";

export const PACKAGE_NAME = "elb";
export const POOL_MEMBER_TOKEN = `${PACKAGE_NAME}:index:PoolMember`;
export const FUNCTION_TOKENS = {
  getPoolMember: `${PACKAGE_NAME}:index:getPoolMember`,
  getPoolMembers: `${PACKAGE_NAME}:index:getPoolMembers`,
} as const;
const TYPE_TOKENS: Record<string, string> = {
  PoolMemberTimeouts: `${PACKAGE_NAME}:index:PoolMemberTimeouts`,
  PoolMemberInfo: `${PACKAGE_NAME}:index:PoolMemberInfo`,
  Profile: `${PACKAGE_NAME}:index:Profile`,
};

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

/** A property as Pulumi's schema has it: type (or a reference), description, and what it knows of defaults, secrets and replacement. */
function pulumiProperty(property: PropertySpec): Json {
  const typed: Json = property.type === "object" && property.tsType ? { $ref: `#/types/${TYPE_TOKENS[property.tsType]}` } : { type: property.type };
  return {
    ...typed,
    description: property.description,
    ...(property.default !== undefined ? { default: property.default } : {}),
    ...(property.secret ? { secret: true } : {}),
    ...(property.replaceOnChanges ? { replaceOnChanges: true } : {}),
  };
}

const mapValues = <T>(record: Record<string, T>, map: (value: T, key: string) => Json): Record<string, Json> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value, key)]));

/** The provider's settings, as config variables and as an explicit provider's inputs. */
function settingProperties(): Record<string, Json> {
  const settings = Object.fromEntries(
    SETTINGS.map((spec) => [spec.name, { type: SETTING_TYPES[spec.name] ?? "string", description: spec.description, ...(spec.secret ? { secret: true } : {}) }]),
  );
  return {
    ...settings,
    profiles: {
      type: "object",
      additionalProperties: { $ref: `#/types/${TYPE_TOKENS.Profile}` },
      description: "Named targets (projects, regions, clouds), each with the same settings as the top level; a PoolMember's `profile` picks one.",
    },
  };
}

export function packageSchema(version: string): Json {
  const timeouts = poolMemberSpec.inputProperties.timeouts;
  const inputs = mapValues(poolMemberSpec.inputProperties, pulumiProperty);
  const settings = settingProperties();
  const { profiles: _profiles, ...profileSettings } = settings;
  // A lookup's arguments are filters: no defaults, nothing replaces.
  const filter = ({ default: _default, replaceOnChanges: _replaces, ...rest }: Json): Json => rest;
  const lookupArgs = (extra: Record<string, Json>) => ({
    properties: mapValues({ poolId: inputs.poolId, ...extra, profile: inputs.profile }, filter),
    required: ["poolId"],
  });
  const info = { properties: mapValues(poolMemberInfoSpec.properties, pulumiProperty), required: poolMemberInfoSpec.required };
  return {
    name: PACKAGE_NAME,
    displayName: "ELB pool members",
    version,
    description: "Backend servers (pool members) of shared Elastic Load Balancers (Open Telekom Cloud, Huawei Cloud) and OpenStack Octavia.",
    keywords: ["pulumi", "elb", "octavia", "loadbalancer", "category/network"],
    config: { variables: settings },
    provider: { description: "The ELB provider: one target's settings, as the stack's elb:* config takes them.", inputProperties: settings },
    resources: {
      [POOL_MEMBER_TOKEN]: {
        description: poolMemberSpec.description,
        inputProperties: inputs,
        requiredInputs: poolMemberSpec.requiredInputs,
        // A member's state is its configuration, so its outputs are its inputs.
        properties: inputs,
        required: Object.keys(inputs).filter((name) => poolMemberSpec.requiredInputs.includes(name) || poolMemberSpec.inputProperties[name].default !== undefined),
      },
    },
    types: {
      [TYPE_TOKENS.PoolMemberTimeouts]: {
        type: "object",
        description: timeouts.description,
        properties: mapValues(timeouts.properties ?? {}, pulumiProperty),
      },
      [TYPE_TOKENS.PoolMemberInfo]: {
        type: "object",
        description: poolMemberInfoSpec.description,
        ...info,
      },
      [TYPE_TOKENS.Profile]: { type: "object", description: "The settings of one target, by the names of the top-level settings.", properties: profileSettings },
    },
    functions: {
      [FUNCTION_TOKENS.getPoolMember]: {
        description: "One member, by poolId and memberId or by poolId, address and protocolPort; fails when none is found.",
        inputs: lookupArgs({ memberId: { type: "string", description: "The member id." }, address: inputs.address, protocolPort: inputs.protocolPort }),
        outputs: info,
      },
      [FUNCTION_TOKENS.getPoolMembers]: {
        description: "Every member of a pool that matches the given exact-match filters, all pages followed.",
        inputs: lookupArgs(
          {
            name: inputs.name,
            address: inputs.address,
            protocolPort: inputs.protocolPort,
            subnetId: inputs.subnetId,
            weight: inputs.weight,
            adminStateUp: inputs.adminStateUp,
          },
        ),
        outputs: {
          properties: { members: { type: "array", items: { $ref: `#/types/${TYPE_TOKENS.PoolMemberInfo}` }, description: "The members found." } },
          required: ["members"],
        },
      },
    },
  };
}
