// The queue's timing rules as arithmetic; load-balancer-queue.test.ts shows what they do against a
// busy emulator.
import { ApplyTiming } from "./apply-timing";

function learnt(...appliedAfterMs: number[]): ApplyTiming {
  const timing = new ApplyTiming();
  for (const ms of appliedAfterMs) timing.learn(ms, false);
  return timing;
}

test("before the first change has been seen: no estimate, the first look at once, then every 100 ms (every 500 ms while another change holds it), rarer as the wait grows, at least every second", () => {
  const timing = new ApplyTiming();
  expect(timing.estimateMs()).toBeUndefined();
  expect(timing.firstLookMs()).toBeUndefined();
  expect(timing.pauseAfterChangeMs(0)).toBe(100);
  expect(timing.pauseAfterChangeMs(500)).toBe(100);
  expect(timing.pauseAfterChangeMs(1_000)).toBe(200);
  expect(timing.pauseAfterChangeMs(60_000)).toBe(1_000);
  expect(timing.pauseBeforeChangeMs(0)).toBe(500);
  expect(timing.pauseBeforeChangeMs(30_000)).toBe(1_000);
});

test("the estimate is the quickest of the last five changes: slow ones move it only once all five are slow", () => {
  const timing = learnt(200);
  // An outlier, then three more slow ones: the quick one is still among the last five.
  for (let n = 1; n <= 4; n++) {
    timing.learn(5_000 + n, false);
    expect(timing.estimateMs()).toBe(200);
  }
  // Five slow ones in a row: the load balancer is slow now.
  timing.learn(5_000, false);
  expect(timing.estimateMs()).toBe(5_000);
  // A quick one counts at once.
  timing.learn(300, false);
  expect(timing.estimateMs()).toBe(300);
});

test("the first look comes at 95 % of the estimate, never later than 5 s", () => {
  expect(learnt(200).firstLookMs()).toBe(190);
  expect(learnt(60_000).firstLookMs()).toBe(5_000);
});

test("a first look that finds the change applied brings the next one earlier, more for each in a row; one that finds it applying ends the run", () => {
  const timing = learnt(1_000);
  expect(timing.firstLookMs()).toBe(950);
  // Each look found it applied, so that is as long as it took at most.
  timing.learn(950, true);
  expect(timing.firstLookMs()).toBeCloseTo(950 * 0.95 * 0.9);
  timing.learn(812.25, true);
  expect(timing.firstLookMs()).toBeCloseTo(812.25 * 0.95 * 0.9 ** 2);
  // Found still applying at the first look, then applied at 900: the estimate is about right.
  timing.learn(900, false);
  expect(timing.firstLookMs()).toBeCloseTo(0.95 * timing.estimateMs()!);
});

test("after our change: a look every tenth of the estimate around it, then every fifth of the time beyond it, at most two estimates", () => {
  const timing = learnt(200);
  expect(timing.pauseAfterChangeMs(190)).toBe(20);
  expect(timing.pauseAfterChangeMs(300)).toBe(20);
  expect(timing.pauseAfterChangeMs(700)).toBe(100);
  expect(timing.pauseAfterChangeMs(5_000)).toBe(400);
  // Never under 20 ms, never over 2 s.
  expect(learnt(50).pauseAfterChangeMs(50)).toBe(20);
  expect(learnt(4_000).pauseAfterChangeMs(60_000)).toBe(2_000);
});

test("while another change than ours holds the load balancer: a look about once per change, rarer as the wait grows, at most two estimates", () => {
  const timing = learnt(200);
  expect(timing.pauseBeforeChangeMs(0)).toBe(200);
  expect(timing.pauseBeforeChangeMs(1_500)).toBe(300);
  expect(timing.pauseBeforeChangeMs(10_000)).toBe(400);
});
