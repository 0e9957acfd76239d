// Deadlines on a ManualClock: time passes only when the test moves it, so "on time" is exact.
import { ManualClock } from "../../emulator";
import { later, settledNow } from "../../emulator/testing/promises";
import { systemClock } from "./clock";
import { Deadline } from "./deadline";

test("race gives the work's result, or a timeout naming the operation exactly when the deadline passes", async () => {
  const clock = new ManualClock();
  await expect(Deadline.after(1_000, "x", clock).race(Promise.resolve(1))).resolves.toBe(1);
  expect(clock.pending()).toEqual([]);

  const never = new Promise<number>(() => undefined);
  let gaveUp = 0;
  const raced = later(Deadline.after(30, "adding member 10.0.0.5:80", clock).race(never, "waiting in line", () => gaveUp++));
  await clock.advance(29);
  expect(await settledNow(raced)).toBe(false);
  expect(gaveUp).toBe(0);
  await clock.advance(1);
  await expect(raced).rejects.toThrow("adding member 10.0.0.5:80 did not finish before its deadline (last seen: waiting in line)");
  expect(gaveUp).toBe(1);
});

test("a race that the work wins leaves no timer behind and does not call onTimeout", async () => {
  const clock = new ManualClock();
  let finish!: (value: string) => void;
  const work = new Promise<string>((resolve) => (finish = resolve));
  let gaveUp = false;
  const raced = Deadline.after(500, "x", clock).race(work, undefined, () => (gaveUp = true));
  expect(clock.pending()).toEqual([500]);
  await clock.advance(499);
  finish("work");
  await expect(raced).resolves.toBe("work");
  expect(clock.pending()).toEqual([]);
  await clock.advance(10);
  expect(gaveUp).toBe(false);
});

test("a deadline weeks away does not fire at once (setTimeout's limit is about 24.8 days)", async () => {
  // Only the system clock's timers are faked; settledNow() needs the real setImmediate.
  jest.useFakeTimers({ doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] });
  try {
    const farAway = Deadline.after(600 * 3_600_000, "x", systemClock);
    const never = later(farAway.race(new Promise<string>(() => undefined)));
    await jest.advanceTimersByTimeAsync(60_000);
    expect(await settledNow(never)).toBe(false);
    await jest.advanceTimersByTimeAsync(600 * 3_600_000 - 60_000);
    await expect(never).rejects.toMatchObject({ kind: "timeout" });
  } finally {
    jest.useRealTimers();
  }
});

test("sleep past the deadline throws a timeout when the deadline comes, not when the sleep would end", async () => {
  const clock = new ManualClock();
  const sleep = later(Deadline.after(40, "updating", clock).sleep(5_000));
  expect(clock.pending()).toEqual([40]);
  await clock.advance(40);
  await expect(sleep).rejects.toMatchObject({ kind: "timeout" });
  expect(clock.pending()).toEqual([]);
});

test("the clock is injectable: time left and expiry follow it, and the setting is kept for messages", async () => {
  const clock = new ManualClock(5_000);
  const deadline = Deadline.after(30_000, "adding member 10.0.0.5:80", clock, "timeouts.create");
  expect(deadline.at).toBe(35_000);
  expect(deadline.remainingMs()).toBe(30_000);
  await clock.advance(29_999);
  expect(deadline.expired()).toBe(false);
  await clock.advance(1);
  expect(deadline.expired()).toBe(true);
  expect(deadline.remainingMs()).toBe(0);
  expect(deadline.setting).toBe("timeouts.create");
});

test("a timeout names the setting that gave the deadline, so the user knows what to raise", () => {
  const deadline = Deadline.after(2_000, "adding member 10.0.0.5:80", new ManualClock(), "customTimeouts.create");
  expect(deadline.timeoutError("load balancer lb-1 PENDING_UPDATE").message).toBe(
    "adding member 10.0.0.5:80 did not finish before its deadline (customTimeouts.create; last seen: load balancer lb-1 PENDING_UPDATE)",
  );
  expect(deadline.timeoutError().message).toBe("adding member 10.0.0.5:80 did not finish before its deadline (customTimeouts.create)");
});
