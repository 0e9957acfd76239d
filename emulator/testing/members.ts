// Setting the scene for a test: a member made on the emulator behind the provider's back, as a
// user's console or another tool would make it.

/** POSTs the member as the API documents it and returns its id. */
export async function memberMadeOutside(
  emulatorUrl: string,
  poolId: string,
  member: { address: string; protocol_port: number; subnet_id: string; name?: string; weight?: number },
): Promise<string> {
  const made = await fetch(`${emulatorUrl}/v2.0/lbaas/pools/${poolId}/members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ member }),
  });
  if (made.status !== 201) throw new Error(`the emulator refused the member: ${made.status} ${await made.text()}`);
  return ((await made.json()) as { member: { id: string } }).member.id;
}
