// Cleanup that runs every step even when an earlier one fails: a stack whose destroy failed must
// not leave its emulator listening, since an open server keeps Jest, and so CI, waiting forever.

/** Runs each step in order; afterwards throws the one failure, or all of them together. */
export async function teardown(...steps: Array<() => unknown>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} cleanup steps failed`);
}
