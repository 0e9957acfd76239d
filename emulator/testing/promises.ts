// Promise helpers for tests that hold work in flight while they move a ManualClock.

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
