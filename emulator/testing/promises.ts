// Promise helpers for tests that hold work in flight while they move a ManualClock.
import type { ManualClock } from "../clock";

/**
 * Marks work the test awaits later, so that if the test fails first and cleanup cuts the work
 * off, its rejection is not an unhandled one that takes the test run down.
 */
export function later<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}

/** Whether work has settled once everything already under way (short of new I/O) has run. */
export async function settledNow(work: Promise<unknown>): Promise<boolean> {
  let done = false;
  work.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/**
 * Whether work settles before anything sleeps on the clock: "at once", with no wait at all. A
 * sleep cut short straight away (the timer of a race that its work has already won) does not
 * count.
 */
export async function settlesWithoutSleeping(work: Promise<unknown>, clock: ManualClock): Promise<boolean> {
  let settled = false;
  const done = work.then(
    () => void (settled = true),
    () => void (settled = true),
  );
  for (;;) {
    await Promise.race([done, clock.sleeping()]);
    if (settled) return true;
    await new Promise((resolve) => setImmediate(resolve));
    if (settled) return true;
    if (clock.pending().length > 0) return false;
  }
}
