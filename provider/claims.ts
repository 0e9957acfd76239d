// One owner per member within a deployment. The engine runs every resource of a stack through
// one provider process, so the claims its runtime records cover all of them: a second resource
// that declares the same (pool, address, port) is refused, naming the first, instead of both
// ending up with one member id (the API allows one member per address and port in a pool).

export function memberKey(poolId: string, address: string, protocolPort: number): string {
  return `${poolId} ${address}:${protocolPort}`;
}

export class MemberClaims {
  private readonly owners = new Map<string, string>();

  /**
   * Records `owner` as the resource that declares the member at `key`, unless another resource
   * already does: then that resource's name is returned and nothing changes.
   */
  claim(key: string, owner: string): string | undefined {
    const current = this.owners.get(key);
    if (current !== undefined && current !== owner) return current;
    this.owners.set(key, owner);
    return undefined;
  }
}

/** The message for a second claim, the same at preview and at create. */
export function claimedBy(other: string, owner: string, where: string): string {
  return (
    `${where} is also declared by PoolMember "${other}" in this program, and a pool holds one member per address and port: ` +
    `remove one of "${other}" and "${owner}", or give one of them another address or port (adopt cannot share a member either)`
  );
}
