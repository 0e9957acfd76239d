// Typed access to schema.json, the one description of every property: it is the Pulumi package
// schema the resource plugin serves, and it carries the provider's own rules beside Pulumi's
// (apiName, ranges, formats), which Pulumi's schema allows on any property. Validation and diff
// are driven from here so they cannot drift from the documentation.
import schemaJson from "../schema.json";

export interface PropertySpec {
  type: "string" | "integer" | "number" | "boolean" | "object" | "array";
  description: string;
  /** The field's name in the ELB API, when it maps to one. */
  apiName?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  /** "uuid": an id the cloud generated (pools, subnets, members), in the lowercase 8-4-4-4-12 form the API writes. */
  /** "ip": IPv4 or IPv6, as Octavia's IPAddressType takes it. */
  format?: "ipv4" | "ip" | "uuid" | "duration" | "profileName";
  enum?: string[];
  replaceOnChanges?: boolean;
  default?: string | number | boolean;
  secret?: boolean;
  /** For arrays: the rules of each item. */
  items?: PropertySpec;
  /** The clouds whose API has this field; unset: every cloud's. Elsewhere setting it is refused at check. */
  clouds?: string[];
  /** For a lookup's filter: the member APIs that have it (MemberApi); unset: every one. Elsewhere it is refused before any call. */
  apis?: string[];
  /** For objects: the allowed keys (from the type the schema's $ref names). */
  properties?: Record<string, PropertySpec>;
  /** For objects: the type's name, as the SDK's TypeScript names it. */
  tsType?: string;
}

export interface ResourceSpec {
  token: string;
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  /** State properties that are not inputs (none: a member's state is its configuration). */
  outputProperties: Record<string, PropertySpec>;
}

export interface ObjectTypeSpec {
  description: string;
  properties: Record<string, PropertySpec>;
  required: string[];
}

/** A property as schema.json has it: a plain one, or a reference to one of its object types. */
type RawProperty = Omit<PropertySpec, "type" | "properties" | "tsType"> & { type?: PropertySpec["type"]; $ref?: string };
interface RawObjectType {
  description: string;
  properties: Record<string, RawProperty>;
  required?: string[];
}

export const PACKAGE_NAME = "elb";
export const POOL_MEMBER_TOKEN = `${PACKAGE_NAME}:index:PoolMember`;
export const POOL_MEMBER_INFO_TOKEN = `${PACKAGE_NAME}:index:PoolMemberInfo`;
export const FUNCTION_TOKENS = {
  getPoolMember: `${PACKAGE_NAME}:index:getPoolMember`,
  getPoolMembers: `${PACKAGE_NAME}:index:getPoolMembers`,
} as const;

export const schema = schemaJson as unknown as {
  name: string;
  version: string;
  description: string;
  config: { variables: Record<string, RawProperty> };
  provider: { description: string; inputProperties: Record<string, RawProperty> };
  resources: Record<
    string,
    { description: string; inputProperties: Record<string, RawProperty>; requiredInputs: string[]; properties: Record<string, RawProperty> }
  >;
  types: Record<string, RawObjectType & { type: "object" }>;
  functions: Record<string, { description: string; inputs: { properties: Record<string, RawProperty>; required?: string[] }; outputs: unknown }>;
};

const TYPE_REF = "#/types/";

/** A property with its $ref resolved: the object type's properties and its short name. */
function resolve(property: RawProperty): PropertySpec {
  if (!property.$ref) return property as PropertySpec;
  if (!property.$ref.startsWith(TYPE_REF)) throw new Error(`schema.json: unsupported $ref ${property.$ref}`);
  const token = property.$ref.slice(TYPE_REF.length);
  const type = schema.types[token];
  if (!type) throw new Error(`schema.json: $ref to ${token}, which types does not define`);
  const { $ref: _ref, ...rest } = property;
  return { ...rest, type: "object", properties: resolveAll(type.properties), tsType: token.split(":").pop()! };
}

const resolveAll = (properties: Record<string, RawProperty>): Record<string, PropertySpec> =>
  Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, resolve(property)]));

const rawMember = schema.resources[POOL_MEMBER_TOKEN];
const memberInputs = resolveAll(rawMember.inputProperties);

export const poolMemberSpec: ResourceSpec = {
  token: POOL_MEMBER_TOKEN,
  description: rawMember.description,
  inputProperties: memberInputs,
  requiredInputs: rawMember.requiredInputs,
  outputProperties: resolveAll(Object.fromEntries(Object.entries(rawMember.properties).filter(([name]) => !(name in memberInputs)))),
};

/** The lookups' result type. */
const rawInfo = schema.types[POOL_MEMBER_INFO_TOKEN];
export const poolMemberInfoSpec: ObjectTypeSpec = {
  description: rawInfo.description,
  properties: resolveAll(rawInfo.properties),
  required: rawInfo.required ?? [],
};

/** A lookup's arguments, whose rules (formats) the lookup checks before any call. */
export interface LookupArgsSpec {
  properties: Record<string, PropertySpec>;
  required: string[];
}

const lookupArgs = (token: string): LookupArgsSpec => ({
  properties: resolveAll(schema.functions[token].inputs.properties),
  required: schema.functions[token].inputs.required ?? [],
});
export const lookupArgSpecs = { getPoolMember: lookupArgs(FUNCTION_TOKENS.getPoolMember), getPoolMembers: lookupArgs(FUNCTION_TOKENS.getPoolMembers) };

/**
 * Whether check() always puts this input into state: a required input, or a member property the
 * API holds (apiName) with a default. A setting of the provider itself (adopt, timeouts) is there
 * only when the program sets it, so a preview shows no line for a setting left at its default.
 */
export function alwaysInState(spec: ResourceSpec, name: string): boolean {
  const property = spec.inputProperties[name];
  return spec.requiredInputs.includes(name) || (property.default !== undefined && property.apiName !== undefined);
}

/** Input names whose change forces a replacement, in schema order. */
export function replaceOnChanges(spec: ResourceSpec): string[] {
  return Object.entries(spec.inputProperties)
    .filter(([, property]) => property.replaceOnChanges)
    .map(([name]) => name);
}
