// The implementation the SDK's dynamic-provider adapter loads by package name at call time
// (require("pulumi-elb-poolmember/dist/provider")), so state holds only a tiny adapter.
import type { dynamic } from "@pulumi/pulumi";
import { check, create, diff, read, remove, update } from "./resources/pool-member";
import type { PoolMemberState } from "./types";

export { configure } from "./context";

/** The PoolMember lifecycle, typed as the engine's host calls it: a member's state is its configuration. */
export const poolMember = { check, diff, create, read, update, delete: remove } satisfies Required<
  Omit<dynamic.ResourceProvider<PoolMemberState, PoolMemberState>, "configure">
>;
