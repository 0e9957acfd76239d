// Members of dedicated load balancers' pools (ELB v3): create, list, get, update, delete under a
// pool, and every member of the project. Changes pass the load balancer state gate like the v2.0
// ones, but open no busy window (Store.markChanged): the v3 pages know no PENDING_UPDATE.
import type { Handler, RequestContext } from "../context";
import { addressInUse, notFound } from "../errors";
import { derivedId } from "../ids";
import { markerPage } from "../paging-v3";
import type { FieldSpecs } from "../query";
import type { Store } from "../store";
import { v3Timestamp } from "../store";
import type { DedicatedMember, DedicatedProjectMember } from "../types";
import { parseJsonObject, unwrap } from "../validate";
import { checkDedicatedPlacement, validateDedicatedCreate, validateDedicatedUpdate } from "../validate-v3";
import { dedicatedMemberView, dedicatedProjectMemberView } from "../views-v3";

function field<T>(name: keyof T & string, kind: "string" | "int" | "bool" = "string") {
  return { kind, get: (item: T) => item[name] };
}

/** Filters shared by both member lists (querying_backend_servers_in_a_backend_server_group / _in_a_project). */
function commonFields<T extends DedicatedMember>(): FieldSpecs<T> {
  return {
    id: field<T>("id"),
    name: field<T>("name"),
    weight: field<T>("weight", "int"),
    admin_state_up: field<T>("admin_state_up", "bool"),
    subnet_cidr_id: field<T>("subnet_cidr_id"),
    address: field<T>("address"),
    protocol_port: field<T>("protocol_port", "int"),
    operating_status: field<T>("operating_status"),
    ip_version: field<T>("ip_version"),
  };
}

/** GET pools/{pool_id}/members: its page's filters. */
export const DEDICATED_MEMBER_FIELDS: FieldSpecs<DedicatedMember> = {
  ...commonFields<DedicatedMember>(),
  member_type: field<DedicatedMember>("member_type"),
  instance_id: field<DedicatedMember>("instance_id"),
  availability_zone: field<DedicatedMember>("availability_zone"),
};

/** GET members (the project's): its page's filters, which add the pool and load balancer. */
export const DEDICATED_PROJECT_MEMBER_FIELDS: FieldSpecs<DedicatedProjectMember> = {
  ...commonFields<DedicatedProjectMember>(),
  pool_id: field<DedicatedProjectMember>("pool_id"),
  loadbalancer_id: field<DedicatedProjectMember>("loadbalancer_id"),
};

/** The path's project must be the emulator's: another project's objects are not found. */
export function requireProject(store: Store, ctx: RequestContext): void {
  if (ctx.params.project_id !== store.projectId) throw notFound("project", ctx.params.project_id);
}

export function dedicatedMemberHandlers(store: Store): Record<"create" | "list" | "get" | "update" | "remove" | "listAll", Handler> {
  const pool = (ctx: RequestContext) => {
    requireProject(store, ctx);
    return store.requirePool(ctx.params.pool_id, true);
  };
  return {
    create(ctx) {
      const p = pool(ctx);
      const input = validateDedicatedCreate(unwrap(parseJsonObject(ctx.body), "member"), store.projectId);
      const lb = store.requireLoadBalancer(p.loadbalancerId, true);
      checkDedicatedPlacement(store.subnets, lb, p, input);
      store.assertAcceptsChange(lb);
      if (store.findDuplicate(p.id, input.address, input.protocolPort)) throw addressInUse(input.address, input.protocolPort, p.id);
      // An instance member stands for an ECS server: a stable made-up id, from where it sits.
      const instanceId = input.subnetId === "" ? "" : derivedId(`${input.subnetId}/${input.address}`, "ecs-instance");
      const member = store.newMember(p.id, { ...input, instanceId });
      store.addMember(member);
      store.markChanged(lb);
      return { status: 201, body: { member: dedicatedMemberView(store, member), request_id: ctx.requestId } };
    },

    list(ctx) {
      const p = pool(ctx);
      const all = store.membersOf(p.id).map((m) => dedicatedMemberView(store, m));
      const page = markerPage(all, ctx.query, DEDICATED_MEMBER_FIELDS);
      return { status: 200, body: { members: page.items, page_info: page.page_info, request_id: ctx.requestId } };
    },

    get(ctx) {
      const p = pool(ctx);
      const member = store.requireMember(p.id, ctx.params.member_id);
      return { status: 200, body: { member: dedicatedMemberView(store, member), request_id: ctx.requestId } };
    },

    update(ctx) {
      const p = pool(ctx);
      const member = store.requireMember(p.id, ctx.params.member_id);
      const input = validateDedicatedUpdate(unwrap(parseJsonObject(ctx.body), "member"));
      // Updating page, Constraints: only while the load balancer is ACTIVE (409 is our reading).
      const lb = store.requireLoadBalancer(p.loadbalancerId, true);
      store.assertAcceptsChange(lb);
      if (input.name !== undefined) member.name = input.name;
      if (input.weight !== undefined) member.weight = input.weight;
      if (input.adminStateUp !== undefined) member.adminStateUp = input.adminStateUp;
      if (input.availabilityZone !== undefined) member.availabilityZone = input.availabilityZone;
      member.updatedAt = v3Timestamp(Date.now());
      store.markChanged(lb);
      return { status: 200, body: { member: dedicatedMemberView(store, member), request_id: ctx.requestId } };
    },

    remove(ctx) {
      const p = pool(ctx);
      const member = store.requireMember(p.id, ctx.params.member_id);
      const lb = store.requireLoadBalancer(p.loadbalancerId, true);
      store.assertAcceptsChange(lb);
      store.members.delete(member.id);
      store.markChanged(lb);
      return { status: 204 };
    },

    listAll(ctx) {
      requireProject(store, ctx);
      const dedicated = [...store.members.values()].filter((m) => store.isDedicatedPool(store.pools.get(m.poolId)!));
      const page = markerPage(
        dedicated.map((m) => dedicatedProjectMemberView(store, m)),
        ctx.query,
        DEDICATED_PROJECT_MEMBER_FIELDS,
      );
      return { status: 200, body: { members: page.items, page_info: page.page_info, request_id: ctx.requestId } };
    },
  };
}
