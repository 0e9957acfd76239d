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
// Creates that may take over an existing member (adopt, elb:adoptExisting) travel too: a batch
// that carries any first lists its pool once, and hands the members found there back as
// existing, for the caller to adopt (or refuse as duplicates); the rest are sent.
//
// A batch call whose answer is lost (a 5xx, a dropped connection, a timeout) may have been
// applied, so before it is sent again the pool is listed: what is there exactly as asked was
// made by it. Whatever a batch cannot settle for certain (a rejected batch, an item it did not
// create, a call that keeps failing) is handed back as `undefined`/`false`, and the caller takes
// the one-by-one path, which reports precise errors and never duplicates.
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
/**
 * Calls of one batch whose answers were lost before its members go one by one: most lost answers
 * are passing (a gateway, a restart) and the next call goes through, but a batch call that keeps
 * failing may be broken on its own while single POSTs still work, and that is not worth the
 * whole deadline. With the default backoff the retries wait at most 0.25 + 0.5 + 1 s.
 */
const BATCH_SENDS = 4;

export type BatchableMember = Required<Omit<ApiMemberCreate, "admin_state_up">>;

/** A create that a batch settled. */
export interface BatchedMember {
  member: ApiMember;
  /**
   * It was in the pool before the batch was sent (the look an adopting batch takes first found
   * it): the caller's to adopt, or to refuse as a duplicate. False for a member the batch made.
   */
  existed: boolean;
}

interface Pending<T, R> {
  item: T;
  deadline: Deadline;
  settle: (result: R) => void;
  fail: (error: unknown) => void;
}

interface PendingAdd extends Pending<BatchableMember, BatchedMember | undefined> {
  /** The caller may take over a member that is there already. */
  adopt: boolean;
  /** Settled or failed: a look or a fallback leaves it alone. */
  done: boolean;
}

interface PoolQueues {
  loadBalancerId: string;
  adds: PendingAdd[];
  deletes: Pending<string, boolean>[];
  flushing: boolean;
}

/** What one batch of creates has done so far; it outlives a turn at the gate (a busy 409 gives another). */
interface AddProgress {
  /** The pool was listed before the first call (a batch with adopting members). */
  looked: boolean;
  /** Calls whose answers were lost; each one is followed by a look before the next call. */
  lostAnswers: number;
  /** "no" until a call leaves; "maybe" while one may have been applied; "yes" once one was. */
  applied: "no" | "maybe" | "yes";
}

function waiting(queues: PoolQueues): number {
  return queues.adds.length + queues.deletes.length;
}

const open = (batch: PendingAdd[]) => batch.filter((pending) => !pending.done);
const where = (member: { address: string; protocol_port: number }) => `${member.address}:${member.protocol_port}`;

export class MemberBatcher {
  private readonly pools = new Map<string, PoolQueues>();

  constructor(
    private readonly client: ElbClient,
    private readonly gate: ChangeGate,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * The created member, or with `adopt` the one found at its address and port; undefined when the
   * caller must create it one by one. Without `adopt`, a member found there is handed back as
   * existing too, for the caller to refuse.
   */
  add(poolId: string, loadBalancerId: string, member: BatchableMember, deadline: Deadline, { adopt = false } = {}): Promise<BatchedMember | undefined> {
    return new Promise((settle, fail) => {
      const queues = this.queues(poolId, loadBalancerId);
      const pending: PendingAdd = {
        item: member,
        adopt,
        deadline,
        done: false,
        settle: (result) => {
          pending.done = true;
          settle(result);
        },
        fail: (error) => {
          pending.done = true;
          fail(error);
        },
      };
      queues.adds.push(pending);
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
    let batch: PendingAdd[] = [];
    // Members are made once the batch is accepted; when more changes wait behind it, they need
    // not wait for the load balancer to finish applying it (the next change does that first).
    const followed = () => waiting(queues) > 0;
    const deadline = () => latest(batch.length > 0 ? batch : queues.adds.slice(0, 1));
    const progress: AddProgress = { looked: false, lostAnswers: 0, applied: "no" };
    try {
      await this.gate.apply(
        queues.loadBalancerId,
        deadline(),
        async () => {
          // Taken when the load balancer is ours, so everything that arrived while waiting joins,
          // but one: with a change left behind, this batch is reported made once accepted, and the
          // engine starts the next members while the load balancer applies it.
          if (batch.length === 0) batch = queues.adds.splice(0, Math.min(MAX_BATCH, Math.max(1, queues.adds.length - 1)));
          await this.sendAdds(poolId, batch, progress, deadline());
        },
        // A batch whose members were all found in the pool sent nothing.
        { followed, unchanged: () => progress.applied === "no" },
      );
    } catch (error) {
      if (progress.applied === "no") {
        // Nothing was sent (the load balancer failed, or the deadline passed): all fail alike.
        if (batch.length === 0) batch = queues.adds.splice(0, MAX_BATCH);
        for (const pending of open(batch)) pending.fail(error);
        return;
      }
      if (progress.applied === "yes") {
        // Made, but the load balancer did not settle: what exists is ours, the rest fails.
        return this.settleFromList(poolId, open(batch), error);
      }
      if (isElbError(error, "lb_failed", "auth")) {
        // Refused for good; but after a lost answer, what exists exactly as asked was made by it.
        if (progress.lostAnswers > 0) return this.settleFromList(poolId, open(batch), error);
        for (const pending of open(batch)) pending.fail(error);
        return;
      }
      this.log(`batch of ${open(batch).length} new members in pool ${poolId} failed (${(error as Error).message}); adding them one by one`);
      // A 4xx rejects the whole batch before anything changes; after a 5xx or a lost answer
      // it may have been applied, so what exists exactly as asked is ours.
      const rejected = (error as { status?: number }).status !== undefined && (error as { status: number }).status < 500;
      if (rejected && progress.lostAnswers === 0) {
        for (const pending of open(batch)) pending.settle(undefined);
        return;
      }
    }
    // Those still open were in the call that was accepted (or may have been): the list maps them to ids.
    await this.settleFromList(poolId, open(batch));
  }

  /**
   * One turn at the gate for a batch of creates: an adopting batch looks first, and a call whose
   * answer was lost is looked up and sent again, for those it did not make, up to BATCH_SENDS
   * times. Returns once a call was accepted or nothing is left to send; throws what the caller
   * settles (a 409 back to the gate, which asks the load balancer; anything else to flushAdds).
   */
  private async sendAdds(poolId: string, batch: PendingAdd[], progress: AddProgress, deadline: Deadline): Promise<void> {
    if (!progress.looked && batch.some((pending) => pending.adopt)) {
      // One list for the whole batch instead of a 409 and a look per member.
      await this.lookUp(poolId, batch, "before", deadline);
      progress.looked = true;
    }
    for (;;) {
      if (progress.lostAnswers > 0) await this.lookUp(poolId, batch, "after a lost answer", deadline);
      const members = open(batch);
      if (members.length === 0) {
        // Everything is settled: by the first look (nothing was sent), or by the look after a
        // lost answer (that call made them, so the load balancer has a change to apply).
        if (progress.applied === "maybe") progress.applied = "yes";
        return;
      }
      // The wait for the load balancer, or a look, may have outlived the engine: check once more
      // right before the batch goes, so that it fails as "not sent" (the client would refuse it
      // too, but as a call that may have been applied).
      this.client.shutdown.assertMayChange();
      const before = progress.applied;
      progress.applied = "maybe";
      try {
        await lbaasCall(this.client, "PUT", `pools/${poolId}/members`, {
          deadline,
          body: { action: "add", members: members.map((pending) => pending.item) },
          // Like a POST: repeating an add that was applied would fail as a duplicate. The lost
          // answers are retried here, after a look.
          idempotent: false,
        });
        progress.applied = "yes";
        return;
      } catch (error) {
        // Refused before it went on the wire (send-gate.ts): this call applied nothing.
        if (error instanceof ShutdownError) progress.applied = before;
        if (isElbError(error, "conflict")) throw await this.duplicateIfPresent(poolId, members, error, deadline);
        if (!isElbError(error, "server", "network", "timeout")) throw error;
        progress.lostAnswers++;
        // The look before the next call makes it safe to repeat, as for an idempotent call.
        const delayMs = this.client.retryPolicy.nextDelayMs(error, progress.lostAnswers, true);
        if (progress.lostAnswers >= BATCH_SENDS || delayMs === undefined || delayMs >= deadline.remainingMs()) throw error;
        this.log(`batch of ${members.length} new members in pool ${poolId}: ${error.message}; looking them up, then sending the batch again`);
        await deadline.sleep(delayMs, error.message);
      }
    }
  }

  /**
   * Lists the pool and settles the batch's members found there. Before the first call a member
   * found was there before the batch: existing, for the caller to adopt or refuse. After a lost
   * answer, one exactly as asked was made by that call; one with other settings is someone
   * else's, and goes one by one, which says so.
   */
  private async lookUp(poolId: string, batch: PendingAdd[], when: "before" | "after a lost answer", deadline: Deadline): Promise<void> {
    const members = await listMembers(this.client, poolId, {}, deadline);
    const byAddress = new Map(members.map((member) => [where(member), member]));
    for (const pending of open(batch)) {
      const found = byAddress.get(where(pending.item));
      if (!found) continue;
      if (when === "before") pending.settle({ member: found, existed: true });
      else if (memberDifferences(found, pending.item).length === 0) pending.settle({ member: found, existed: false });
      else pending.settle(undefined);
    }
  }

  /**
   * A 409 is a duplicate when one of the batch's addresses is already in the pool (asked of the
   * pool, not read from the message); the gate then leaves it alone instead of waiting.
   */
  private async duplicateIfPresent(poolId: string, batch: PendingAdd[], error: ElbError, deadline: Deadline): Promise<unknown> {
    const members = await listMembers(this.client, poolId, {}, deadline);
    const present = new Set(members.map(where));
    const taken = batch.filter((pending) => present.has(where(pending.item)));
    if (taken.length === 0) return error;
    return new ElbError("duplicate", `${error.message} (${taken.map((pending) => where(pending.item)).join(", ")} already in the pool)`, error);
  }

  /**
   * Maps a batch's members to ids by listing the pool. Members not found go one by one, or
   * fail with `failure` when one is given.
   */
  private async settleFromList(poolId: string, batch: PendingAdd[], failure?: unknown): Promise<void> {
    if (batch.length === 0) return;
    let members: ApiMember[];
    try {
      // Its own time: the batch's deadline may be what just ran out, and members may exist.
      members = await listMembers(this.client, poolId, {}, Deadline.after(SETTLE_MS, `listing the members of pool ${poolId}`));
    } catch (error) {
      for (const pending of batch) pending.fail(failure ?? error);
      return;
    }
    const byAddress = new Map(members.map((member) => [where(member), member]));
    for (const pending of batch) {
      const found = byAddress.get(where(pending.item));
      if (found && memberDifferences(found, pending.item).length === 0) pending.settle({ member: found, existed: false });
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
