// The provider's core as its adapters use it: a runtime per process, the PoolMember lifecycle
// that runs on it, the lookups and the partial-failure shape the adapters translate.
import * as poolMember from "./resources/pool-member";

export { poolMember };
export { ProviderRuntime } from "./runtime";
export type { RuntimeOptions } from "./runtime";
export type { ConfigReader } from "./context";
export { PartialFailure, isPartialFailure } from "./resources/partial-failure";
export type { Call, Checked } from "./resources/pool-member";
export type { PoolMemberInputs, PoolMemberState, PoolMemberTimeouts } from "./types";
