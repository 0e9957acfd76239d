// Reads clouds.yaml and secure.yaml with js-yaml; the rest of the code imports this, not js-yaml.
// The schema is FAILSAFE plus null and merge keys (<<): every other scalar stays a string, so
// callers decide what "false" or "443" means, and "~", "null" or an empty value mean unset, as
// PyYAML reads them for the OpenStack tools. Maps come back without a prototype, so a key such as
// "__proto__" or "constructor" is just a key. Error messages name the file, line and column,
// never the file's text: these files hold passwords.

import * as jsYaml from "js-yaml";
import { ProviderError } from "../errors";

export type YamlValue = string | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export class YamlError extends ProviderError {
  readonly code = "ELB_YAML";

  constructor(
    readonly file: string,
    /** Why, in js-yaml's words with any quoted source text cut off. */
    readonly reason: string,
    /** 1-based, undefined when the library gave no position. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}: ${line === undefined ? "" : `line ${line}, column ${column}: `}${reason}`);
    this.name = "YamlError";
  }
}

// js-yaml exports its built-in types as `types`; @types/js-yaml does not declare it.
const { types } = jsYaml as unknown as { types: Record<"null" | "merge", jsYaml.Type> };
const SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.merge] });

/** The one document in `text`; null when it is empty. `file` names it in errors. */
export function parseYaml(text: string, file: string): YamlValue {
  let document: unknown;
  try {
    document = jsYaml.load(text, { schema: SCHEMA });
  } catch (error) {
    if (!(error instanceof jsYaml.YAMLException)) throw error;
    // error.message carries a snippet of the source, so it is never used.
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const line = typeof mark?.line === "number" ? mark.line + 1 : undefined;
    const column = typeof mark?.column === "number" ? mark.column + 1 : undefined;
    throw new YamlError(file, withoutSourceText(error.reason), line, column);
  }
  return toYamlValue(document, new Map());
}

export function isYamlMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A few js-yaml reasons quote what they found (an alias name, a tag); everything from the first
 * quote, "!<" or ": " on is cut, e.g. 'unidentified alias "pw"' becomes "unidentified alias".
 */
function withoutSourceText(reason: string | undefined): string {
  const cut = (reason ?? "").split(/\s*(?:["']|!<|: )/)[0].trim();
  return cut === "" ? "cannot be read as YAML" : cut;
}

/** Copies into prototype-less maps; `seen` keeps an alias used many times one copy, not many. */
function toYamlValue(value: unknown, seen: Map<object, YamlValue>): YamlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value !== "object") return String(value);
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const items: YamlValue[] = [];
    seen.set(value, items);
    for (const item of value) items.push(toYamlValue(item, seen));
    return items;
  }
  const map = Object.create(null) as YamlMap;
  seen.set(value, map);
  for (const [key, item] of Object.entries(value)) map[key] = toYamlValue(item, seen);
  return map;
}
