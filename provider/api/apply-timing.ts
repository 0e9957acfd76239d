// When the queue looks whether the load balancer has applied a change: the first look comes when
// the change should be done, later ones at pauses that grow with the time already waited. The
// apply time is the quickest of our last five changes: a slow one (an outlier, or another
// client's change the load balancer applied right after ours, which looks the same from here)
// then costs about its own duration and no more, where learning from the last change alone made
// every change after an outlier wait about as long as it. Only when all five are slow is the load
// balancer slow now. Pure arithmetic: the queue (load-balancer-queue.ts) looks and waits.

/** How many of our last changes the estimate takes the quickest of. */
const RECENT_CHANGES = 5;
/** The first look comes at this share of the estimate: a little early, so a load balancer that got quicker is noticed. */
const FIRST_LOOK_SHARE = 0.95;
/**
 * A first look that finds the change applied says only that it took at most that long: the next
 * first look comes this share earlier, and this share again for each such look in a row, so a
 * time that is far too long is unlearnt within a few changes. A first look that finds the change
 * still applying ends the run: the estimate is about right.
 */
const EARLIER_WHEN_EARLY = 0.9;
/**
 * After our change, looks come every NEAR_SHARE of the estimate around the time it should be
 * done; past that, the pause is this share of the time waited beyond the estimate, so a change
 * that takes much longer than usual is seen done within 20 % of its time (and within
 * MAX_PAUSE_SHARE estimates) with few looks: about twenty for twenty-five times the usual time.
 */
const LATE_SHARE = 0.2;
const NEAR_SHARE = 0.1;
/**
 * While a change that is not ours holds the load balancer (another client's), looks come about
 * once per change of theirs, rarer the longer the wait (LATE_SHARE of it): a look every half
 * change made two or three stacks sharing a load balancer read it five or six times per change.
 */
const OTHERS_SHARE = 1;
/**
 * No pause is longer than this many estimates: on a load balancer shared with other clients the
 * first to look after it is free gets it, so one that has waited long must not look rarely.
 */
const MAX_PAUSE_SHARE = 2;
const MIN_POLL_MS = 20;
const MAX_POLL_MS = 2_000;
/**
 * Without an estimate yet (our first change here): after our change, from UNKNOWN_POLL_MS; while
 * another client's change holds the load balancer, from UNKNOWN_OTHERS_POLL_MS; growing as above
 * up to UNKNOWN_MAX_POLL_MS, since other clients' changes may hold it for long.
 */
const UNKNOWN_POLL_MS = 100;
const UNKNOWN_OTHERS_POLL_MS = 500;
const UNKNOWN_MAX_POLL_MS = 1_000;
/** Never wait longer than this before the first look, whatever was learnt. */
const MAX_FIRST_LOOK_MS = 5_000;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export class ApplyTiming {
  /** How long our last changes on this load balancer took to apply (as first seen applied), oldest first. */
  private readonly recent: number[] = [];
  /** First looks in a row that found the change already applied. */
  private earlyInARow = 0;

  /** How long a change takes to apply now; undefined before the first has been seen. */
  estimateMs(): number | undefined {
    return this.recent.length === 0 ? undefined : Math.min(...this.recent);
  }

  /** When, after our change was accepted, to look first; undefined: at once. */
  firstLookMs(): number | undefined {
    const estimate = this.estimateMs();
    if (estimate === undefined) return undefined;
    return Math.min(MAX_FIRST_LOOK_MS, estimate * FIRST_LOOK_SHARE * EARLIER_WHEN_EARLY ** this.earlyInARow);
  }

  /** The pause after a look found our change still applying, `waitedMs` after it was accepted. */
  pauseAfterChangeMs(waitedMs: number): number {
    return this.pause(waitedMs - (this.estimateMs() ?? 0), NEAR_SHARE, UNKNOWN_POLL_MS);
  }

  /** The pause after a look found the load balancer busy before our change, `waitedMs` into that wait. */
  pauseBeforeChangeMs(waitedMs: number): number {
    return this.pause(waitedMs, OTHERS_SHARE, UNKNOWN_OTHERS_POLL_MS);
  }

  /**
   * A look found our change applied `appliedAfterMs` after it was accepted; `atFirstLook`: the
   * first look, planned in advance, already did.
   */
  learn(appliedAfterMs: number, atFirstLook: boolean): void {
    this.earlyInARow = atFirstLook ? this.earlyInARow + 1 : 0;
    this.recent.push(appliedAfterMs);
    if (this.recent.length > RECENT_CHANGES) this.recent.shift();
  }

  /** LATE_SHARE of `lateMs`, at least floorShare and at most MAX_PAUSE_SHARE estimates (without one, from unknownMs up to UNKNOWN_MAX_POLL_MS). */
  private pause(lateMs: number, floorShare: number, unknownMs: number): number {
    const estimate = this.estimateMs();
    if (estimate === undefined) return clamp(lateMs * LATE_SHARE, unknownMs, UNKNOWN_MAX_POLL_MS);
    const low = Math.max(MIN_POLL_MS, estimate * floorShare);
    const high = Math.max(low, Math.min(MAX_POLL_MS, estimate * MAX_PAUSE_SHARE));
    return clamp(lateMs * LATE_SHARE, low, high);
  }
}
