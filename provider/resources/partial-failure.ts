// "Made, but not finished": the member exists (its create answered, or a replacement put the old
// one back) and the operation failed afterwards. The adapters turn it into the engine's own shape
// (the dynamic host's id/properties/reasons, the plugin's ErrorResourceInitFailed), so the engine
// records the member under `id` with `state` instead of losing it.
import type { PoolMemberState } from "../types";

export class PartialFailure extends Error {
  constructor(
    /** The member the engine must record. */
    readonly id: string,
    /** What the state records for it. */
    readonly state: PoolMemberState,
    /** What failed; its message is this error's message. */
    readonly failure: Error,
  ) {
    super(failure.message, { cause: failure });
    this.name = "PartialFailure";
  }
}

export function isPartialFailure(error: unknown): error is PartialFailure {
  return error instanceof PartialFailure;
}
