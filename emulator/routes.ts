// The emulated API surface: every route, its kind (ELB or IAM, for fault matching) and the IAM
// action it needs (none = public, no auth).
import type { TokenService } from "./auth/tokens";
import type { Handler } from "./context";
import type { RouteKind } from "./faults";
import { batchHandler } from "./handlers/batch";
import { loadBalancerHandlers } from "./handlers/loadbalancers";
import { memberHandlers } from "./handlers/members";
import { poolHandlers } from "./handlers/pools";
import { versionsHandler } from "./handlers/versions";
import type { RouteDef } from "./router";
import type { Store } from "./store";

export interface ApiRoute {
  handle: Handler;
  kind: RouteKind;
  /** IAM action, for auth and 403 messages; absent for public routes. */
  action?: string;
}

const POOL_MEMBERS = "/v2.0/lbaas/pools/{pool_id}/members";
const POOL_MEMBER = `${POOL_MEMBERS}/{member_id}`;

export function apiRoutes(store: Store, tokens: TokenService): RouteDef<ApiRoute>[] {
  const members = memberHandlers(store);
  const pools = poolHandlers(store);
  const lbs = loadBalancerHandlers(store);
  const elb = (method: string, pattern: string, handle: Handler, action?: string): RouteDef<ApiRoute> => ({
    method,
    pattern,
    handler: { handle, kind: "elb", action },
  });
  return [
    elb("GET", "/", versionsHandler),
    elb("GET", "/v2.0/lbaas/loadbalancers", lbs.list, "elb:loadbalancers:list"),
    elb("GET", "/v2.0/lbaas/loadbalancers/{loadbalancer_id}", lbs.get, "elb:loadbalancers:get"),
    elb("GET", "/v2.0/lbaas/loadbalancers/{loadbalancer_id}/statuses", lbs.statuses, "elb:loadbalancers:get"),
    elb("GET", "/v2.0/lbaas/pools", pools.list, "elb:pools:list"),
    elb("GET", "/v2.0/lbaas/pools/{pool_id}", pools.get, "elb:pools:get"),
    elb("POST", POOL_MEMBERS, members.create, "elb:members:create"),
    elb("GET", POOL_MEMBERS, members.list, "elb:members:list"),
    elb("PUT", POOL_MEMBERS, batchHandler(store), "elb:members:put"),
    elb("GET", POOL_MEMBER, members.get, "elb:members:get"),
    elb("PUT", POOL_MEMBER, members.update, "elb:members:put"),
    elb("DELETE", POOL_MEMBER, members.remove, "elb:members:delete"),
    elb("GET", "/v2.0/lbaas/members", members.listAll, "elb:members:list"),
    { method: "POST", pattern: "/v3/auth/tokens", handler: { handle: (ctx) => tokens.issue(ctx), kind: "iam" } },
  ];
}
