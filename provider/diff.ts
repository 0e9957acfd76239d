// Decides update versus replace from schema.json: a changed replaceOnChanges input replaces,
// any other changed input updates in place. Outputs and the serialized provider are ignored.
import { replaceOnChanges, ResourceSpec } from "./schema";
import { meansUnset } from "./cloud-fields";
import { UNKNOWN } from "./validate";

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Every changed input, for messages and tests (the engine does not take it from dynamic providers). */
  changed: string[];
}

/**
 * @param olds the stored outputs (they include every input)
 * @param news the checked new inputs (defaults applied)
 * @param identity inputs that together must be unique: when a replacement keeps them equal,
 *   the old object has to go before the new one can exist.
 */
export function diffInputs(spec: ResourceSpec, oldValues: object, newValues: object, identity: string[] = []): DiffOutcome {
  // Read by the schema's property names, whatever type the caller gives them as.
  const olds = oldValues as Record<string, unknown>;
  const news = newValues as Record<string, unknown>;
  const changed = Object.entries(spec.inputProperties)
    .filter(([name, property]) => {
      const before = olds[name] ?? property.default;
      const after = news[name] ?? property.default;
      if (after === UNKNOWN) return true;
      // A field some cloud lacks has no schema default: Octavia's unset (false, [], null) and leaving it out are the same.
      if (property.clouds && meansUnset(before) && meansUnset(after)) return false;
      return !sameValue(before, after);
    })
    .map(([name]) => name);
  const replacing = replaceOnChanges(spec).filter((name) => changed.includes(name));
  const collides = replacing.length > 0 && identity.every((name) => news[name] === UNKNOWN || sameValue(olds[name], news[name]));
  return {
    changes: changed.length > 0,
    replaces: replacing,
    deleteBeforeReplace: identity.length > 0 && collides,
    changed,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
