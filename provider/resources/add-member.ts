// Adding a member without ever making two. POST is not idempotent: after a lost response, a
// 5xx or a timeout the member may exist anyway, so before posting again we look it up by
// (address, port), which is unique in a pool. A member found that way is taken silently only
// when an earlier attempt of this operation may have made it and it has exactly what we asked
// for; a member that was there before needs the explicit adopt input.
import { createMember, findMemberByAddress, memberDifferences } from "../api/members";
import { ApiMember, ApiMemberCreate } from "../api/types";
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
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
  const { client, gate } = context;
  const { poolId, member } = request;
  const where = `${member.address}:${member.protocol_port}`;
  // Survives the gate calling `attempt` again after a 409 busy.
  let uncertain = false;
  let tries = 0;
  /** The server's last answer, so running out of time reports it rather than the clock. */
  let lastServerError: Error | undefined;
  const lookUp = (within: Deadline) => findMemberByAddress(client, poolId, member.address, member.protocol_port, within);

  /** Out of time or attempts after an answer that may have been lost: one look, then give up. */
  const lastLook = async (error: Error): Promise<AddedMember> => {
    const grace = Deadline.after(LAST_LOOK_MS, `looking for member ${where} in pool ${poolId}`, deadline.clock);
    const found = await lookUp(grace).catch(() => undefined);
    if (found && memberDifferences(found, member).length === 0) return claimAfterLostAnswer(found, request, context);
    throw error;
  };

  const attempt = async (): Promise<AddedMember> => {
    const added = await attemptOnce();
    onMade(added.member);
    return added;
  };

  const attemptOnce = async (): Promise<AddedMember> => {
    for (;;) {
      tries++;
      if (uncertain) {
        let found: ApiMember | undefined;
        try {
          found = await lookUp(deadline);
        } catch (lookError) {
          // The deadline ran out before the look: the last look decides, with the server's error.
          if (deadline.expired() && lastServerError) return lastLook(lastServerError);
          throw lookError;
        }
        if (found) return claimAfterLostAnswer(found, request, context);
      }
      try {
        return { member: await createMember(client, poolId, member, deadline), origin: "created" };
      } catch (error) {
        if (isElbError(error, "conflict")) {
          // A 409 is a duplicate only if the member is there: the pool is asked, not the
          // message read. Otherwise it goes back to the gate, which asks the load balancer.
          const found = await lookUp(deadline);
          if (!found) throw error;
          if (uncertain) return claimAfterLostAnswer(found, request, context);
          if (request.adopt) return adopt(found, request, context);
          throw duplicateError(found, request);
        }
        if (!isElbError(error, "network", "timeout", "server")) throw error;
        // The POST may have been applied: look before posting again.
        uncertain = true;
        // A call refused because the deadline had passed says nothing new about the server.
        if (!(deadline.expired() && lastServerError)) lastServerError = error;
        const delayMs = client.retryPolicy.nextDelayMs(error, tries, true);
        if (delayMs === undefined || delayMs >= deadline.remainingMs()) return lastLook(lastServerError);
        context.log(`adding member ${where} to pool ${poolId}: ${error.message}; looking it up, then retrying`);
        await deadline.sleep(delayMs, error.message);
      }
    }
  };

  // The batch call has no admin_state_up and cannot adopt; everything else that would wait
  // behind another change goes in a batch. No await between the check and gate.apply below.
  if (context.batcher && !request.adopt && member.admin_state_up && context.batcher.wouldWait(poolId, request.loadBalancerId)) {
    const { admin_state_up: _always, ...batchable } = member;
    const batched = await context.batcher.add(poolId, request.loadBalancerId, batchable, deadline);
    if (batched) {
      onMade(batched);
      return { member: batched, origin: "created" };
    }
  }
  return gate.apply(request.loadBalancerId, deadline, attempt);
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
