// Dedicated load balancers take member changes side by side. Their pages give a load balancer
// no busy state (provisioning_status is ACTIVE or PENDING_DELETE, a member's ACTIVE only) and
// their only 409 on members, ELB.8907, means an address or port in use, not "try later". So
// nothing waits in line and nothing is retried on 409: each change looks once that the load
// balancer is ACTIVE, which the updating page requires, and is sent.
import { Deadline } from "../client/deadline";
import { ElbClient } from "../client/http";
import type { ChangeGate } from "./load-balancer-queue";
import { getLoadBalancer, loadBalancerFailedError, provisioningStatus } from "./load-balancers";

export class ImmediateChanges implements ChangeGate {
  constructor(private readonly client: ElbClient) {}

  async apply<T>(loadBalancerId: string, deadline: Deadline, change: () => Promise<T>): Promise<T> {
    this.client.shutdown.assertMayChange();
    const lb = await getLoadBalancer(this.client, loadBalancerId, deadline);
    // PENDING_DELETE will not come back, and ERROR is repaired by someone else: neither is waited for.
    if (provisioningStatus(lb) !== "ACTIVE") throw loadBalancerFailedError(lb);
    this.client.shutdown.assertMayChange();
    return change();
  }

  /** Never: no change waits behind another. */
  busy(): boolean {
    return false;
  }
}
