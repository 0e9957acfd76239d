// Reading untyped JSON request bodies: an object or nothing, a non-empty string or nothing.
export type Json = Record<string, unknown>;

export function obj(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
