// A delete-before-replace (a subnetId change, which keeps pool, address and port) deletes the old
// member before the new one exists. If the new one then cannot be made, say for a subnetId typo,
// the pool would have lost a server that was serving. So the provider remembers what it deleted
// in this run, and a create at the same pool, address and port that fails for good puts the old
// member back as it was; the engine records it, so the next corrected `up` replaces it again.
import { memberKey } from "../claims";
import type { PoolMemberState } from "../types";

const removedThisRun = new Map<string, PoolMemberState>();

export function rememberRemoved(member: PoolMemberState): void {
  removedThisRun.set(memberKey(member.poolId, member.address, member.protocolPort), member);
}

/** The member this run deleted at that place, once: whoever takes it puts it back. */
export function takeRemoved(poolId: string, address: string, protocolPort: number): PoolMemberState | undefined {
  const key = memberKey(poolId, address, protocolPort);
  const member = removedThisRun.get(key);
  removedThisRun.delete(key);
  return member;
}
