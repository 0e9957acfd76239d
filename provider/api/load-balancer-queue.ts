// A load balancer accepts one change at a time and answers 409 to any other while it is
// PENDING_UPDATE. How member changes get through that gate is a strategy:
// - QueuedChanges (the default) queues changes per load balancer inside the provider process:
//   the engine may run many resources in parallel, but they reach the API one by one.
// - RetryingChanges sends them as they come and retries on 409 with backoff, as the Terraform
//   providers do; it exists so benchmarks can compare.
import { Deadline } from "../client/deadline";
import { isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { waitLoadBalancerActive } from "./load-balancers";

export interface ChangeGate {
  /**
   * Applies one change to a member of the load balancer once it is ACTIVE, and waits for
   * ACTIVE again so the change is in effect when this returns.
   */
  apply<T>(loadBalancerId: string, deadline: Deadline, change: () => Promise<T>): Promise<T>;
}

/** Pause after a 409 busy before asking for the status again. */
const BUSY_RETRY_MS = 200;

export class QueuedChanges implements ChangeGate {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly client: ElbClient) {}

  apply<T>(loadBalancerId: string, deadline: Deadline, change: () => Promise<T>): Promise<T> {
    return this.enqueue(loadBalancerId, async () => {
      for (;;) {
        await waitLoadBalancerActive(this.client, loadBalancerId, deadline);
        let result: T;
        try {
          result = await change();
        } catch (error) {
          if (!isElbError(error, "lb_busy")) throw error;
          // Our own wait saw ACTIVE, so a client outside this process changed it in between.
          await deadline.sleep(BUSY_RETRY_MS, error.message);
          continue;
        }
        await waitLoadBalancerActive(this.client, loadBalancerId, deadline);
        return result;
      }
    });
  }

  /** Runs `task` after every earlier task for the same load balancer has finished. */
  private enqueue<T>(loadBalancerId: string, task: () => Promise<T>): Promise<T> {
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

/** The Terraform providers' backoff on 409: from half a second, doubling, up to 10 seconds. */
const TERRAFORM_LIKE_FIRST_RETRY_MS = 500;
const TERRAFORM_LIKE_MAX_RETRY_MS = 10_000;

export class RetryingChanges implements ChangeGate {
  constructor(private readonly client: ElbClient) {}

  async apply<T>(loadBalancerId: string, deadline: Deadline, change: () => Promise<T>): Promise<T> {
    await waitLoadBalancerActive(this.client, loadBalancerId, deadline);
    for (let waitMs = TERRAFORM_LIKE_FIRST_RETRY_MS; ; waitMs = Math.min(TERRAFORM_LIKE_MAX_RETRY_MS, waitMs * 2)) {
      try {
        const result = await change();
        await waitLoadBalancerActive(this.client, loadBalancerId, deadline);
        return result;
      } catch (error) {
        if (!isElbError(error, "lb_busy")) throw error;
        await deadline.sleep(waitMs, error.message);
      }
    }
  }
}
