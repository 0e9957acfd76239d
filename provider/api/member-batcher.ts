// Coalesces creates and deletes that wait on the same pool into the API's batch call
// (PUT /v2.0/lbaas/pools/{pool_id}/members with an `action`, at most 200 members, 202 with no
// body; only the shared ELB documents it: OpenStack Octavia's PUT without `action` replaces the
// pool's whole member set, so context.ts never batches there). A load
// balancer takes one change at a time however many members it carries, so a hundred members
// cost a few busy periods instead of a hundred. The batch answer names no ids: they are mapped
// back by listing the pool, where (address, port) is unique.
//
// Only changes that would wait anyway are batched: one that finds its load balancer idle goes
// at once as a plain POST or DELETE (no collecting pause, no listing), and those that arrive
// while a change is under way wait for it together and go in a batch when it is done (creates
// leave one behind, see flushAdds). So a lone change costs what it costs without batching, and
// a burst costs a few busy periods.
//
// Whatever a batch cannot settle for certain (a rejected batch, an item it did not create) is
// handed back as `undefined`/`false`, and the caller takes the one-by-one path, which reports
// precise errors and never duplicates.
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { ShutdownError } from "../client/shutdown-signal";
import { lbaasCall } from "./lbaas";
import { ChangeGate } from "./load-balancer-queue";
import { listMembers, memberDifferences } from "./members";
import { ApiMember, ApiMemberCreate } from "./types";

/** The API's limit per batch call. */
export const MAX_BATCH = 200;
/** Time to map a batch's members to ids, whatever happened to the batch call. */
const SETTLE_MS = 60_000;

export type BatchableMember = Required<Omit<ApiMemberCreate, "admin_state_up">>;

interface Pending<T, R> {
  item: T;
  deadline: Deadline;
  settle: (result: R) => void;
  fail: (error: unknown) => void;
}

interface PoolQueues {
  loadBalancerId: string;
  adds: Pending<BatchableMember, ApiMember | undefined>[];
  deletes: Pending<string, boolean>[];
  flushing: boolean;
}

function waiting(queues: PoolQueues): number {
  return queues.adds.length + queues.deletes.length;
}

export class MemberBatcher {
  private readonly pools = new Map<string, PoolQueues>();

  constructor(
    private readonly client: ElbClient,
    private readonly gate: ChangeGate,
    private readonly log: (message: string) => void,
  ) {}

  /** The created member, or undefined when the caller must create it one by one. */
  add(poolId: string, loadBalancerId: string, member: BatchableMember, deadline: Deadline): Promise<ApiMember | undefined> {
    return new Promise((settle, fail) => {
      const queues = this.queues(poolId, loadBalancerId);
      queues.adds.push({ item: member, deadline, settle, fail });
      this.schedule(poolId);
    });
  }

  /** True once the member is gone; false when the caller must delete it one by one. */
  remove(poolId: string, loadBalancerId: string, memberId: string, deadline: Deadline): Promise<boolean> {
    return new Promise((settle, fail) => {
      const queues = this.queues(poolId, loadBalancerId);
      queues.deletes.push({ item: memberId, deadline, settle, fail });
      this.schedule(poolId);
    });
  }

  /**
   * Whether a change to the pool would wait (a change of ours is under way on its load balancer,
   * or a batch of this pool is under way) and so belongs in a batch. When it would not, the caller sends
   * its plain change through the gate with no await in between: the change then holds the load
   * balancer before anything else runs, and what comes next waits and is batched.
   */
  wouldWait(poolId: string, loadBalancerId: string): boolean {
    return (this.pools.get(poolId)?.flushing ?? false) || this.gate.busy(loadBalancerId);
  }

  private queues(poolId: string, loadBalancerId: string): PoolQueues {
    let queues = this.pools.get(poolId);
    if (!queues) {
      queues = { loadBalancerId, adds: [], deletes: [], flushing: false };
      this.pools.set(poolId, queues);
    }
    return queues;
  }

  private schedule(poolId: string): void {
    const queues = this.pools.get(poolId)!;
    if (queues.flushing) return;
    queues.flushing = true;
    // The flush joins the load balancer's queue now; the batch is taken when its turn comes, so
    // everything that arrives until then travels in it.
    void this.flush(poolId);
  }

  /** Sends batches until nothing waits; requests that arrive meanwhile join the next batch. */
  private async flush(poolId: string): Promise<void> {
    const queues = this.pools.get(poolId)!;
    while (waiting(queues) > 0) {
      if (queues.deletes.length > 0) await this.flushDeletes(poolId, queues);
      else await this.flushAdds(poolId, queues);
    }
    queues.flushing = false;
  }

  /** Sends one batch of creates. */
  private async flushAdds(poolId: string, queues: PoolQueues): Promise<void> {
    let batch: Pending<BatchableMember, ApiMember | undefined>[] = [];
    // Members are made once the batch is accepted; when more changes wait behind it, they need
    // not wait for the load balancer to finish applying it (the next change does that first).
    const followed = () => waiting(queues) > 0;
    const deadline = () => latest(batch.length > 0 ? batch : queues.adds.slice(0, 1));
    // "maybe" from the moment the call leaves until its 202 arrives.
    let applied: "no" | "maybe" | "yes" = "no";
    try {
      await this.gate.apply(
        queues.loadBalancerId,
        deadline(),
        async () => {
          // Taken when the load balancer is ours, so everything that arrived while waiting joins,
          // but one: with a change left behind, this batch is reported made once accepted, and the
          // engine starts the next members while the load balancer applies it.
          if (batch.length === 0) batch = queues.adds.splice(0, Math.min(MAX_BATCH, Math.max(1, queues.adds.length - 1)));
          // The wait for the load balancer may have outlived the engine: look once more right before
          // the batch goes, so that it fails as "not sent" (the client would refuse it too, but as
          // a call that may have been applied).
          this.client.shutdown.assertMayChange();
          applied = "maybe";
          try {
            await lbaasCall(this.client, "PUT", `pools/${poolId}/members`, {
              deadline: deadline(),
              body: { action: "add", members: batch.map((pending) => pending.item) },
              // Like a POST: repeating an add that was applied would fail as a duplicate.
              idempotent: false,
            });
          } catch (error) {
            const failure = await this.duplicateIfPresent(poolId, batch, error, deadline()).catch((lookError: unknown) => lookError);
            // Refused before it went on the wire (send-gate.ts), or while its 409 was looked into: nothing was applied.
            if (failure instanceof ShutdownError) applied = "no";
            throw failure;
          }
          applied = "yes";
        },
        { followed },
      );
    } catch (error) {
      if (applied === "no") {
        // Nothing was sent (the load balancer failed, the deadline passed, the engine is gone): all fail alike.
        if (batch.length === 0) batch = queues.adds.splice(0, MAX_BATCH);
        for (const pending of batch) pending.fail(error);
        return;
      }
      if (applied === "yes") {
        // Made, but the load balancer did not settle: what exists is ours, the rest fails.
        return this.settleFromList(poolId, batch, error);
      }
      if (isElbError(error, "lb_failed", "auth")) {
        for (const pending of batch) pending.fail(error);
        return;
      }
      this.log(`batch of ${batch.length} new members in pool ${poolId} failed (${(error as Error).message}); adding them one by one`);
      // A 4xx rejects the whole batch before anything changes; after a 5xx or a lost answer
      // it may have been applied, so what exists exactly as asked is ours.
      const rejected = (error as { status?: number }).status !== undefined && (error as { status: number }).status < 500;
      if (rejected) {
        for (const pending of batch) pending.settle(undefined);
        return;
      }
    }
    await this.settleFromList(poolId, batch);
  }

  /**
   * A 409 is a duplicate when one of the batch's addresses is already in the pool (asked of the
   * pool, not read from the message); the gate then leaves it alone instead of waiting.
   */
  private async duplicateIfPresent(
    poolId: string,
    batch: Pending<BatchableMember, ApiMember | undefined>[],
    error: unknown,
    deadline: Deadline,
  ): Promise<unknown> {
    if (!isElbError(error, "conflict")) return error;
    const members = await listMembers(this.client, poolId, {}, deadline);
    const present = new Set(members.map((member) => `${member.address}:${member.protocol_port}`));
    const taken = batch.filter((pending) => present.has(`${pending.item.address}:${pending.item.protocol_port}`));
    if (taken.length === 0) return error;
    return new ElbError(
      "duplicate",
      `${error.message} (${taken.map((pending) => `${pending.item.address}:${pending.item.protocol_port}`).join(", ")} already in the pool)`,
      error,
    );
  }

  /**
   * Maps a batch's members to ids by listing the pool. Members not found go one by one, or
   * fail with `failure` when one is given.
   */
  private async settleFromList(poolId: string, batch: Pending<BatchableMember, ApiMember | undefined>[], failure?: unknown): Promise<void> {
    let members: ApiMember[];
    try {
      // Its own time: the batch's deadline may be what just ran out, and members may exist.
      members = await listMembers(this.client, poolId, {}, Deadline.after(SETTLE_MS, `listing the members of pool ${poolId}`));
    } catch (error) {
      for (const pending of batch) pending.fail(failure ?? error);
      return;
    }
    const byAddress = new Map(members.map((member) => [`${member.address}:${member.protocol_port}`, member]));
    for (const pending of batch) {
      const found = byAddress.get(`${pending.item.address}:${pending.item.protocol_port}`);
      if (found && memberDifferences(found, pending.item).length === 0) pending.settle(found);
      else if (failure !== undefined) pending.fail(failure);
      else pending.settle(undefined);
    }
  }

  /**
   * Sends one batch of deletes. A delete waits until the load balancer has applied it: a drain
   * after it must not start while the member still takes new connections.
   */
  private async flushDeletes(poolId: string, queues: PoolQueues): Promise<void> {
    let batch: Pending<string, boolean>[] = [];
    try {
      await this.gate.apply(queues.loadBalancerId, latest(queues.deletes.slice(0, 1)), async () => {
        if (batch.length === 0) batch = queues.deletes.splice(0, MAX_BATCH);
        await lbaasCall(this.client, "PUT", `pools/${poolId}/members`, {
          deadline: latest(batch),
          body: { action: "delete", members: batch.map((pending) => ({ id: pending.item })) },
        });
      });
    } catch (error) {
      if (batch.length === 0) batch = queues.deletes.splice(0, MAX_BATCH);
      // Refused before it was sent, or sent with the engine gone and nobody to tell: one by one would be refused alike.
      if (error instanceof ShutdownError || isElbError(error, "lb_failed", "auth")) {
        for (const pending of batch) pending.fail(error);
        return;
      }
      // One member already gone fails the whole batch: each goes one by one, where gone is done.
      for (const pending of batch) pending.settle(false);
      return;
    }
    for (const pending of batch) pending.settle(true);
  }
}

/** A batch serves all its members, so it may take as long as the most patient of them. */
function latest(pendings: { deadline: Deadline }[]): Deadline {
  return pendings.reduce((last, pending) => (pending.deadline.at > last.at ? pending.deadline : last), pendings[0].deadline);
}
