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
  format?: "ipv4" | "duration";
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
};

export const poolMemberSpec: ResourceSpec = schema.resources.PoolMember;

/** Input names whose change forces a replacement, in schema order. */
export function replaceOnChanges(spec: ResourceSpec): string[] {
  return Object.entries(spec.inputProperties)
    .filter(([, property]) => property.replaceOnChanges)
    .map(([name]) => name);
}
