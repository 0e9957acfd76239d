// List queries as the v2.0 API documents them: exact-match filters (a repeated filter matches any
// of its values), repeatable sort_key/sort_dir (ids break ties), and limit/marker/page_reverse
// paging with next/previous links; plus Neutron's `fields`. No parameter is silently ignored: a
// name that is neither a filter nor one of these is 400, so a client's filter never quietly does
// nothing.
import { invalidQuery, notFound } from "./errors";

export type FieldKind = "string" | "int" | "bool";

export interface FieldSpec<T> {
  kind: FieldKind;
  /** The item's value; an array matches when any element does (e.g. a pool's load balancers). */
  get: (item: T) => unknown;
}

export type FieldSpecs<T> = Record<string, FieldSpec<T>>;

export interface Link {
  href: string;
  rel: "next" | "previous";
}

export interface ListQueryResult<T> {
  items: T[];
  /** Present only when the query was paginated (limit > 0). */
  links?: Link[];
}

export interface ListQuery<T> {
  /** Singular resource name for marker errors ("member"). */
  resource: string;
  specs: FieldSpecs<T>;
  /** Absolute URL of the list, without query, for the links. */
  selfUrl: string;
  /** The attributes an item carries, which `fields` may select. */
  attributes: readonly string[];
}

const PAGING_PARAMS = new Set(["limit", "marker", "page_reverse"]);
/** Parameters that shape the answer rather than filter it. */
const CONTROL_PARAMS = new Set([...PAGING_PARAMS, "sort_key", "sort_dir", "fields"]);

export function parseValue(kind: FieldKind, raw: string, name: string): string | number | boolean {
  if (kind === "int") {
    if (!/^-?[0-9]+$/.test(raw)) throw invalidQuery(`Invalid input for ${name}: '${raw}' is not an integer.`);
    return Number(raw);
  }
  if (kind === "bool") return parseBool(raw, name);
  return raw;
}

export function parseBool(raw: string, name: string): boolean {
  const v = raw.toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw invalidQuery(`Invalid input for ${name}: '${raw}' is not a boolean.`);
}

function matches(actual: unknown, wanted: (string | number | boolean)[]): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some((v) => wanted.includes(v as string | number | boolean));
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return a ? 1 : -1;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function unknownParameter(name: string, filters: string[], control: ReadonlySet<string>) {
  const accepted = [...filters, ...control].join(", ");
  return invalidQuery(`'${name}' is not a query parameter of this list; it accepts ${accepted}.`);
}
/** The list query, then `fields` applied to each item of the answer. */
export function runListQuery<T extends { id: string }>(all: T[], params: URLSearchParams, query: ListQuery<T>): ListQueryResult<Partial<T>> {
  const fields = params.getAll("fields");
  for (const f of fields) {
    if (!query.attributes.includes(f)) throw invalidQuery(`'${f}' is not an attribute of this resource, so it cannot be in fields.`);
  }
  const result = filterSortPage(all, params, query);
  if (fields.length === 0) return result;
  const pick = (item: T): Partial<T> => Object.fromEntries(Object.entries(item).filter(([k]) => fields.includes(k))) as Partial<T>;
  return { ...result, items: result.items.map(pick) };
}
/**
 * The exact-match filters of a list (a repeated one matches any of its values); `control` names
 * the parameters that shape the answer instead, and anything else is 400.
 */
export function applyFilters<T>(all: T[], params: URLSearchParams, specs: FieldSpecs<T>, control: ReadonlySet<string>): T[] {
  let items = all;
  for (const name of new Set(params.keys())) {
    if (control.has(name)) continue;
    const spec = specs[name];
    if (!spec) throw unknownParameter(name, Object.keys(specs), control);
    const wanted = params.getAll(name).map((raw) => parseValue(spec.kind, raw, name));
    items = items.filter((item) => matches(spec.get(item), wanted));
  }
  return items;
}

function filterSortPage<T extends { id: string }>(all: T[], params: URLSearchParams, query: ListQuery<T>): ListQueryResult<T> {
  const { specs } = query;
  let items = applyFilters(all, params, specs, CONTROL_PARAMS);

  const keys = params.getAll("sort_key");
  const dirs = params.getAll("sort_dir");
  if (keys.length !== dirs.length) {
    throw invalidQuery(`The number of sort_keys (${keys.length}) and sort_dirs (${dirs.length}) must be the same.`);
  }
  const order = keys.map((key, i) => {
    if (!specs[key]) throw invalidQuery(`${key} is an invalid attribute for sort_key.`);
    const dir = dirs[i].toLowerCase();
    if (dir !== "asc" && dir !== "desc") throw invalidQuery(`${dirs[i]} is an invalid value for sort_dir; use asc or desc.`);
    return { get: specs[key].get, sign: dir === "asc" ? 1 : -1 };
  });
  // Ids break ties so paging by marker is stable; without sort keys this is the documented order.
  if (!keys.includes("id")) order.push({ get: (item: T) => item.id, sign: 1 });
  items = [...items].sort((a, b) => {
    for (const o of order) {
      const c = compare(o.get(a), o.get(b));
      if (c !== 0) return c * o.sign;
    }
    return 0;
  });

  const limitRaw = params.get("limit");
  if (limitRaw === null) return { items };
  if (!/^[0-9]+$/.test(limitRaw)) throw invalidQuery(`Limit must be an integer 0 or greater and not '${limitRaw}'.`);
  const limit = Number(limitRaw);
  if (limit === 0) return { items };
  return paginate(items, params, limit, query);
}

function paginate<T extends { id: string }>(sorted: T[], params: URLSearchParams, limit: number, query: ListQuery<T>): ListQueryResult<T> {
  const marker = params.get("marker");
  const reverse = params.has("page_reverse") ? parseBool(params.get("page_reverse") ?? "", "page_reverse") : false;
  let at = -1;
  if (marker !== null) {
    at = sorted.findIndex((item) => item.id === marker);
    if (at < 0) throw notFound(query.resource, marker);
  }

  let page: T[];
  let moreAfter: boolean;
  let moreBefore: boolean;
  if (!reverse) {
    const start = marker === null ? 0 : at + 1;
    page = sorted.slice(start, start + limit);
    moreAfter = start + limit < sorted.length;
    // A forward page always links back, as the documented example shows even for page one.
    moreBefore = true;
  } else {
    const end = marker === null ? sorted.length : at;
    const start = Math.max(0, end - limit);
    page = sorted.slice(start, end);
    moreBefore = start > 0;
    moreAfter = true;
  }

  const links: Link[] = [];
  if (page.length > 0) {
    if (moreAfter) links.push({ rel: "next", href: pageHref(query.selfUrl, params, limit, page[page.length - 1].id, false) });
    if (moreBefore) links.push({ rel: "previous", href: pageHref(query.selfUrl, params, limit, page[0].id, true) });
  }
  return { items: page, links };
}

function pageHref(selfUrl: string, params: URLSearchParams, limit: number, marker: string, reverse: boolean): string {
  const parts: string[] = [];
  for (const [k, v] of params) {
    if (!PAGING_PARAMS.has(k)) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  parts.push(`limit=${limit}`, `marker=${encodeURIComponent(marker)}`);
  if (reverse) parts.push("page_reverse=True");
  return `${selfUrl}?${parts.join("&")}`;
}
