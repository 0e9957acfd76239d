// Load balancer details and status tree: what a provider polls for ACTIVE after a change.
import type { Handler } from "../context";
import { FieldSpecs, runListQuery } from "../query";
import type { Store } from "../store";
import type { LoadBalancerView } from "../types";
import { loadBalancerView, statusTreeView } from "../views";

const text = (get: (lb: LoadBalancerView) => unknown) => ({ kind: "string" as const, get });

export const LOADBALANCER_FIELDS: FieldSpecs<LoadBalancerView> = {
  id: text((lb) => lb.id),
  name: text((lb) => lb.name),
  tenant_id: text((lb) => lb.tenant_id),
  project_id: text((lb) => lb.tenant_id),
  vip_subnet_id: text((lb) => lb.vip_subnet_id),
  vip_address: text((lb) => lb.vip_address),
  vip_port_id: text((lb) => lb.vip_port_id),
  provisioning_status: text((lb) => lb.provisioning_status),
  operating_status: text((lb) => lb.operating_status),
  admin_state_up: { kind: "bool", get: (lb) => lb.admin_state_up },
};

/** The attributes of a load balancer in the API's answers, for `fields`. */
const LOADBALANCER_ATTRIBUTES: readonly (keyof LoadBalancerView)[] = [
  "description",
  "admin_state_up",
  "tenant_id",
  "provisioning_status",
  "vip_subnet_id",
  "listeners",
  "vip_address",
  "vip_port_id",
  "provider",
  "pools",
  "id",
  "operating_status",
  "tags",
  "name",
  "created_at",
  "updated_at",
];

export function loadBalancerHandlers(store: Store): Record<"list" | "get" | "statuses", Handler> {
  return {
    list(ctx) {
      // Dedicated load balancers belong to the v3 API only.
      const all = [...store.loadbalancers.values()].filter((lb) => !lb.dedicated).map((lb) => loadBalancerView(store, lb));
      const result = runListQuery(all, ctx.query, {
        resource: "loadbalancer",
        specs: LOADBALANCER_FIELDS,
        selfUrl: `${ctx.origin}${ctx.path}`,
        attributes: LOADBALANCER_ATTRIBUTES,
      });
      return {
        status: 200,
        body: { loadbalancers: result.items, ...(result.links ? { loadbalancers_links: result.links } : {}) },
      };
    },
    get(ctx) {
      const lb = store.requireLoadBalancer(ctx.params.loadbalancer_id);
      return { status: 200, body: { loadbalancer: loadBalancerView(store, lb) } };
    },
    statuses(ctx) {
      const lb = store.requireLoadBalancer(ctx.params.loadbalancer_id);
      return { status: 200, body: statusTreeView(store, lb) };
    },
  };
}
