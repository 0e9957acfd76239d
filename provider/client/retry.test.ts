// The retry policy and the retry loop with an injected clock and random source: no test here
// waits for real time.
import { ManualClock } from "../../emulator";
import { settlesWithoutSleeping } from "../../emulator/testing/promises";
import { Deadline } from "./deadline";
import { ElbError } from "./errors";
import { DEFAULT_RETRY_OPTIONS, RetryDecision, RetryPolicy, retryWhen } from "./retry";

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

describe("retryWhen", () => {
  const failing = (message: string) => new ElbError("server", message);

  test("retries until the attempt succeeds, pausing as onFailure says, on the deadline's clock", async () => {
    const { time, deadline } = clock(60_000);
    const asked: Array<[string, number]> = [];
    const attempts: number[] = [];
    const started = time.now();
    const result = await time.run(
      retryWhen(
        async (attempt) => {
          attempts.push(attempt);
          if (attempt < 3) throw failing(`attempt ${attempt}`);
          return "made";
        },
        { deadline, onFailure: (error, attempt) => (asked.push([(error as Error).message, attempt]), attempt * 100) },
      ),
    );
    expect(result).toBe("made");
    expect(attempts).toEqual([1, 2, 3]);
    expect(asked).toEqual([
      ["attempt 1", 1],
      ["attempt 2", 2],
    ]);
    expect(time.now() - started).toBe(300);
  });

  test("what onFailure throws ends the retry with that error, without another attempt", async () => {
    const { deadline } = clock(60_000);
    let attempts = 0;
    const final = new ElbError("lb_failed", "load balancer lb-1 is in ERROR");
    const failure = retryWhen(
      async () => {
        attempts++;
        throw failing("busy");
      },
      {
        deadline,
        onFailure: () => {
          throw final;
        },
      },
    );
    await expect(failure).rejects.toBe(final);
    expect(attempts).toBe(1);
  });

  test("onFailure may end the retry with a result: the work turned out to be done", async () => {
    const { deadline } = clock(60_000);
    let attempts = 0;
    const result = await retryWhen<string>(
      async () => {
        attempts++;
        throw failing("answer lost");
      },
      { deadline, onFailure: () => ({ result: "found" }) },
    );
    expect(result).toBe("found");
    expect(attempts).toBe(1);
  });

  test("beforeAttempt runs before every attempt, the first included, and a result it returns replaces the attempt", async () => {
    const { time, deadline } = clock(60_000);
    const order: string[] = [];
    const result = await time.run(
      retryWhen<string>(
        async (attempt) => {
          order.push(`attempt ${attempt}`);
          throw failing("answer lost");
        },
        {
          deadline,
          beforeAttempt: (attempt) => {
            order.push(`before ${attempt}`);
            return attempt === 3 ? { result: "found by the look" } : undefined;
          },
          onFailure: () => 50,
        },
      ),
    );
    expect(result).toBe("found by the look");
    expect(order).toEqual(["before 1", "attempt 1", "before 2", "attempt 2", "before 3"]);
  });

  test("what beforeAttempt throws ends the retry as it is: onFailure is not asked", async () => {
    const { deadline } = clock(60_000);
    const refused = new Error("shutting down");
    const onFailure = jest.fn(() => 10);
    const attempt = jest.fn(async () => "sent");
    const beforeAttempt = () => {
      throw refused;
    };
    await expect(retryWhen(attempt, { deadline, beforeAttempt, onFailure })).rejects.toBe(refused);
    expect(attempt).not.toHaveBeenCalled();
    expect(onFailure).not.toHaveBeenCalled();
  });

  test("a pause that does not fit fails with the deadline's timeout error, naming the failure waited out", async () => {
    const { time, deadline } = clock(1_000, "timeouts.create");
    let attempts = 0;
    const failure = time
      .run(
        retryWhen(
          async () => {
            attempts++;
            throw failing("POST /members answered 503");
          },
          { deadline, onFailure: () => 600 },
        ),
      )
      .catch((error) => error);
    expect(await failure).toMatchObject({
      kind: "timeout",
      message: "adding member 10.0.0.5:80 did not finish before its deadline (timeouts.create; last seen: POST /members answered 503)",
    });
    // At 0 and 600 ms; the second pause would end at 1200 ms.
    expect(attempts).toBe(2);
    expect(deadline.remainingMs()).toBe(0);
  });

  test("a pause of 0 tries again at once, without sleeping", async () => {
    const { time, deadline } = clock(60_000);
    const attempts: number[] = [];
    const work = retryWhen(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt === 1) throw failing("401, credentials renewed");
        return "ok";
      },
      { deadline, onFailure: () => 0 },
    );
    expect(await settlesWithoutSleeping(work, time)).toBe(true);
    await expect(work).resolves.toBe("ok");
    expect(attempts).toEqual([1, 2]);
  });
});
