// Changes made "outside Pulumi": plain API calls straight to the emulator, the way a colleague
// with the console or another tool would make them.
import { request } from "undici";

async function call(method: "PUT" | "DELETE" | "POST", url: string, body?: unknown): Promise<unknown> {
  const response = await request(url, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const outside = {
  updateMember: (base: string, poolId: string, memberId: string, member: Record<string, unknown>) =>
    call("PUT", `${base}/v2.0/lbaas/pools/${poolId}/members/${memberId}`, { member }),
  deleteMember: (base: string, poolId: string, memberId: string) => call("DELETE", `${base}/v2.0/lbaas/pools/${poolId}/members/${memberId}`),
  createMember: async (base: string, poolId: string, member: Record<string, unknown>) =>
    ((await call("POST", `${base}/v2.0/lbaas/pools/${poolId}/members`, { member })) as { member: { id: string } }).member,
};

/** Sum of responses to changing calls (POST, PUT, DELETE on the ELB API), by status. */
export function mutatingCalls(counters: Record<string, Record<string, number>>): Record<string, number> {
  const byStatus: Record<string, number> = {};
  for (const [route, statuses] of Object.entries(counters)) {
    if (!/^(POST|PUT|DELETE) \/v2\.0\//.test(route)) continue;
    for (const [status, count] of Object.entries(statuses)) byStatus[status] = (byStatus[status] ?? 0) + count;
  }
  return byStatus;
}

export function callsWithStatus(counters: Record<string, Record<string, number>>, status: string): number {
  return Object.values(counters).reduce((sum, statuses) => sum + (statuses[status] ?? 0), 0);
}
