// PUT /v2.0/lbaas/pools/{pool_id}/members: batch add, delete or replace (the default). The whole
// batch is validated before anything changes, and counts as one change of the load balancer.
import type { Handler } from "../context";
import { badRequest, batchMemberMissing, memberExists } from "../errors";
import type { MemberRecord, PoolRecord } from "../records";
import type { Store } from "../store";
import { checkPlacement, MemberCreateInput, parseJsonObject, validateBatch, validateBatchItem, validateDeleteItem } from "../validate";

function pairKey(address: string, port: number): string {
  return `${address}:${port}`;
}

function checkedInputs(store: Store, pool: PoolRecord, items: unknown[], projectId: string): MemberCreateInput[] {
  const inputs = items.map((item) => validateBatchItem(item, projectId));
  const seen = new Set<string>();
  for (const input of inputs) {
    checkPlacement(store, pool, input);
    const key = pairKey(input.address, input.protocolPort);
    if (seen.has(key)) {
      throw badRequest(`Duplicate member with address ${input.address} and protocol_port ${input.protocolPort} in the request.`);
    }
    seen.add(key);
  }
  return inputs;
}

function newMember(store: Store, pool: PoolRecord, input: MemberCreateInput): MemberRecord {
  return store.newMember(pool.id, input);
}

export function batchHandler(store: Store): Handler {
  return (ctx) => {
    const pool = store.requirePool(ctx.params.pool_id);
    const request = validateBatch(parseJsonObject(ctx.body));
    const lb = store.requireLoadBalancer(pool.loadbalancerId);

    if (request.action === "delete") {
      const ids = [...new Set(request.members.map(validateDeleteItem))];
      for (const id of ids) {
        if (store.members.get(id)?.poolId !== pool.id) throw batchMemberMissing(id);
      }
      store.assertAcceptsChange(lb);
      for (const id of ids) store.members.delete(id);
    } else if (request.action === "add") {
      const inputs = checkedInputs(store, pool, request.members, ctx.projectId);
      store.assertAcceptsChange(lb);
      for (const input of inputs) {
        if (store.findDuplicate(pool.id, input.address, input.protocolPort)) {
          throw memberExists(input.address, input.protocolPort, pool.id);
        }
      }
      for (const input of inputs) {
        const m = newMember(store, pool, input);
        store.addMember(m);
      }
    } else {
      const inputs = checkedInputs(store, pool, request.members, ctx.projectId);
      store.assertAcceptsChange(lb);
      // Members matched by (address, protocol_port) keep their ids (and health checks); the rest
      // go or are created.
      const existing = new Map(store.membersOf(pool.id).map((m) => [pairKey(m.address, m.protocolPort), m]));
      const keep = new Set<string>();
      for (const input of inputs) {
        const current = existing.get(pairKey(input.address, input.protocolPort));
        if (current) {
          Object.assign(current, input);
          keep.add(current.id);
        } else {
          const m = newMember(store, pool, input);
          store.addMember(m);
          keep.add(m.id);
        }
      }
      for (const m of existing.values()) if (!keep.has(m.id)) store.members.delete(m.id);
    }

    store.markChanged(lb);
    return { status: 202 };
  };
}
