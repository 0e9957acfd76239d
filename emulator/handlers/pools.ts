// Backend server groups (pools): read-only here, since the emulator is about members.
import type { Handler } from "../context";
import { FieldSpecs, runListQuery } from "../query";
import type { Store } from "../store";
import type { PoolView } from "../types";
import { poolView } from "../views";

const text = (get: (p: PoolView) => unknown) => ({ kind: "string" as const, get });

export const POOL_FIELDS: FieldSpecs<PoolView> = {
  id: text((p) => p.id),
  name: text((p) => p.name),
  tenant_id: text((p) => p.tenant_id),
  project_id: text((p) => p.tenant_id),
  protocol: text((p) => p.protocol),
  lb_algorithm: text((p) => p.lb_algorithm),
  healthmonitor_id: text((p) => p.healthmonitor_id),
  loadbalancer_id: text((p) => p.loadbalancers.map((l) => l.id)),
  admin_state_up: { kind: "bool", get: (p) => p.admin_state_up },
};

/** The attributes of a pool in the API's answers, for `fields`. */
const POOL_ATTRIBUTES: readonly (keyof PoolView)[] = [
  "lb_algorithm",
  "protocol",
  "description",
  "admin_state_up",
  "loadbalancers",
  "tenant_id",
  "session_persistence",
  "healthmonitor_id",
  "listeners",
  "members",
  "id",
  "name",
];

export function poolHandlers(store: Store): Record<"list" | "get", Handler> {
  return {
    list(ctx) {
      // Pools of dedicated load balancers belong to the v3 API only.
      const all = [...store.pools.values()].filter((p) => !store.isDedicatedPool(p)).map((p) => poolView(store, p));
      const result = runListQuery(all, ctx.query, {
        resource: "pool",
        specs: POOL_FIELDS,
        selfUrl: `${ctx.origin}${ctx.path}`,
        attributes: POOL_ATTRIBUTES,
      });
      return { status: 200, body: { pools: result.items, ...(result.links ? { pools_links: result.links } : {}) } };
    },
    get(ctx) {
      return { status: 200, body: { pool: poolView(store, store.requirePool(ctx.params.pool_id)) } };
    },
  };
}
