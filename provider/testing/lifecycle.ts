// The PoolMember lifecycle bound to a test's runtime, with the loose values a test writes.
import type { ProviderRuntime } from "../runtime";
import * as members from "../resources/pool-member";
import type { PoolMemberState } from "../types";

/** `runtime` is read at each call, so a test may make a new one in beforeEach. */
export function lifecycleOn(runtime: () => ProviderRuntime) {
  return {
    check: (news: object, call?: members.Call) => members.check(runtime(), { ...news }, call),
    diff: (olds: PoolMemberState, news: PoolMemberState) => members.diff(olds, news),
    create: (inputs: PoolMemberState, call?: members.Call) => members.create(runtime(), inputs, call),
    read: (id: string, stored: object = {}) => members.read(runtime(), id, stored as Partial<PoolMemberState>),
    update: (id: string, olds: object, news: PoolMemberState, call?: members.Call) => members.update(runtime(), id, olds as PoolMemberState, news, call),
    remove: (id: string, state: object, call?: members.Call) => members.remove(runtime(), id, state as PoolMemberState, call),
  };
}

/** A runtime whose stack config is `config` (read at each call, so a test may change it). */
export function configuredBy(config: Record<string, string>): { get(key: string): string | undefined } {
  return { get: (key) => config[key] };
}
