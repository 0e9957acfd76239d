// Finding a pool and the load balancer it belongs to. A pool never moves to another load
// balancer, so the mapping is cached for the life of the provider process.
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { lbaasCall } from "./lbaas";
import { ApiPool } from "./types";

/** Promises, so concurrent first lookups of one pool share a single request. */
const loadBalancerByPool = new Map<string, Promise<string>>();

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

/** The load balancer whose status gates changes to this pool's members. */
export function loadBalancerIdOfPool(client: ElbClient, poolId: string, deadline: Deadline): Promise<string> {
  const key = `${client.endpoint} ${poolId}`;
  let lookup = loadBalancerByPool.get(key);
  if (!lookup) {
    lookup = findLoadBalancerIdOfPool(client, poolId, Deadline.after(POOL_LOOKUP_TIMEOUT_MS, `finding the load balancer of pool ${poolId}`));
    loadBalancerByPool.set(key, lookup);
    // A failed lookup is not remembered: the next caller asks again.
    lookup.catch(() => loadBalancerByPool.delete(key));
  }
  return deadline.race(lookup);
}

async function findLoadBalancerIdOfPool(client: ElbClient, poolId: string, deadline: Deadline): Promise<string> {
  const pool = await getPool(client, poolId, deadline);
  let lbId = pool.loadbalancers?.[0]?.id;
  const listenerId = pool.listeners?.[0]?.id;
  if (!lbId && listenerId) {
    // Pools attached through a listener only name the listener.
    const result = await lbaasCall<{ listener: { loadbalancers?: { id: string }[] } }>(
      client,
      "GET",
      `listeners/${listenerId}`,
      { deadline },
    );
    lbId = result.body.listener.loadbalancers?.[0]?.id;
  }
  if (!lbId) throw new ElbError("invalid_input", `pool ${poolId} belongs to no load balancer`);
  return lbId;
}
