// Adding a member helps only once the load balancer sends it traffic, and it does so when its
// health check marks the member ONLINE, not when the API answers the POST. So with
// waitForHealthy the lifecycle polls the member's operating_status after the change; the wait
// runs after the per-load-balancer queue is released, so it never holds other members' changes.
import { getMember } from "../api/members";
import type { ApiMember } from "../api/types";
import { Deadline } from "../client/deadline";
import { ElbError } from "../client/errors";
import { poll } from "../client/poll";
import { ProviderContext } from "../context";
import { formatDuration } from "../duration";

/**
 * Dedicated load balancers report health per listener, with the health check's reason when it
 * fails: "on listener l-1 OFFLINE: RESPONSE_MISMATCH (expected HTTP 200, got 503)". The shared
 * ELB and Octavia report one status only, and this is empty.
 */
export function listenerHealth(member: ApiMember): string[] {
  return (member.status ?? [])
    .filter((entry) => entry.operating_status !== "ONLINE")
    .map((entry) => {
      const reason = entry.reason;
      const codes =
        reason?.expected_response || reason?.healthcheck_response
          ? ` (expected HTTP ${reason.expected_response || "?"}, got ${reason.healthcheck_response || "?"})`
          : "";
      return `on listener ${entry.listener_id} ${entry.operating_status}${reason?.reason_code ? `: ${reason.reason_code}${codes}` : ""}`;
    });
}

/** Pauses between looks: quick at first (monitors check every few seconds), then steady. */
const POLL_PAUSES_MS = [500, 1_000, 2_000, 3_000, 5_000];
/**
 * The last look goes out when what is left of the deadline is twice the slowest look so far, so
 * it sees the member as near the deadline as an answer can still come before it. A fixed second
 * left the last second of a wait unlooked at (a look on loopback takes milliseconds); the floor
 * keeps the deadline from cutting a look that is quick so far, the cap keeps one slow answer
 * from costing seconds of the wait.
 */
const lastLookReserveMs = (slowestLookMs: number) => Math.min(5_000, Math.max(100, 2 * slowestLookMs));

export interface HealthTarget {
  poolId: string;
  memberId: string;
  /** "192.168.0.11:80", for messages. */
  where: string;
  /** The limit that bounds the wait, for messages: "timeouts.create 20s", "timeouts.create, 10m by default". */
  limit: string;
}

/**
 * Resolves once the member is ONLINE, or at once when its pool has no health monitor
 * (NO_MONITOR); throws when the deadline comes first, naming the member, its last status, how
 * long it waited and the limit it ran into. The last look is made at the deadline, as late as
 * its answer still comes in time.
 */
export async function waitUntilOnline(context: ProviderContext, target: HealthTarget, deadline: Deadline): Promise<void> {
  const started = deadline.clock.now();
  const waited = () => formatDuration(deadline.clock.now() - started);
  await poll<void>(
    async (look) => {
      const member = await getMember(context.client, target.poolId, target.memberId, deadline);
      const status = member.operating_status;
      if (status === "ONLINE") {
        if (look > 0) context.log(`member ${target.memberId} (${target.where}) is ONLINE after ${waited()}`);
        return { done: undefined };
      }
      if (status === "NO_MONITOR") {
        context.log(`member ${target.memberId} (${target.where}): pool ${target.poolId} has no health monitor (NO_MONITOR), so there is no health to wait for`);
        return { done: undefined };
      }
      return { pending: [status, ...listenerHealth(member)].filter(Boolean).join("; ") };
    },
    {
      deadline,
      pauseMs: (look) => POLL_PAUSES_MS[Math.min(look, POLL_PAUSES_MS.length - 1)],
      reserveMs: lastLookReserveMs,
      timeoutError: (status) =>
        new ElbError(
          "timeout",
          `member ${target.memberId} (${target.where}) in pool ${target.poolId} is still ${status || "without a status"} after waiting ` +
            `${waited()} for the load balancer's health check to report it ONLINE, and the operation's time is up ` +
            `(waitForHealthy; the limit is ${target.limit}). Check that the server at ${target.where} is up and passes ` +
            "the pool's health check",
        ),
    },
  );
}
