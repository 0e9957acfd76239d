// The retry policy with an injected clock and random source: no test here waits for real time.
import { ManualClock } from "../../emulator";
import { Deadline } from "./deadline";
import { ElbError } from "./errors";
import { DEFAULT_RETRY_OPTIONS, RetryDecision, RetryPolicy } from "./retry";

const policy = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 });
const error = (kind: ElbError["kind"], retryAfterSeconds?: number) => new ElbError(kind, `GET /x answered ${kind}`, { retryAfterSeconds });

/** A clock the test moves, and a deadline on it. */
function clock(ms: number, setting?: string) {
  const time = new ManualClock(1_000_000);
  return { time, deadline: Deadline.after(ms, "adding member 10.0.0.5:80", time, setting) };
}

test("idempotent calls retry 5xx, network errors and timeouts with growing jittered waits", () => {
  for (const kind of ["server", "network", "timeout"] as const) {
    expect([1, 2, 3, 4].map((attempt) => policy.nextDelayMs(error(kind), attempt, true))).toEqual([50, 100, 200, 400]);
  }
});

test("the wait is capped, also after very many attempts", () => {
  expect(policy.backoffMs(10)).toBe(500);
  expect(new RetryPolicy({ random: () => 1 }).backoffMs(5_000)).toBe(DEFAULT_RETRY_OPTIONS.maxDelayMs);
  expect(DEFAULT_RETRY_OPTIONS.maxDelayMs).toBe(10_000);
});

test("transient errors are retried until the deadline, not a fixed number of attempts", async () => {
  const { time, deadline } = clock(10 * 60_000);
  const full = new RetryPolicy({ random: () => 1 });
  const failure = error("server");
  let attempt = 0;
  let decision: RetryDecision;
  for (;;) {
    attempt++;
    decision = full.decide(failure, attempt, true, deadline);
    if (!decision.retry) break;
    await time.advance(decision.delayMs);
  }
  // Ten minutes at waits of 250 ms doubling to the 10 s cap: 65 attempts, far more than the eight
  // there used to be; the last fails at 595.75 s, when a 10 s wait no longer fits.
  expect(attempt).toBe(65);
  expect(deadline.remainingMs()).toBe(4_250);
  // Out of time, the call fails with what the server said, not a made-up error.
  expect(decision).toEqual({ retry: false, error: failure });
});

test("a 40 s outage fits in the default deadline: every wait before it ends is granted", async () => {
  const { time, deadline } = clock(10 * 60_000);
  const outageEnds = time.now() + 40_000;
  const full = new RetryPolicy({ random: () => 1 });
  let attempts = 0;
  while (time.now() < outageEnds) {
    attempts++;
    const decision = full.decide(error("server"), attempts, true, deadline);
    if (!decision.retry) throw new Error(`gave up after ${attempts} attempts`);
    await time.advance(decision.delayMs);
  }
  expect(attempts).toBeGreaterThan(0);
  expect(deadline.expired()).toBe(false);
});

test("a create is never repeated blindly after a 5xx or a lost answer", () => {
  const { deadline } = clock(60_000);
  for (const kind of ["server", "network", "timeout"] as const) {
    expect(policy.nextDelayMs(error(kind), 1, false)).toBeUndefined();
    expect(policy.decide(error(kind), 1, false, deadline)).toMatchObject({ retry: false });
  }
});

test("429 honours Retry-After in full when it fits, for creates too, with no hidden cap", () => {
  const { deadline } = clock(540_000);
  expect(policy.nextDelayMs(error("throttled", 7), 1, false)).toBe(7_000);
  expect(policy.nextDelayMs(error("throttled"), 2, true)).toBe(100);
  expect(policy.decide(error("throttled", 300), 1, false, deadline)).toEqual({ retry: true, delayMs: 300_000 });
});

test("a Retry-After longer than what is left of the deadline fails at once, naming both", async () => {
  const { time, deadline } = clock(600_000, "timeouts.create");
  await time.advance(60_000);
  const decision = policy.decide(error("throttled", 3600), 3, false, deadline);
  expect(decision.retry).toBe(false);
  const failure = (decision as { error: ElbError }).error;
  expect(failure.kind).toBe("throttled");
  expect(failure.retryAfterSeconds).toBe(3600);
  expect(failure.message).toBe(
    "GET /x answered throttled; the server asked to wait 3600 s, more than the 540 s left before this operation's deadline (timeouts.create)",
  );
  // A deadline of the provider's own (no setting) is named by what it bounds.
  expect((policy.decide(error("throttled", 3600), 1, true, clock(1_000).deadline) as { error: ElbError }).error.message).toMatch(
    /more than the 1 s left before the deadline of adding member 10\.0\.0\.5:80$/,
  );
});

test("a bound on attempts can still be set (tests use it)", () => {
  const once = new RetryPolicy({ maxAttempts: 1 });
  expect(once.nextDelayMs(error("server"), 1, true)).toBeUndefined();
});

test.each(["not_found", "invalid_input", "auth", "duplicate", "lb_failed", "conflict"] as const)("%s is final here", (kind) => {
  expect(policy.nextDelayMs(error(kind), 1, true)).toBeUndefined();
  expect(policy.decide(error(kind), 1, true, clock(60_000).deadline)).toMatchObject({ retry: false });
});
