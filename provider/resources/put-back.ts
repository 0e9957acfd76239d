// A delete-before-replace (a subnetId change, which keeps pool, address and port) deletes the old
// member before the new one exists. If the new one then cannot be made, say for a subnetId typo,
// the pool would have lost a server that was serving. So the runtime remembers what it deleted
// in this run, and a create at the same pool, address and port that fails for good puts the old
// member back as it was; the engine records it, so the next corrected `up` replaces it again.
import { memberKey } from "../claims";
import type { PoolMemberState } from "../types";

export class RemovedMembers {
  private readonly removed = new Map<string, PoolMemberState>();

  remember(member: PoolMemberState): void {
    this.removed.set(memberKey(member.poolId, member.address, member.protocolPort), member);
  }

  /** The member this run deleted at that place, once: whoever takes it puts it back. */
  take(poolId: string, address: string, protocolPort: number): PoolMemberState | undefined {
    const key = memberKey(poolId, address, protocolPort);
    const member = this.removed.get(key);
    this.removed.delete(key);
    return member;
  }
}
