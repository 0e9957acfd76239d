// Member routes: create, list, get, update, delete under a pool, and the extension list of all
// members. Every change passes the load balancer state gate and then opens its busy window.
import type { Handler, RequestContext } from "../context";
import { memberExists } from "../errors";
import { FieldSpecs, runListQuery } from "../query";
import type { Store } from "../store";
import type { ExtensionMember, Member } from "../types";
import { checkPlacement, parseJsonObject, unwrap, validateCreate, validateUpdate } from "../validate";
import { extensionMemberView, memberView } from "../views";

function field<T>(name: keyof T & string, kind: "string" | "int" | "bool" = "string") {
  return { kind, get: (item: T) => item[name] };
}

/**
 * Filters (and sort keys) of GET /pools/{pool_id}/members: the documented ones, plus
 * operating_status (documented for the extension list) and project_id, the name OpenStack
 * clients use for tenant_id. Members carry no provisioning_status, so that one is unknown.
 */
function memberFields<T extends Member>(): FieldSpecs<T> {
  return {
    id: field<T>("id"),
    tenant_id: field<T>("tenant_id"),
    project_id: field<T>("tenant_id"),
    name: field<T>("name"),
    address: field<T>("address"),
    protocol_port: field<T>("protocol_port", "int"),
    subnet_id: field<T>("subnet_id"),
    admin_state_up: field<T>("admin_state_up", "bool"),
    weight: field<T>("weight", "int"),
    operating_status: field<T>("operating_status"),
  };
}

export const MEMBER_FIELDS = memberFields<Member>();

/** The attributes of a member in the API's answers, for `fields`. */
export const MEMBER_ATTRIBUTES: readonly (keyof Member)[] = [
  "name",
  "weight",
  "admin_state_up",
  "subnet_id",
  "tenant_id",
  "address",
  "protocol_port",
  "operating_status",
  "id",
];

/** The extension list adds the pool, load balancer and ECS fields. */
export const EXTENSION_MEMBER_FIELDS: FieldSpecs<ExtensionMember> = {
  ...memberFields<ExtensionMember>(),
  pool_id: field<ExtensionMember>("pool_id"),
  loadbalancer_id: field<ExtensionMember>("loadbalancer_id"),
  device_id: field<ExtensionMember>("device_id"),
  device_owner: field<ExtensionMember>("device_owner"),
};

function selfUrl(ctx: RequestContext): string {
  return `${ctx.origin}${ctx.path}`;
}

export function memberHandlers(store: Store): Record<"create" | "list" | "get" | "update" | "remove" | "listAll", Handler> {
  return {
    create(ctx) {
      const pool = store.requirePool(ctx.params.pool_id);
      const input = validateCreate(unwrap(parseJsonObject(ctx.body), "member"), ctx.projectId);
      checkPlacement(store, pool, input);
      const lb = store.requireLoadBalancer(pool.loadbalancerId);
      store.assertAcceptsChange(lb);
      if (store.findDuplicate(pool.id, input.address, input.protocolPort)) {
        throw memberExists(input.address, input.protocolPort, pool.id);
      }
      const member = store.newMember(pool.id, input);
      store.addMember(member);
      store.markChanged(lb);
      return { status: 201, body: { member: memberView(store, member) } };
    },

    list(ctx) {
      const pool = store.requirePool(ctx.params.pool_id);
      const all = store.membersOf(pool.id).map((m) => memberView(store, m));
      const result = runListQuery(all, ctx.query, {
        resource: "member",
        specs: MEMBER_FIELDS,
        selfUrl: selfUrl(ctx),
        attributes: MEMBER_ATTRIBUTES,
      });
      return { status: 200, body: { members: result.items, ...(result.links ? { members_links: result.links } : {}) } };
    },

    get(ctx) {
      store.requirePool(ctx.params.pool_id);
      const member = store.requireMember(ctx.params.pool_id, ctx.params.member_id);
      return { status: 200, body: { member: memberView(store, member) } };
    },

    update(ctx) {
      const pool = store.requirePool(ctx.params.pool_id);
      const member = store.requireMember(pool.id, ctx.params.member_id);
      const input = validateUpdate(unwrap(parseJsonObject(ctx.body), "member"));
      const lb = store.requireLoadBalancer(pool.loadbalancerId);
      store.assertAcceptsChange(lb);
      if (input.name !== undefined) member.name = input.name;
      if (input.weight !== undefined) member.weight = input.weight;
      if (input.adminStateUp !== undefined) member.adminStateUp = input.adminStateUp;
      store.markChanged(lb);
      // The documented example echoes the old values; returning the new ones is what clients use.
      return { status: 200, body: { member: memberView(store, member) } };
    },

    remove(ctx) {
      const pool = store.requirePool(ctx.params.pool_id);
      const member = store.requireMember(pool.id, ctx.params.member_id);
      const lb = store.requireLoadBalancer(pool.loadbalancerId);
      store.assertAcceptsChange(lb);
      store.members.delete(member.id);
      store.markChanged(lb);
      return { status: 204 };
    },

    listAll(ctx) {
      // Members of dedicated load balancers belong to the v3 API only.
      const shared = [...store.members.values()].filter((m) => !store.isDedicatedPool(store.pools.get(m.poolId)!));
      const all = shared.map((m) => extensionMemberView(store, m));
      const result = runListQuery(all, ctx.query, {
        resource: "member",
        specs: EXTENSION_MEMBER_FIELDS,
        selfUrl: selfUrl(ctx),
        attributes: [...MEMBER_ATTRIBUTES, "pool_id", "loadbalancer_id", "device_id", "device_owner"],
      });
      return { status: 200, body: { members: result.items, ...(result.links ? { members_links: result.links } : {}) } };
    },
  };
}
