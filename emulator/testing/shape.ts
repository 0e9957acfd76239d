// Compares a response with a documented example by shape: the same field names at every level
// and the same JSON types. An empty array in the example accepts any array.

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Lists every difference as "path: problem"; empty when the shapes agree. */
export function shapeDiff(actual: unknown, example: unknown, path = "$"): string[] {
  const ka = kind(actual);
  const ke = kind(example);
  if (ka !== ke) return [`${path}: expected ${ke}, got ${ka}`];
  if (ke === "array") {
    const ex = example as unknown[];
    if (ex.length === 0) return [];
    const act = actual as unknown[];
    if (act.length === 0) return [`${path}: expected items like the example, got an empty array`];
    return act.flatMap((item, i) => shapeDiff(item, ex[0], `${path}[${i}]`));
  }
  if (ke === "object") {
    const a = actual as Record<string, unknown>;
    const e = example as Record<string, unknown>;
    const out: string[] = [];
    for (const key of Object.keys(e)) {
      if (!(key in a)) out.push(`${path}.${key}: missing`);
      else out.push(...shapeDiff(a[key], e[key], `${path}.${key}`));
    }
    for (const key of Object.keys(a)) if (!(key in e)) out.push(`${path}.${key}: not in the example`);
    return out;
  }
  return [];
}
