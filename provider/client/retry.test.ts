import { ElbError } from "./errors";
import { RetryPolicy } from "./retry";

const policy = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5, random: () => 0.5 });
const error = (kind: ElbError["kind"], retryAfterSeconds?: number) => new ElbError(kind, kind, { retryAfterSeconds });

test("idempotent calls retry 5xx, network errors and timeouts with growing jittered waits", () => {
  for (const kind of ["server", "network", "timeout"] as const) {
    expect([1, 2, 3, 4].map((attempt) => policy.nextDelayMs(error(kind), attempt, true))).toEqual([50, 100, 200, 400]);
  }
});

test("the wait is capped and the attempts are bounded", () => {
  expect(policy.backoffMs(10)).toBe(500);
  expect(policy.nextDelayMs(error("server"), 5, true)).toBeUndefined();
});

test("a create is never repeated blindly after a 5xx or a lost answer", () => {
  expect(policy.nextDelayMs(error("server"), 1, false)).toBeUndefined();
  expect(policy.nextDelayMs(error("network"), 1, false)).toBeUndefined();
});

test("429 honours Retry-After, for creates too, up to a cap", () => {
  expect(policy.nextDelayMs(error("throttled", 7), 1, false)).toBe(7_000);
  expect(policy.nextDelayMs(error("throttled"), 2, true)).toBe(100);
  expect(new RetryPolicy({ maxRetryAfterMs: 30_000 }).nextDelayMs(error("throttled", 3600), 1, true)).toBe(30_000);
});

test.each(["not_found", "invalid_input", "auth", "duplicate", "lb_failed", "conflict"] as const)("%s is final here", (kind) => {
  expect(policy.nextDelayMs(error(kind), 1, true)).toBeUndefined();
});
