// Adding a member without ever making two. POST is not idempotent: after a lost response, a
// 5xx or a timeout the member may exist anyway, so before posting again we look it up by
// (address, port), which is unique in a pool. A member found that way is taken silently only
// when an earlier attempt of this operation may have made it and it has exactly what we asked
// for; a member that was there before needs the explicit adopt input.
import { createMember, findMemberByAddress, memberDifferences } from "../api/members";
import { ApiMember, ApiMemberCreate } from "../api/types";
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { AfterFailure, retryWhen } from "../client/retry";
import { ProviderContext } from "../context";

/** Time allowed for the last look after the operation's own deadline ran out. */
const LAST_LOOK_MS = 30_000;

export interface AddMemberRequest {
  poolId: string;
  loadBalancerId: string;
  member: Required<ApiMemberCreate>;
  /** Take over a member that already exists at this address and port. */
  adopt: boolean;
}

export interface AddedMember {
  member: ApiMember;
  /** How it came to be ours: made now, found after a lost answer, or adopted on request. */
  origin: "created" | "recovered" | "adopted";
}

/**
 * @param onMade called as soon as a member is ours, before the load balancer has settled, so a
 *   caller can record it even when the wait afterwards fails
 */
export async function addMember(
  context: ProviderContext,
  request: AddMemberRequest,
  deadline: Deadline,
  onMade: (member: ApiMember) => void = () => undefined,
): Promise<AddedMember> {
  const { batcher } = context;
  const { poolId, loadBalancerId, member } = request;
  // The batch call has no admin_state_up; everything else that would wait behind another change
  // goes in a batch, adopting creates too (the batch looks them up first). No await between the
  // check and gate.apply below.
  if (batcher && member.admin_state_up && batcher.wouldWait(poolId, loadBalancerId)) {
    const { admin_state_up: _always, ...batchable } = member;
    const batched = await batcher.add(poolId, loadBalancerId, batchable, deadline, { adopt: request.adopt });
    if (batched) {
      // Found in the pool before the batch was sent: no attempt of ours made it.
      const added: AddedMember = batched.existed ? takeExisting(batched.member, request, context) : { member: batched.member, origin: "created" };
      onMade(added.member);
      return added;
    }
  }
  // One by one, at the load balancer's turn; the gate calls again after a busy 409.
  const post = new MemberPost(context, request, deadline);
  return context.gate.apply(
    loadBalancerId,
    deadline,
    async () => {
      const added = await post.untilAnswered();
      onMade(added.member);
      return added;
    },
    { unchanged: () => post.tookExisting },
  );
}

/**
 * Posting one member, and posting again after an answer that was lost. What it learns outlives
 * a turn at the gate: how many posts went out (the backoff goes on growing) and the last answer
 * lost (from then on, every post is preceded by a look).
 */
class MemberPost {
  private posts = 0;
  /** The server's last lost answer (a 5xx, a dropped connection, a timeout): the member may exist. */
  private lostAnswer?: ElbError;
  /**
   * The member was there before, and every post was answered (a 409 at the end): nothing of
   * ours changed the load balancer, so there is nothing to wait for.
   */
  tookExisting = false;
  /** "192.168.0.50:80", for messages. */
  private readonly where: string;

  constructor(
    private readonly context: ProviderContext,
    private readonly request: AddMemberRequest,
    private readonly deadline: Deadline,
  ) {
    this.where = `${request.member.address}:${request.member.protocol_port}`;
  }

  /** Posts until the pool answers, looking before each post that follows a lost answer. */
  untilAnswered(): Promise<AddedMember> {
    return retryWhen(() => this.post(), {
      deadline: this.deadline,
      beforeAttempt: () => this.lookBeforePostingAgain(),
      onFailure: (error) => this.afterFailure(error),
    });
  }

  private async post(): Promise<AddedMember> {
    this.posts++;
    const { client } = this.context;
    return { member: await createMember(client, this.request.poolId, this.request.member, this.deadline), origin: "created" };
  }

  /** After a lost answer the POST may have been applied: a member found now was made by it. */
  private async lookBeforePostingAgain(): Promise<{ result: AddedMember } | void> {
    if (!this.lostAnswer) return;
    let found: ApiMember | undefined;
    try {
      found = await this.lookUp(this.deadline);
    } catch (lookError) {
      // The deadline ran out before the look: the last look decides, with the server's error.
      if (this.deadline.expired()) return { result: await this.lastLook(this.lostAnswer) };
      throw lookError;
    }
    if (found) return { result: claimAfterLostAnswer(found, this.request, this.context) };
  }

  /** A 409 is settled by a look; a lost answer is posted again after a pause; anything else is final. */
  private async afterFailure(error: unknown): Promise<AfterFailure<AddedMember>> {
    if (isElbError(error, "conflict")) return { result: await this.settleConflict(error) };
    if (!isElbError(error, "network", "timeout", "server")) throw error;
    // A call refused because the deadline had passed says nothing new about the server.
    const lostAnswer = this.deadline.expired() && this.lostAnswer ? this.lostAnswer : error;
    this.lostAnswer = lostAnswer;
    const delayMs = this.context.client.retryPolicy.nextDelayMs(error, this.posts, true);
    if (delayMs === undefined || delayMs >= this.deadline.remainingMs()) return { result: await this.lastLook(lostAnswer) };
    this.context.log(`adding member ${this.where} to pool ${this.request.poolId}: ${error.message}; looking it up, then retrying`);
    return delayMs;
  }

  /**
   * A 409 is a duplicate only if the member is there: the pool is asked, not the message read.
   * Otherwise it goes back to the gate, which asks the load balancer.
   */
  private async settleConflict(conflict: ElbError): Promise<AddedMember> {
    const found = await this.lookUp(this.deadline);
    if (!found) throw conflict;
    if (this.lostAnswer) return claimAfterLostAnswer(found, this.request, this.context);
    const taken = takeExisting(found, this.request, this.context);
    this.tookExisting = true;
    return taken;
  }

  /** Out of time or attempts after an answer that may have been lost: one look, then give up. */
  private async lastLook(error: Error): Promise<AddedMember> {
    const grace = Deadline.after(LAST_LOOK_MS, `looking for member ${this.where} in pool ${this.request.poolId}`, this.deadline.clock);
    const found = await this.lookUp(grace).catch(() => undefined);
    if (found && memberDifferences(found, this.request.member).length === 0) return claimAfterLostAnswer(found, this.request, this.context);
    throw error;
  }

  private lookUp(within: Deadline): Promise<ApiMember | undefined> {
    const { member, poolId } = this.request;
    return findMemberByAddress(this.context.client, poolId, member.address, member.protocol_port, within);
  }
}

/** After an answer we never got: ours if it is exactly what we asked for, else someone else's. */
function claimAfterLostAnswer(found: ApiMember, request: AddMemberRequest, context: ProviderContext): AddedMember {
  const mismatch = memberDifferences(found, request.member);
  if (mismatch.length === 0) {
    context.log(`member ${found.id} at ${found.address}:${found.protocol_port} was created by an earlier attempt whose answer was lost; using it`);
    return { member: found, origin: "recovered" };
  }
  if (request.adopt) return adopt(found, request, context);
  throw new ElbError(
    "duplicate",
    `member ${found.address}:${found.protocol_port} already exists in pool ${request.poolId} (member id ${found.id}) ` +
      `with other settings (${mismatch.join(", ")}), so it was not made by this operation; ` +
      `set adopt: true on this PoolMember to take it over`,
  );
}

/** A member that was there before this operation: adopted when asked for, else a duplicate. */
function takeExisting(found: ApiMember, request: AddMemberRequest, context: ProviderContext): AddedMember {
  if (request.adopt) return adopt(found, request, context);
  throw duplicateError(found, request);
}

function adopt(found: ApiMember, request: AddMemberRequest, context: ProviderContext): AddedMember {
  if (found.subnet_id !== request.member.subnet_id) {
    // subnet_id cannot be updated, so taking the member over would leave it wrong for good.
    throw new ElbError(
      "duplicate",
      `member ${found.address}:${found.protocol_port} exists in pool ${request.poolId} (member id ${found.id}) ` +
        `in subnet ${found.subnet_id}, not ${request.member.subnet_id}; it cannot be adopted. ` +
        "Delete it, or declare subnetId as it is",
    );
  }
  context.log(`adopting existing member ${found.id} at ${found.address}:${found.protocol_port} in pool ${request.poolId}`);
  return { member: found, origin: "adopted" };
}

function duplicateError(found: ApiMember, request: AddMemberRequest): ElbError {
  return new ElbError(
    "duplicate",
    `member ${found.address}:${found.protocol_port} already exists in pool ${request.poolId} (member id ${found.id}) ` +
      "and no other resource of this program declares it, so it was made outside this deployment: by hand, by another " +
      "tool, by another stack, or by an earlier `pulumi up` that was interrupted. To manage it with Pulumi, set " +
      "`adopt: true` on this PoolMember (or run `pulumi config set elb:adoptExisting true` to allow it for every member, " +
      "for example after an interrupted `pulumi up`); if another stack manages it, both stacks would then, and the first to " +
      "remove it deletes it for both. Otherwise remove it from the program or use another address or port",
  );
}
