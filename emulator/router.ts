// Matches "METHOD /path" against route patterns such as /v2.0/lbaas/pools/{pool_id}/members.
// The pattern doubles as the route key used by counters and fault rules.

export interface RouteDef<H> {
  method: string;
  pattern: string;
  handler: H;
}

export interface Route<H> extends RouteDef<H> {
  /** "POST /v2.0/lbaas/pools/{pool_id}/members" */
  key: string;
  segments: string[];
}

export type RouteMatch<H> = { kind: "found"; route: Route<H>; params: Record<string, string> } | { kind: "method"; allowed: string[] } | { kind: "none" };

function split(path: string): string[] {
  // A trailing slash names the same resource.
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.split("/").slice(1);
}

export function routeKey(method: string, pattern: string): string {
  return `${method} ${pattern}`;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  constructor(defs: RouteDef<H>[] = []) {
    for (const d of defs) this.add(d);
  }

  add(def: RouteDef<H>): void {
    this.routes.push({ ...def, key: routeKey(def.method, def.pattern), segments: split(def.pattern) });
  }

  match(method: string, path: string): RouteMatch<H> {
    const parts = split(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: "found", route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: "method", allowed } : { kind: "none" };
  }

  keys(): string[] {
    return this.routes.map((r) => r.key);
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith("{") && p.endsWith("}")) {
      if (parts[i] === "") return null;
      let value: string;
      try {
        value = decodeURIComponent(parts[i]);
      } catch {
        return null;
      }
      params[p.slice(1, -1)] = value;
    } else if (p !== parts[i]) {
      return null;
    }
  }
  return params;
}
