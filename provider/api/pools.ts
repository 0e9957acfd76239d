// Finding a pool and the load balancer it belongs to. A pool never moves to another load
// balancer, so each target's PoolDirectory keeps the mapping for the life of its runtime.
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { lbaasCall } from "./lbaas";
import { ApiPool } from "./types";

export async function getPool(client: ElbClient, poolId: string, deadline: Deadline): Promise<ApiPool> {
  try {
    const result = await lbaasCall<{ pool: ApiPool }>(client, "GET", `pools/${poolId}`, { deadline });
    return result.body.pool;
  } catch (error) {
    if (isElbError(error, "not_found")) throw error.withContext(`pool ${poolId} does not exist`);
    throw error;
  }
}

/** One lookup serves every caller, so it has its own deadline rather than the first caller's. */
const POOL_LOOKUP_TIMEOUT_MS = 2 * 60_000;

/** The pools of one target (one client) and their load balancers. */
export class PoolDirectory {
  /** Promises, so concurrent first lookups of one pool share a single request. */
  private readonly loadBalancerByPool = new Map<string, Promise<string>>();

  constructor(private readonly client: ElbClient) {}

  /** The load balancer whose status gates changes to this pool's members. */
  loadBalancerOf(poolId: string, deadline: Deadline): Promise<string> {
    let lookup = this.loadBalancerByPool.get(poolId);
    if (!lookup) {
      lookup = findLoadBalancerIdOfPool(this.client, poolId, Deadline.after(POOL_LOOKUP_TIMEOUT_MS, `finding the load balancer of pool ${poolId}`));
      this.loadBalancerByPool.set(poolId, lookup);
      // A failed lookup is not remembered: the next caller asks again.
      lookup.catch(() => this.loadBalancerByPool.delete(poolId));
    }
    return deadline.race(lookup);
  }
}

async function findLoadBalancerIdOfPool(client: ElbClient, poolId: string, deadline: Deadline): Promise<string> {
  const pool = await getPool(client, poolId, deadline);
  let lbId = pool.loadbalancers?.[0]?.id;
  const listenerId = pool.listeners?.[0]?.id;
  if (!lbId && listenerId) {
    // Pools attached through a listener only name the listener.
    const result = await lbaasCall<{ listener: { loadbalancers?: { id: string }[] } }>(client, "GET", `listeners/${listenerId}`, { deadline });
    lbId = result.body.listener.loadbalancers?.[0]?.id;
  }
  if (!lbId) throw new ElbError("invalid_input", `pool ${poolId} belongs to no load balancer`);
  return lbId;
}
