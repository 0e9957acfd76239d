// Read-only v3 objects around the members: a pool, load balancers (the list the provider probes
// with ?limit=1 to learn that an endpoint serves v3, one, and its status tree) and a health check.
import type { Handler } from "../context";
import { notFound } from "../errors";
import { markerPage } from "../paging-v3";
import type { FieldSpecs } from "../query";
import type { Store } from "../store";
import { dedicatedHealthMonitorView, dedicatedLoadBalancerView, dedicatedPoolView, dedicatedStatusTreeView } from "../views-v3";
import { requireProject } from "./dedicated-members";

type LoadBalancerItem = Record<string, unknown> & { id: string };
const text = (name: string) => ({ kind: "string" as const, get: (lb: LoadBalancerItem) => lb[name] });

/** Not in the copied pages; the filters every load balancer view has as plain strings. */
const LOADBALANCER_FIELDS: FieldSpecs<LoadBalancerItem> = {
  id: text("id"),
  name: text("name"),
  provisioning_status: text("provisioning_status"),
  operating_status: text("operating_status"),
  vip_address: text("vip_address"),
  vip_subnet_cidr_id: text("vip_subnet_cidr_id"),
  vpc_id: text("vpc_id"),
};

export function dedicatedResourceHandlers(store: Store): Record<"pool" | "loadbalancers" | "loadbalancer" | "statuses" | "healthmonitor", Handler> {
  const lbOf = (ctx: Parameters<Handler>[0]) => {
    requireProject(store, ctx);
    return store.requireLoadBalancer(ctx.params.loadbalancer_id, true);
  };
  return {
    pool(ctx) {
      requireProject(store, ctx);
      const pool = store.requirePool(ctx.params.pool_id, true);
      return { status: 200, body: { pool: dedicatedPoolView(store, pool), request_id: ctx.requestId } };
    },
    loadbalancers(ctx) {
      requireProject(store, ctx);
      const all = [...store.loadbalancers.values()].filter((lb) => lb.dedicated).map((lb) => dedicatedLoadBalancerView(store, lb) as LoadBalancerItem);
      const page = markerPage(all, ctx.query, LOADBALANCER_FIELDS);
      return { status: 200, body: { loadbalancers: page.items, page_info: page.page_info, request_id: ctx.requestId } };
    },
    loadbalancer(ctx) {
      return { status: 200, body: { loadbalancer: dedicatedLoadBalancerView(store, lbOf(ctx)), request_id: ctx.requestId } };
    },
    statuses(ctx) {
      return { status: 200, body: { statuses: dedicatedStatusTreeView(store, lbOf(ctx)), request_id: ctx.requestId } };
    },
    healthmonitor(ctx) {
      requireProject(store, ctx);
      const h = store.healthmonitors.get(ctx.params.healthmonitor_id);
      const pool = h && store.pools.get(h.poolId);
      if (!h || !pool || !store.isDedicatedPool(pool)) throw notFound("healthmonitor", ctx.params.healthmonitor_id);
      return { status: 200, body: { healthmonitor: dedicatedHealthMonitorView(store, h), request_id: ctx.requestId } };
    },
  };
}
