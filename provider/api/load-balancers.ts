// Finding a load balancer and waiting until it accepts changes. A load balancer takes one
// change at a time: after each member change it is PENDING_UPDATE until the change is applied.
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { doublingPauses, Look, poll } from "../client/poll";
import { lbaasCall } from "./lbaas";
import { ApiLoadBalancer } from "./types";

/** Polling starts fast (changes are often applied in well under a second) and backs off... */
const FIRST_POLL_MS = 100;
/** ...doubling to this, so a change that takes long is still seen done within 2 s of it. */
const MAX_POLL_MS = 2_000;

export async function getLoadBalancer(client: ElbClient, id: string, deadline: Deadline): Promise<ApiLoadBalancer> {
  try {
    const result = await lbaasCall<{ loadbalancer: ApiLoadBalancer }>(client, "GET", `loadbalancers/${id}`, { deadline });
    return result.body.loadbalancer;
  } catch (error) {
    if (isElbError(error, "not_found")) throw error.withContext(`load balancer ${id} does not exist`);
    throw error;
  }
}

/** The docs call provisioning_status "reserved": a missing value means the load balancer is usable. */
export function provisioningStatus(lb: ApiLoadBalancer): string {
  return lb.provisioning_status || "ACTIVE";
}

export function loadBalancerFailedError(lb: ApiLoadBalancer): ElbError {
  return new ElbError(
    "lb_failed",
    `load balancer ${lb.id}${lb.name ? ` (${lb.name})` : ""} is in provisioning status ${provisioningStatus(lb)}; ` +
      "it accepts no changes until it is repaired",
  );
}

/**
 * One look at whether the load balancer accepts changes: done when ACTIVE, pending while
 * PENDING_*, and any other status fails at once (ERROR will not recover by waiting).
 */
export async function lookLoadBalancerActive(client: ElbClient, id: string, deadline: Deadline): Promise<Look<ApiLoadBalancer>> {
  const lb = await getLoadBalancer(client, id, deadline);
  const status = provisioningStatus(lb);
  if (status === "ACTIVE") return { done: lb };
  if (!status.startsWith("PENDING_")) throw loadBalancerFailedError(lb);
  return { pending: `load balancer ${id} ${status}` };
}

/**
 * Polls until the load balancer is ACTIVE. Fails at once when it is in ERROR (it will not
 * recover by waiting), and names the last status seen when the deadline passes.
 * @param timing.firstDelayMs wait this long before the first look (a change just made needs time)
 * @param timing.pauseMs the pause after look n; by default from 100 ms, doubling up to 2 s
 */
export async function waitLoadBalancerActive(
  client: ElbClient,
  id: string,
  deadline: Deadline,
  timing: { firstDelayMs?: number; pauseMs?: (look: number) => number; onPending?: () => void } = {},
): Promise<ApiLoadBalancer> {
  if (timing.firstDelayMs) await deadline.sleep(timing.firstDelayMs, `load balancer ${id} applying a change`);
  return poll(
    async () => {
      const seen = await lookLoadBalancerActive(client, id, deadline);
      if ("pending" in seen) timing.onPending?.();
      return seen;
    },
    { deadline, pauseMs: timing.pauseMs ?? doublingPauses(FIRST_POLL_MS, MAX_POLL_MS) },
  );
}
