// Typed access to schema.json, the one description of every property. Validation and diff are
// driven from here so they cannot drift from the documentation.
import schemaJson from "../schema.json";

export interface PropertySpec {
  type: "string" | "integer" | "number" | "boolean" | "object";
  description: string;
  /** The field's name in the ELB API, when it maps to one. */
  apiName?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: "ipv4" | "duration" | "profileName";
  enum?: string[];
  /** An id that goes into a URL path: no "/", "?", "#" or "..". */
  idSafe?: boolean;
  replaceOnChanges?: boolean;
  default?: string | number | boolean;
  secret?: boolean;
  /** For objects: the allowed keys. */
  properties?: Record<string, PropertySpec>;
  /** For objects: the SDK's type name. */
  tsType?: string;
}

export interface ResourceSpec {
  token: string;
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  outputProperties: Record<string, PropertySpec>;
}

export const schema = schemaJson as unknown as {
  name: string;
  description: string;
  resources: Record<string, ResourceSpec>;
  types: { PoolMemberInfo: { description: string; properties: Record<string, PropertySpec>; required: string[] } };
};

export const poolMemberSpec: ResourceSpec = schema.resources.PoolMember;

/** The lookups' result type. */
export const poolMemberInfoSpec: { description: string; properties: Record<string, PropertySpec>; required: string[] } = schema.types.PoolMemberInfo;

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
