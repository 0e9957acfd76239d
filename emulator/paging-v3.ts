// Marker paging as the v3 list pages document it: `limit` (0-2000), `marker` (the id of the last
// record of the previous page; an unknown one is refused), `page_reverse` (the page before the
// marker), answered with page_info {previous_marker, current_count, next_marker}. Filters are the
// v2.0 ones (query.ts); v3 lists have no sort_key or fields.
import { invalidQuery } from "./errors";
import { applyFilters, FieldSpecs, parseBool } from "./query";

export const MAX_V3_LIMIT = 2000;

/** Parameters that shape the answer; enterprise_project_id is accepted and, as its page says of it, unsupported. */
const CONTROL = new Set(["limit", "marker", "page_reverse", "enterprise_project_id"]);

export interface PageInfo {
  /** The first record of the page (what page_reverse=true takes as its marker). */
  previous_marker?: string;
  /** The last record of the page, present only when more records follow it. */
  next_marker?: string;
  current_count: number;
}

export interface MarkerPage<T> {
  items: T[];
  page_info: PageInfo;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Filters, orders by id and pages. Without limit (or with 0) the whole list is one page. Reading
 * where the page is silent: next_marker is present only when records follow the page; going
 * forward previous_marker is always there (as in the documented example's single page), going
 * backward (page_reverse) only when records precede the page.
 */
export function markerPage<T extends { id: string }>(all: T[], params: URLSearchParams, specs: FieldSpecs<T>): MarkerPage<T> {
  const sorted = applyFilters(all, params, specs, CONTROL).sort(byId);

  const limitRaw = params.get("limit");
  let limit = sorted.length;
  if (limitRaw !== null) {
    if (!/^[0-9]+$/.test(limitRaw) || Number(limitRaw) > MAX_V3_LIMIT) {
      throw invalidQuery(`limit must be an integer from 0 to ${MAX_V3_LIMIT}, not '${limitRaw}'.`);
    }
    if (Number(limitRaw) > 0) limit = Number(limitRaw);
  }
  const reverse = params.has("page_reverse") ? parseBool(params.get("page_reverse") ?? "", "page_reverse") : false;
  const marker = params.get("marker");
  let at = -1;
  if (marker !== null) {
    at = sorted.findIndex((item) => item.id === marker);
    // "This parameter cannot be left blank or set to an invalid ID."
    if (at < 0) throw invalidQuery(`marker '${marker}' is not the id of a record in this list.`);
  }

  let start: number;
  let end: number;
  if (!reverse) {
    start = marker === null ? 0 : at + 1;
    end = Math.min(sorted.length, start + limit);
  } else {
    end = marker === null ? sorted.length : at;
    start = Math.max(0, end - limit);
  }
  const items = sorted.slice(start, end);
  const previous = items.length > 0 && (!reverse || start > 0);
  const next = items.length > 0 && end < sorted.length;
  const info: PageInfo = {
    ...(previous ? { previous_marker: items[0].id } : {}),
    current_count: items.length,
    ...(next ? { next_marker: items[items.length - 1].id } : {}),
  };
  return { items, page_info: info };
}
