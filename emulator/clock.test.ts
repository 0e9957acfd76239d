// The clocks themselves: a manual clock wakes sleeps only when moved, in order, each at its own
// end; the system clock sleeps past setTimeout's limit; aborted sleeps end at once.
import { ManualClock, systemClock } from "./clock";

test("a manual clock stands still, and a sleep ends exactly when time reaches its end", async () => {
  const clock = new ManualClock(1_000);
  const woke: string[] = [];
  void clock.sleep(100).then(() => woke.push(`a@${clock.now()}`));
  void clock.sleep(50).then(() => woke.push(`b@${clock.now()}`));
  void clock.sleep(100).then(() => woke.push(`c@${clock.now()}`));
  expect(clock.pending()).toEqual([50, 100, 100]);
  await clock.advance(49);
  expect(woke).toEqual([]);
  expect(clock.pending()).toEqual([1, 51, 51]);
  await clock.advance(1);
  expect(woke).toEqual(["b@1050"]);
  await clock.advance(1_000);
  // Equal ends wake in the order they were asked for; each sees the clock at its own end.
  expect(woke).toEqual(["b@1050", "a@1100", "c@1100"]);
  expect(clock.now()).toBe(2_050);
  expect(clock.pending()).toEqual([]);
});

test("advance wakes a sleep that a woken sleeper starts, when it ends within the advance", async () => {
  const clock = new ManualClock();
  const ticks: number[] = [];
  void (async () => {
    for (let i = 0; i < 5; i++) {
      await clock.sleep(30);
      ticks.push(clock.now());
    }
  })();
  await clock.advance(100);
  expect(ticks).toEqual([30, 60, 90]);
  expect(clock.pending()).toEqual([20]);
});

test("sleeping() waits for a sleep ending within the given time; run() moves time only to such sleeps", async () => {
  const clock = new ManualClock();
  let noticed = false;
  const seen = clock.sleeping(100).then(() => (noticed = true));
  void clock.sleep(1_000);
  await new Promise((resolve) => setImmediate(resolve));
  expect(noticed).toBe(false);
  void clock.sleep(100);
  await seen;
  await clock.advance(100);

  const steps = async () => {
    await clock.sleep(40);
    await new Promise((resolve) => setImmediate(resolve)); // some I/O in between
    await clock.sleep(60);
    return clock.now();
  };
  // The clock waits out the "I/O" between the sleeps, and never jumps to the 1000 ms sleep.
  expect(await clock.run(steps(), 200)).toBe(200);
  expect(clock.pending()).toEqual([800]);
});

test("run() does not jump to a sleep that is cut short at once, such as the timer of a race already won", async () => {
  const clock = new ManualClock();
  const work = async () => {
    const won = new AbortController();
    const timer = clock.sleep(5_000, won.signal);
    // The race's work settles a few promise steps later; then its timer is cancelled.
    for (let step = 0; step < 10; step++) await Promise.resolve();
    won.abort();
    await timer;
    await new Promise((resolve) => setImmediate(resolve)); // some I/O
    await clock.sleep(10);
    return clock.now();
  };
  expect(await clock.run(work())).toBe(10);
});

test("an aborted sleep ends at once, and is no longer pending", async () => {
  const clock = new ManualClock();
  const stop = new AbortController();
  const sleep = clock.sleep(10_000, stop.signal);
  expect(clock.pending()).toEqual([10_000]);
  stop.abort();
  await sleep;
  expect(clock.pending()).toEqual([]);
  expect(clock.now()).toBe(0);
  await systemClock.sleep(60_000, stop.signal);
});

test("the system clock sleeps longer than setTimeout's limit in pieces, instead of waking at once", async () => {
  jest.useFakeTimers();
  try {
    let woke = false;
    const days30 = 30 * 24 * 3_600_000;
    void systemClock.sleep(days30).then(() => (woke = true));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(days30 - 1_001);
    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(woke).toBe(true);
  } finally {
    jest.useRealTimers();
  }
});
