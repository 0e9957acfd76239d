// The emulated API surface: every route, its kind (ELB or IAM, for fault matching) and the
// caller it needs: an ELB action (a project-scoped caller), any authenticated caller
// (identified), or nobody (public).
import type { TokenService } from "./auth/tokens";
import type { Handler } from "./context";
import type { RouteKind } from "./faults";
import { batchHandler } from "./handlers/batch";
import { dedicatedMemberHandlers } from "./handlers/dedicated-members";
import { dedicatedResourceHandlers } from "./handlers/dedicated-resources";
import { loadBalancerHandlers } from "./handlers/loadbalancers";
import { memberHandlers } from "./handlers/members";
import { poolHandlers } from "./handlers/pools";
import { identityVersionHandler, versionHandler, versionsHandler } from "./handlers/versions";
import type { RouteDef } from "./router";
import type { Store } from "./store";

export interface ApiRoute {
  handle: Handler;
  kind: RouteKind;
  /** IAM action, for auth and 403 messages; absent for public routes. */
  action?: string;
  /** Needs an authenticated caller of any scope (IAM routes); the handler reads ctx.scope. */
  identified?: boolean;
}

/**
 * The documented prefix, and Octavia's own path to the same API. Each prefix has its own route
 * keys, so counters and fault rules tell them apart.
 */
export const API_PREFIXES = ["/v2.0", "/v2"] as const;

/** Dedicated load balancers' API (ELB v3); its route keys keep {project_id} as a parameter. */
export const DEDICATED_PREFIX = "/v3/{project_id}/elb";

export function apiRoutes(store: Store, tokens: TokenService): RouteDef<ApiRoute>[] {
  const members = memberHandlers(store);
  const pools = poolHandlers(store);
  const lbs = loadBalancerHandlers(store);
  const batch = batchHandler(store);
  const elb = (method: string, pattern: string, handle: Handler, action?: string): RouteDef<ApiRoute> => ({
    method,
    pattern,
    handler: { handle, kind: "elb", action },
  });
  const lbaas = (prefix: string): RouteDef<ApiRoute>[] => {
    const poolMembers = `${prefix}/lbaas/pools/{pool_id}/members`;
    const poolMember = `${poolMembers}/{member_id}`;
    return [
      elb("GET", prefix, versionHandler(prefix)),
      elb("GET", `${prefix}/lbaas/loadbalancers`, lbs.list, "elb:loadbalancers:list"),
      elb("GET", `${prefix}/lbaas/loadbalancers/{loadbalancer_id}`, lbs.get, "elb:loadbalancers:get"),
      elb("GET", `${prefix}/lbaas/loadbalancers/{loadbalancer_id}/statuses`, lbs.statuses, "elb:loadbalancers:get"),
      elb("GET", `${prefix}/lbaas/pools`, pools.list, "elb:pools:list"),
      elb("GET", `${prefix}/lbaas/pools/{pool_id}`, pools.get, "elb:pools:get"),
      elb("POST", poolMembers, members.create, "elb:members:create"),
      elb("GET", poolMembers, members.list, "elb:members:list"),
      elb("PUT", poolMembers, batch, "elb:members:put"),
      elb("GET", poolMember, members.get, "elb:members:get"),
      elb("PUT", poolMember, members.update, "elb:members:put"),
      elb("DELETE", poolMember, members.remove, "elb:members:delete"),
      elb("GET", `${prefix}/lbaas/members`, members.listAll, "elb:members:list"),
    ];
  };
  const dedicatedMembers = dedicatedMemberHandlers(store);
  const dedicated = dedicatedResourceHandlers(store);
  const v3 = (): RouteDef<ApiRoute>[] => {
    const poolMembers = `${DEDICATED_PREFIX}/pools/{pool_id}/members`;
    const poolMember = `${poolMembers}/{member_id}`;
    const lb = `${DEDICATED_PREFIX}/loadbalancers/{loadbalancer_id}`;
    return [
      elb("POST", poolMembers, dedicatedMembers.create, "elb:members:create"),
      elb("GET", poolMembers, dedicatedMembers.list, "elb:members:list"),
      elb("GET", poolMember, dedicatedMembers.get, "elb:members:get"),
      elb("PUT", poolMember, dedicatedMembers.update, "elb:members:put"),
      elb("DELETE", poolMember, dedicatedMembers.remove, "elb:members:delete"),
      elb("GET", `${DEDICATED_PREFIX}/members`, dedicatedMembers.listAll, "elb:members:list"),
      elb("GET", `${DEDICATED_PREFIX}/pools/{pool_id}`, dedicated.pool, "elb:pools:get"),
      elb("GET", `${DEDICATED_PREFIX}/loadbalancers`, dedicated.loadbalancers, "elb:loadbalancers:list"),
      elb("GET", lb, dedicated.loadbalancer, "elb:loadbalancers:get"),
      elb("GET", `${lb}/statuses`, dedicated.statuses, "elb:loadbalancers:get"),
      elb("GET", `${DEDICATED_PREFIX}/healthmonitors/{healthmonitor_id}`, dedicated.healthmonitor, "elb:healthmonitors:get"),
    ];
  };
  return [
    elb("GET", "/", versionsHandler),
    ...API_PREFIXES.flatMap(lbaas),
    ...v3(),
    { method: "GET", pattern: "/v3", handler: { handle: identityVersionHandler, kind: "iam" } },
    { method: "POST", pattern: "/v3/auth/tokens", handler: { handle: (ctx) => tokens.issue(ctx), kind: "iam" } },
    {
      method: "GET",
      pattern: "/v3/auth/catalog",
      handler: { handle: (ctx) => tokens.catalogReply(ctx), kind: "iam", identified: true },
    },
  ];
}
