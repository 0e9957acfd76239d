// The bench's peer: what terraform-provider-opentelekomcloud's opentelekomcloud_lb_member_v2
// does under `terraform apply` / `terraform destroy -parallelism=P`, replayed call for call and
// sleep for sleep against the emulator (Terraform itself is not on this machine). The profile was
// read from the provider's code and measured against this emulator (T = 200 ms, 5 ms latency):
//
// create: GET pool (to find its load balancer); wait for ACTIVE (a fixed delay, then a poll every
//   2 s, for as long as the timeout, ERROR included); POST, and on 409 sleep and POST again; GET
//   pool and wait for ACTIVE again; GET the member.
// destroy: a refresh first (GET each member); then per member GET pool, wait for ACTIVE, DELETE
//   with the SDK's backoff on 409, GET pool, wait for ACTIVE, and a fixed sleep.
//
// One figure is fitted, not read: Terraform starts the next resource in a slot up to 1 s after
// the last one there finished (it writes state and walks its graph in between). Without it the
// replay's workers stay in step at N=100 and collide on nearly every change (52 409s against the
// real 7, apply 154 s against 118); the first P start together, so N=10 is not touched by it.
import { createPrng } from "../../emulator/prng";
import type { Clock } from "../../provider/client/clock";
import type { PoolMemberState } from "../../provider/types";

export interface PeerProfile {
  /** The fixed wait before the first look at the load balancer, ms. */
  waitDelayMs: number;
  /** Then one look every this many ms, whatever the status (ERROR too). */
  pollMs: number;
  /** Sleep after a 409 on POST before posting again, ms. */
  createConflictSleepMs: number;
  /** The SDK's backoff on a DELETE 409: first pause and cap, doubling in between, ms. */
  deleteRetryFirstMs: number;
  deleteRetryMaxMs: number;
  /** The fixed sleep after a member is deleted, ms. */
  afterDeleteSleepMs: number;
  /** Each resource's timeout (Terraform's default for this resource: 10 minutes), ms. */
  timeoutMs: number;
  /**
   * Terraform starts a resource in a slot a little after the last one there finished (it writes
   * state and walks its graph first): a delay drawn evenly from 0 to this many ms. The first P
   * start together.
   */
  walkJitterMs: number;
}

export const MEASURED_PEER: PeerProfile = {
  waitDelayMs: 5_000,
  pollMs: 2_000,
  createConflictSleepMs: 5_000,
  deleteRetryFirstMs: 500,
  deleteRetryMaxMs: 10_000,
  afterDeleteSleepMs: 5_000,
  timeoutMs: 600_000,
  walkJitterMs: 1_000,
};

/** One HTTP exchange with the ELB API; paths are relative to /v2.0/lbaas/. */
export type PeerApi = (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** What the peer makes of a member: the same configuration our PoolMember takes. */
export type PeerMember = Required<Pick<PoolMemberState, "poolId" | "subnetId" | "address" | "protocolPort" | "name" | "weight">>;

export class PeerError extends Error {}

export class TerraformPeer {
  private readonly random: () => number;

  constructor(
    private readonly api: PeerApi,
    private readonly clock: Clock,
    private readonly profile: PeerProfile = MEASURED_PEER,
    seed = 1,
  ) {
    this.random = createPrng(seed);
  }

  /** `terraform apply` of the members at parallelism P: the ids made, in order. */
  apply(members: PeerMember[], parallel: number): Promise<string[]> {
    return this.walk(members, parallel, (member) => this.create(member));
  }

  /** `terraform destroy`: a refresh of every member, then the deletes, each at parallelism P. */
  async destroy(members: Array<PeerMember & { id: string }>, parallel: number): Promise<void> {
    await this.walk(members, parallel, async (member) => {
      await this.call("GET", `pools/${member.poolId}/members/${member.id}`, [200]);
    });
    await this.walk(members, parallel, (member) => this.remove(member));
  }

  private async create(member: PeerMember): Promise<string> {
    const deadline = this.clock.now() + this.profile.timeoutMs;
    const loadBalancerId = await this.loadBalancerOf(member.poolId);
    await this.waitActive(loadBalancerId, deadline);
    const body = {
      member: {
        address: member.address,
        protocol_port: member.protocolPort,
        subnet_id: member.subnetId,
        name: member.name,
        weight: member.weight,
        admin_state_up: true,
      },
    };
    let made: { member: { id: string } };
    for (;;) {
      const answer = await this.call("POST", `pools/${member.poolId}/members`, [201, 409], body);
      if (answer.status === 201) {
        made = answer.body as { member: { id: string } };
        break;
      }
      await this.sleepUntilRetry(this.profile.createConflictSleepMs, deadline);
    }
    await this.loadBalancerOf(member.poolId);
    await this.waitActive(loadBalancerId, deadline);
    await this.call("GET", `pools/${member.poolId}/members/${made.member.id}`, [200]);
    return made.member.id;
  }

  private async remove(member: PeerMember & { id: string }): Promise<void> {
    const deadline = this.clock.now() + this.profile.timeoutMs;
    const loadBalancerId = await this.loadBalancerOf(member.poolId);
    await this.waitActive(loadBalancerId, deadline);
    for (let pauseMs = this.profile.deleteRetryFirstMs; ; pauseMs = Math.min(this.profile.deleteRetryMaxMs, pauseMs * 2)) {
      const answer = await this.call("DELETE", `pools/${member.poolId}/members/${member.id}`, [204, 409]);
      if (answer.status === 204) break;
      await this.sleepUntilRetry(pauseMs, deadline);
    }
    await this.loadBalancerOf(member.poolId);
    await this.waitActive(loadBalancerId, deadline);
    await this.clock.sleep(this.profile.afterDeleteSleepMs);
  }

  private async loadBalancerOf(poolId: string): Promise<string> {
    const answer = await this.call("GET", `pools/${poolId}`, [200]);
    const pool = (answer.body as { pool: { loadbalancers?: Array<{ id: string }> } }).pool;
    const id = pool.loadbalancers?.[0]?.id;
    if (!id) throw new PeerError(`no load balancer on pool ${poolId}`);
    return id;
  }

  /** As the peer waits: a fixed delay, then a look every pollMs until ACTIVE or the timeout. */
  private async waitActive(loadBalancerId: string, deadline: number): Promise<void> {
    await this.clock.sleep(this.profile.waitDelayMs);
    for (;;) {
      const answer = await this.call("GET", `loadbalancers/${loadBalancerId}`, [200]);
      const status = (answer.body as { loadbalancer: { provisioning_status: string } }).loadbalancer.provisioning_status;
      if (status === "ACTIVE") return;
      if (this.clock.now() + this.profile.pollMs > deadline) {
        throw new PeerError(`timeout while waiting for load balancer ${loadBalancerId} to become ACTIVE (last status: ${status})`);
      }
      await this.clock.sleep(this.profile.pollMs);
    }
  }

  private async sleepUntilRetry(ms: number, deadline: number): Promise<void> {
    if (this.clock.now() + ms > deadline) throw new PeerError("timeout while retrying a change the load balancer refused with 409");
    await this.clock.sleep(ms);
  }

  private async call(method: "GET" | "POST" | "DELETE", path: string, expected: number[], body?: unknown) {
    const answer = await this.api(method, path, body);
    if (!expected.includes(answer.status)) throw new PeerError(`${method} ${path}: unexpected status ${answer.status}`);
    return answer;
  }

  /** Terraform's graph walk: at most P resources at once, each slot taking the next when free. */
  private async walk<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      for (let first = true; next < items.length; first = false) {
        const index = next++;
        if (!first) await this.clock.sleep(Math.floor(this.random() * this.profile.walkJitterMs));
        results[index] = await work(items[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, () => worker()));
    return results;
  }
}

/** The peer's HTTP client against an ELB endpoint (the emulator), with keep-alive as Go's has. */
export function httpPeerApi(endpoint: string): PeerApi {
  return async (method, path, body) => {
    const response = await fetch(`${endpoint}/v2.0/lbaas/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

/**
 * The real peer's runs against this emulator (T = 200 ms, 5 ms latency, one pool, parallelism
 * 10), as [low, high] over the runs made; the bench's replay is held to them.
 */
export const REAL_PEER_RUNS = [
  { members: 10, applyS: [26.8, 40.6], applyRequests: [83, 87], destroyS: [62, 62], destroyRequests: [100, 100] },
  { members: 100, applyS: [117.9, 117.9], applyRequests: [628, 628], destroyS: [174.6, 174.6], destroyRequests: [649, 649] },
] as const;
