// A load balancer accepts one change at a time and answers 409 to any other while it is
// PENDING_UPDATE. How member changes get through that gate is a strategy:
// - QueuedChanges (the default) queues changes per load balancer inside the provider process:
//   the engine may run many resources in parallel, but they reach the API one by one.
// - RetryingChanges behaves as the Terraform providers do: it waits for ACTIVE their way
//   (5 s, then every 2 s) before and after each change, sends changes as they come and retries
//   on 409 with backoff. It is what the documented setting queueChanges=false gives a user who
//   wants to compare (README, schema.json); make bench compares with the Terraform provider
//   itself, replayed by scripts/bench/peer.ts, and does not use it.
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { doublingPauses, poll } from "../client/poll";
import { retryWhen } from "../client/retry";
import { ApplyTiming } from "./apply-timing";
import { getLoadBalancer, loadBalancerFailedError, lookLoadBalancerActive, provisioningStatus, waitLoadBalancerActive } from "./load-balancers";

export interface ChangeGate {
  /**
   * Applies one change to a member of the load balancer once it is ACTIVE, and waits for
   * ACTIVE again so the change is in effect when this returns.
   */
  apply<T>(loadBalancerId: string, deadline: Deadline, change: () => Promise<T>, options?: ApplyOptions): Promise<T>;
  /**
   * Whether a change of ours to the load balancer is under way or waiting, so another would wait
   * behind it (and may join a batch instead).
   */
  busy(loadBalancerId: string): boolean;
}

export interface ApplyOptions {
  /**
   * Asked once the change is accepted: true lets apply return at once, without waiting for the
   * load balancer to be ACTIVE again. Only for changes that others wait behind: the next change
   * waits for ACTIVE before it goes (and fails if the load balancer went to ERROR), and the last
   * one waits as always.
   */
  followed?: () => boolean;
  /**
   * Asked once the change returns: true when it sent nothing after all (a batch whose members
   * all turned out to be in the pool already), so there is nothing to wait for.
   */
  unchanged?: () => boolean;
}

/** Pause after a 409 busy before asking for the status again. */
const BUSY_RETRY_MS = 200;
/**
 * 409s in a row that the load balancer answers with ACTIVE: other clients' changes may come and
 * go between a 409 and our look (that is how racing without the queue goes), so several are
 * retried; only this many in a row, with no PENDING_* seen in between, mean the conflict is
 * not the load balancer's gate.
 */
const MAX_CONFLICTS_WHILE_ACTIVE = 6;

interface LoadBalancerLane {
  /** Settles when everything queued so far is done (it never rejects). */
  tail: Promise<void>;
  /** Our own last look found it ACTIVE and nothing of ours changed it since. */
  knownActive: boolean;
  /** When to look whether our changes are applied, learnt from the last few. */
  timing: ApplyTiming;
  /** When our last change was accepted, if apply returned before the load balancer was ACTIVE. */
  acceptedAt?: number;
  /** Changes in line or under way. */
  inLine: number;
}

export class QueuedChanges implements ChangeGate {
  private readonly lanes = new Map<string, LoadBalancerLane>();

  constructor(private readonly client: ElbClient) {}

  async apply<T>(loadBalancerId: string, deadline: Deadline, change: () => Promise<T>, options: ApplyOptions = {}): Promise<T> {
    // Once the engine is gone, no new work is taken, and what waits in line is not started.
    this.client.shutdown.assertMayChange();
    const lane = this.lane(loadBalancerId);
    lane.inLine++;
    // Take a place in line: whoever comes next waits for everything before us and for us.
    const before = lane.tail;
    let leave!: () => void;
    const ourTurn = new Promise<void>((resolve) => (leave = resolve));
    lane.tail = before.then(() => ourTurn);
    try {
      // Only the wait in line is cut short by the deadline; once a change has started, its own
      // calls honour the deadline, and cutting it off could hide a member it made.
      await deadline.race(before, "waiting for earlier changes to this load balancer");
      this.client.shutdown.assertMayChange();
      return await this.run(lane, loadBalancerId, deadline, change, options);
    } finally {
      lane.inLine--;
      leave();
    }
  }

  busy(loadBalancerId: string): boolean {
    return (this.lanes.get(loadBalancerId)?.inLine ?? 0) > 0;
  }

  private async run<T>(lane: LoadBalancerLane, loadBalancerId: string, deadline: Deadline, change: () => Promise<T>, options: ApplyOptions): Promise<T> {
    const conflicts = new ConflictCounter(this.client, loadBalancerId);
    const result = await retryWhen(
      () => {
        lane.knownActive = false;
        return change();
      },
      {
        deadline,
        beforeAttempt: async () => {
          if (!lane.knownActive) await this.waitBeforeChange(lane, loadBalancerId, deadline);
        },
        onFailure: async (error) => {
          // Someone outside this process changed it in between: let it finish, then retry.
          await conflicts.retryAfter(error, deadline);
          return BUSY_RETRY_MS;
        },
      },
    );
    if (options.unchanged?.()) {
      // It was ACTIVE before the change (looked at, or known so), and nothing of ours changed it since.
      lane.knownActive = true;
      return result;
    }
    const changed = deadline.clock.now();
    if (options.followed?.()) {
      lane.acceptedAt = changed;
      return result;
    }
    await this.waitApplied(lane, loadBalancerId, deadline, changed);
    return result;
  }

  /** After our change: ACTIVE again, looked at when the change should be done, learning its time. */
  private async waitApplied(lane: LoadBalancerLane, loadBalancerId: string, deadline: Deadline, changedAt: number): Promise<void> {
    const { clock } = deadline;
    const planned = lane.timing.firstLookMs();
    const delayMs = planned === undefined ? 0 : Math.max(0, planned - (clock.now() - changedAt));
    let sawPending = false;
    await waitLoadBalancerActive(this.client, loadBalancerId, deadline, {
      firstDelayMs: delayMs,
      pauseMs: () => lane.timing.pauseAfterChangeMs(clock.now() - changedAt),
      onPending: () => (sawPending = true),
    });
    const appliedAfterMs = clock.now() - changedAt;
    if (sawPending || planned === undefined) lane.timing.learn(appliedAfterMs, false);
    else if (delayMs > 0) lane.timing.learn(appliedAfterMs, true);
    // Else the change was left applying while the engine was busy elsewhere, and the first look,
    // long after, says nothing of how long it took.
    lane.knownActive = true;
  }

  /** Before our change: if our last one was left applying, wait for it as after it; else look. */
  private async waitBeforeChange(lane: LoadBalancerLane, loadBalancerId: string, deadline: Deadline): Promise<void> {
    if (lane.acceptedAt !== undefined) {
      const acceptedAt = lane.acceptedAt;
      lane.acceptedAt = undefined;
      return this.waitApplied(lane, loadBalancerId, deadline, acceptedAt);
    }
    const { clock } = deadline;
    const started = clock.now();
    await waitLoadBalancerActive(this.client, loadBalancerId, deadline, { pauseMs: () => lane.timing.pauseBeforeChangeMs(clock.now() - started) });
  }

  private lane(loadBalancerId: string): LoadBalancerLane {
    let lane = this.lanes.get(loadBalancerId);
    if (!lane) {
      lane = { tail: Promise.resolve(), knownActive: false, timing: new ApplyTiming(), inLine: 0 };
      this.lanes.set(loadBalancerId, lane);
    }
    return lane;
  }
}

/** The Terraform providers' backoff on 409: from half a second, doubling, up to 10 seconds. */
const TERRAFORM_LIKE_FIRST_RETRY_MS = 500;
const TERRAFORM_LIKE_MAX_RETRY_MS = 10_000;
const terraformLikeRetryMs = doublingPauses(TERRAFORM_LIKE_FIRST_RETRY_MS, TERRAFORM_LIKE_MAX_RETRY_MS);
/** Their wait for ACTIVE (before and after each change): a 5 s delay, then a poll every 2 s. */
const TERRAFORM_LIKE_WAIT_DELAY_MS = 5_000;
const TERRAFORM_LIKE_POLL_MS = 2_000;

export class RetryingChanges implements ChangeGate {
  constructor(private readonly client: ElbClient) {}

  async apply<T>(loadBalancerId: string, deadline: Deadline, change: () => Promise<T>): Promise<T> {
    this.client.shutdown.assertMayChange();
    await this.waitActive(loadBalancerId, deadline);
    const conflicts = new ConflictCounter(this.client, loadBalancerId);
    const result = await retryWhen(() => change(), {
      deadline,
      onFailure: async (error, attempt) => {
        await conflicts.retryAfter(error, deadline);
        return terraformLikeRetryMs(attempt - 1);
      },
    });
    await this.waitActive(loadBalancerId, deadline);
    return result;
  }

  /** Never: changes are sent as they come, so none waits behind another (nor is batched). */
  busy(): boolean {
    return false;
  }

  private async waitActive(loadBalancerId: string, deadline: Deadline): Promise<void> {
    await deadline.sleep(TERRAFORM_LIKE_WAIT_DELAY_MS);
    // Unlike the Terraform providers, never sit out the deadline on a load balancer in ERROR.
    await poll(() => lookLoadBalancerActive(this.client, loadBalancerId, deadline), { deadline, pauseMs: () => TERRAFORM_LIKE_POLL_MS });
  }
}

/**
 * Decides whether a failed change is worth another try because the load balancer was busy. A
 * 409 says only "conflict"; the load balancer's own provisioning status says which: PENDING_*
 * is busy (retry), ERROR will not recover (lb_failed), ACTIVE a few times running means the
 * conflict is about something else (the 409 is final). Any other error is final at once.
 */
class ConflictCounter {
  private whileActive = 0;

  constructor(
    private readonly client: ElbClient,
    private readonly loadBalancerId: string,
  ) {}

  async retryAfter(error: unknown, deadline: Deadline): Promise<void> {
    if (!isElbError(error, "conflict")) throw error;
    const lb = await getLoadBalancer(this.client, this.loadBalancerId, deadline);
    const status = provisioningStatus(lb);
    if (status.startsWith("PENDING_")) {
      this.whileActive = 0;
      return;
    }
    if (status !== "ACTIVE") throw loadBalancerFailedError(lb);
    if (++this.whileActive >= MAX_CONFLICTS_WHILE_ACTIVE) {
      throw new ElbError(error.kind, `${error.message} (load balancer ${this.loadBalancerId} is ACTIVE, so this is not a busy load balancer)`, error);
    }
  }
}
