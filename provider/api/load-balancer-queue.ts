// A load balancer accepts one change at a time and answers 409 to any other while it is
// PENDING_UPDATE. Member changes on one load balancer are therefore queued in the provider
// process: the engine may run many resources in parallel, but they reach the API one by one.
import { Deadline } from "../client/deadline";
import { isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { waitLoadBalancerActive } from "./load-balancers";

/** Pause after a 409 busy before asking for the status again. */
const BUSY_RETRY_MS = 200;

export class LoadBalancerQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task for the same load balancer has finished. */
  run<T>(loadBalancerId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(loadBalancerId) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(loadBalancerId, tail);
    void tail.then(() => {
      if (this.tails.get(loadBalancerId) === tail) this.tails.delete(loadBalancerId);
    });
    return result;
  }
}

/**
 * Applies one change to a member of the load balancer: in the queue, once it is ACTIVE, and
 * waits for ACTIVE again so the change is in effect when this returns. A 409 because someone
 * outside this process changed the load balancer meanwhile is waited out and the change retried.
 */
export function changeUnderLoadBalancer<T>(
  queue: LoadBalancerQueue,
  client: ElbClient,
  loadBalancerId: string,
  deadline: Deadline,
  change: () => Promise<T>,
): Promise<T> {
  return queue.run(loadBalancerId, async () => {
    for (;;) {
      await waitLoadBalancerActive(client, loadBalancerId, deadline);
      let result: T;
      try {
        result = await change();
      } catch (error) {
        if (!isElbError(error, "lb_busy")) throw error;
        // Our own wait saw ACTIVE, so another client changed it in between: let it finish.
        await deadline.sleep(BUSY_RETRY_MS, error.message);
        continue;
      }
      await waitLoadBalancerActive(client, loadBalancerId, deadline);
      return result;
    }
  });
}
