// The PoolMember lifecycle: check, diff, create, read, update, delete. It speaks only to the
// API layer (finders, waiters, the change gate, the field mapping), never raw HTTP, and knows
// nothing of the engine's wire: the adapters (sdk/dynamic-host.ts, plugin/service.ts) hand it
// typed inputs and the caller's name, and turn its state and PartialFailure into what their
// engine reads. A member's state is its configuration (PoolMemberState), so check() already
// returns what an update will leave in state and the engine's preview of it has nothing unknown.
import { apiFieldsOf, createRequest, dedicatedOutputs, memberProperties, octaviaProperties, updateRequest } from "../api/member-mapping";
import { deleteMember, findMemberByAddress, getMember, updateMember } from "../api/members";
import { ApiMember } from "../api/types";
import { Deadline } from "../client/deadline";
import { ContextError, ElbError, isElbError } from "../client/errors";
import { diffInputs, DiffOutcome } from "../diff";
import { formatDuration, parseDuration } from "../duration";
import { alwaysInState, lookupArgSpecs, poolMemberSpec } from "../schema";
import { claimedBy, memberKey } from "../claims";
import { apiRefusals, CLOUD_ONLY_FIELDS, meansUnset } from "../cloud-fields";
import type { ProviderRuntime } from "../runtime";
import type { PoolMemberState, PoolMemberTimeouts } from "../types";
import { CheckFailure, checkInputs, checkValue, UNKNOWN } from "../validate";
import { addMember } from "./add-member";
import { HealthTarget, waitUntilOnline } from "./health-wait";
import { PartialFailure } from "./partial-failure";

/** (pool, address, port) is unique: a replacement that keeps them must delete first. */
const IDENTITY = ["poolId", "address", "protocolPort"];
/** Like the Terraform providers: 10 minutes per operation unless `timeouts` says otherwise. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

type Props = Record<string, unknown>;

/** What an adapter knows of the engine's call that is not a property. */
export interface Call {
  /** The declaring resource's name, when the engine tells it: the owner a claim records. */
  owner?: string;
  /** The engine's own deadline (a plugin's customTimeouts), which wins over `timeouts`. */
  timeoutMs?: number;
}

export interface Checked {
  /** The inputs with defaults applied, as state will hold them; a value may still be UNKNOWN at preview. */
  inputs: PoolMemberState;
  failures: CheckFailure[];
}

/** The properties by name, for what reads them from the schema. */
const propsOf = (value: Partial<PoolMemberState>): Props => ({ ...value });
/** Properties built by the schema's names (checked inputs, the API's fields, stored state): a member's state by construction. */
const asState = (props: Props): PoolMemberState => props as unknown as PoolMemberState;

/** `news` is the program's values as the engine sends them, unchecked: this is where they are checked. */
export async function check(runtime: ProviderRuntime, news: Props, call: Call = {}): Promise<Checked> {
  const { inputs, failures } = checkInputs(poolMemberSpec, news);
  const checked = (): Checked => ({ inputs: asState(inputs), failures });
  // Octavia keeps tags as a set and lists them in its own order: state holds them sorted.
  if (Array.isArray(inputs.tags) && !failures.some((failure) => failure.property === "tags")) inputs.tags = [...inputs.tags].sort();
  // A clear-text endpoint, and anything wrong with a named profile (not defined, no credentials),
  // is refused here, so preview already says so (as a check failure, which the engine shows as
  // the message alone). An unknown profile name (another resource's output) is checked at create.
  const profile = inputs.profile;
  if (profile !== UNKNOWN && !failures.some((failure) => failure.property === "profile")) {
    const problem = runtime.settingsProblem(typeof profile === "string" ? profile : undefined);
    if (problem) failures.push({ property: typeof profile === "string" ? "profile" : "", reason: problem });
    // A field the target's cloud lacks is refused before any call; with the profile still
    // unknown (another resource's output), create checks it.
    const target = runtime.targetOf(typeof profile === "string" ? profile : undefined);
    if (target) failures.push(...apiRefusals(news, target.cloud, target.api));
  }
  if (failures.length > 0) return checked();
  const { poolId, address, protocolPort } = inputs;
  const { owner } = call;
  // Known only when none of the three is still an output of another resource; create checks again.
  if (owner && ![poolId, address, protocolPort].includes(UNKNOWN)) {
    const other = runtime.claims.claim(memberKey(String(poolId), String(address), Number(protocolPort)), owner);
    if (other) failures.push({ property: "address", reason: claimedBy(other, owner, `${address}:${protocolPort} in pool ${poolId}`) });
  }
  return checked();
}

/** `changed` names every changed input, for an engine that takes a detailed diff (the plugin); the dynamic host reads the rest only. */
export function diff(olds: PoolMemberState, news: PoolMemberState): DiffOutcome {
  return diffInputs(poolMemberSpec, olds, news, IDENTITY);
}

export async function create(runtime: ProviderRuntime, inputs: PoolMemberState, call: Call = {}): Promise<{ id: string; state: PoolMemberState }> {
  const label = `adding member ${inputs.address}:${inputs.protocolPort} to pool ${inputs.poolId}`;
  const deadline = deadlineFor(runtime, inputs, "create", label, call);
  let member: ApiMember | undefined;
  const { owner } = call;
  if (owner) {
    const other = runtime.claims.claim(memberKey(inputs.poolId, inputs.address, inputs.protocolPort), owner);
    if (other) throw new ElbError("duplicate", `${label}: ${claimedBy(other, owner, `${inputs.address}:${inputs.protocolPort}`)}`);
  }
  try {
    refuseCloudOnlyFields(runtime, inputs);
    const context = await runtime.context(inputs.profile);
    const loadBalancerId = await context.pools.loadBalancerOf(inputs.poolId, deadline);
    const added = await addMember(
      context,
      { poolId: inputs.poolId, loadBalancerId, adopt: (inputs.adopt ?? false) || context.adoptExisting, member: createRequest(inputs) },
      deadline,
      (made) => (member = made),
    );
    member = added.member;
    if (added.origin === "adopted") {
      // An adopted member keeps its old settings until we set them.
      const changes = updateRequest(member, inputs);
      if (Object.keys(changes).length > 0) {
        const id = member.id;
        await context.gate.apply(loadBalancerId, deadline, () => updateMember(context.client, inputs.poolId, id, changes, deadline));
        // The PUT echo may show the old values: read what the API now holds.
        member = await getMember(context.client, inputs.poolId, id, deadline);
      }
    }
    if (member.admin_state_up && (inputs.waitForHealthy ?? context.waitForHealthy)) {
      await waitUntilOnline(context, healthTarget(inputs, member.id, deadline), deadline);
    }
    // A created member's POST answer is current (unlike PUT's), so no read-back is needed.
    return { id: member.id, state: stateOf(inputs, member) };
  } catch (error) {
    if (member) {
      // The member exists: hand its id to the engine so it is recorded, not leaked.
      throw new PartialFailure(member.id, stateOf(inputs, member), withContext(error, `${label} (member ${member.id} is recorded in the state)`));
    }
    // Refused for good (bad input, a subnet that does not exist): nothing was made, and if this
    // run deleted the member this one replaces, it goes back.
    const replaced = isElbError(error, "invalid_input", "not_found") ? runtime.removed.take(inputs.poolId, inputs.address, inputs.protocolPort) : undefined;
    if (replaced) throw await putBack(runtime, replaced, error, label, deadline);
    throw withContext(error, label);
  }
}

/**
 * Recreates the member a failed replacement had deleted, as it was, and returns the error that
 * records it (a partial failure: the engine keeps it in state under the new resource, with its
 * old settings, so the next `up` sees the difference and replaces it again).
 */
async function putBack(runtime: ProviderRuntime, replaced: PoolMemberState, failure: unknown, label: string, deadline: Deadline): Promise<Error> {
  const where = `${replaced.address}:${replaced.protocolPort}`;
  try {
    // Back where it was: a replacement that moved the member to another profile deleted it there.
    const context = await runtime.context(replaced.profile);
    const loadBalancerId = await context.pools.loadBalancerOf(replaced.poolId, deadline);
    const restored = await addMember(context, { poolId: replaced.poolId, loadBalancerId, adopt: false, member: createRequest(replaced) }, deadline);
    const state = stateOf(replaced, restored.member);
    const id = restored.member.id;
    const message =
      `${withContext(failure, label).message}. The member it replaces was put back as it was (member ${id}, subnet ${replaced.subnetId}, ` +
      `weight ${replaced.weight}), so the pool still serves ${where}; fix the input and run \`pulumi up\` again`;
    const error = new ElbError(isElbError(failure) ? failure.kind : "invalid_input", message, isElbError(failure) ? failure : {});
    return new PartialFailure(id, state, error);
  } catch (putBackError) {
    const reason = putBackError instanceof Error ? putBackError.message : String(putBackError);
    return withContext(
      failure,
      `${label}; putting back the member it replaces (subnet ${replaced.subnetId}) failed too (${reason}), so the pool no longer serves ${where}`,
    );
  }
}

/**
 * The member as the API holds it now, or undefined when it is gone. `stored` is what state holds
 * (nothing for an import or PoolMember.get, whose id then names the pool too).
 */
export async function read(
  runtime: ProviderRuntime,
  id: string,
  stored: Partial<PoolMemberState> = {},
): Promise<{ id: string; state: PoolMemberState } | undefined> {
  const label = `reading member ${id}`;
  const deadline = deadlineFor(runtime, stored, "update", label);
  let member: ApiMember | undefined;
  try {
    // Before any call (the context may sign in): a malformed id is the user's to fix, not a member to look for.
    const target = parseReadId(id, stored);
    const { client } = await runtime.context(stored.profile);
    try {
      member =
        "memberId" in target
          ? await getMember(client, target.poolId, target.memberId, deadline)
          : await findMemberByAddress(client, target.poolId, target.address, target.protocolPort, deadline);
    } catch (error) {
      // The member, or its whole pool, was deleted outside Pulumi.
      if (!isElbError(error, "not_found")) throw error;
    }
    if (!member) return undefined;
    // What the API reports wins; a field it leaves out keeps the stored value (or its default),
    // and settings that live only in the program (adopt, timeouts) are kept. State and inputs are
    // the same: a member's state is its configuration.
    const stateInputs = checkInputs(poolMemberSpec, { ...pickInputs(propsOf(stored)), poolId: target.poolId }).inputs;
    return { id: member.id, state: stateOf(asState(stateInputs), member) };
  } catch (error) {
    throw withContext(error, label);
  }
}

export async function update(runtime: ProviderRuntime, id: string, olds: PoolMemberState, news: PoolMemberState, call: Call = {}): Promise<PoolMemberState> {
  const label = `updating member ${id} (${news.address}:${news.protocolPort}) of pool ${news.poolId}`;
  const deadline = deadlineFor(runtime, news, "update", label, call);
  const changes = updateRequest(apiFieldsOf(olds), news);
  if (Object.keys(changes).length === 0) {
    // Only settings of the provider itself changed (adopt, drainSeconds, ...), or the engine is
    // retrying a step that failed as a partial failure: nothing to send. A health wait that
    // failed last time is waited for again, so that retry cannot pass while the member is down.
    const state = withSettings(asState({ ...pickInputs(propsOf(olds)), ...pickOutputs(propsOf(olds)) }), news);
    if (news.adminStateUp && (news.waitForHealthy ?? (await runtime.context(news.profile)).waitForHealthy))
      await waitOrRecord(runtime, id, state, news, label, deadline);
    return state;
  }
  let updated: ApiMember | undefined;
  try {
    const context = await runtime.context(news.profile);
    const { client, gate } = context;
    const loadBalancerId = await context.pools.loadBalancerOf(news.poolId, deadline);
    await gate.apply(loadBalancerId, deadline, () => updateMember(client, news.poolId, id, changes, deadline));
    // The PUT echo may show the old values: read what the API now holds.
    updated = await getMember(client, news.poolId, id, deadline);
    if (changes.admin_state_up === true && updated.admin_state_up && (news.waitForHealthy ?? context.waitForHealthy)) {
      await waitUntilOnline(context, healthTarget(news, id, deadline), deadline);
    }
    return stateOf(news, updated);
  } catch (error) {
    // The change is made: the state records it even though the wait for health failed.
    if (updated) throw new PartialFailure(id, stateOf(news, updated), withContext(error, label));
    throw withContext(error, label);
  }
}

/** Waits for the member to be ONLINE; a failed wait is a partial failure that keeps `state`. */
async function waitOrRecord(
  runtime: ProviderRuntime,
  id: string,
  state: PoolMemberState,
  news: PoolMemberState,
  label: string,
  deadline: Deadline,
): Promise<void> {
  try {
    await waitUntilOnline(await runtime.context(news.profile), healthTarget(news, id, deadline), deadline);
  } catch (error) {
    throw new PartialFailure(id, state, withContext(error, label));
  }
}

export async function remove(runtime: ProviderRuntime, id: string, member: PoolMemberState, call: Call = {}): Promise<void> {
  const where = `${member.address}:${member.protocolPort}`;
  const label = `removing member ${id} (${where}) from pool ${member.poolId}`;
  const deadline = deadlineFor(runtime, member, "delete", label, call);
  const context = await runtime.context(member.profile).catch((error) => {
    throw withContext(error, label);
  });
  let alreadyGone = false;
  try {
    const { client, gate, batcher } = context;
    const loadBalancerId = await context.pools.loadBalancerOf(member.poolId, deadline);
    // A delete that would wait goes in a batch; one that would not goes at once, with no await
    // between the check and gate.apply.
    const batched = batcher?.wouldWait(member.poolId, loadBalancerId) && (await batcher.remove(member.poolId, loadBalancerId, id, deadline));
    if (!batched) {
      await gate.apply(loadBalancerId, deadline, () => deleteMember(client, member.poolId, id, deadline));
    }
    runtime.removed.remember(asState(pickInputs(propsOf(member))));
  } catch (error) {
    // Already gone, or its pool or load balancer is: the goal of a delete is reached.
    if (!isElbError(error, "not_found")) throw withContext(error, label);
    alreadyGone = true;
  }
  // The load balancer sends the member no new connections but keeps the established ones (the
  // API's removal page says so), so the server must outlive them: the delete is reported done,
  // and what depends on the member torn down, only after the drain. Setting weight 0 first would
  // add a change (and a busy window) per member for nothing the removal does not already do.
  // The queue is released by now, so drains of many members overlap.
  // A 404 cannot tell "gone long ago" from "removed by our own first attempt, whose answer was
  // lost" (a DELETE is retried) or by a batch that failed after it was applied, so the drain is
  // held then too: a needless wait is better than cutting connections.
  const drainSeconds = member.drainSeconds ?? context.drainSeconds;
  if (drainSeconds > 0) {
    const what = alreadyGone ? "was already gone from" : "removed from";
    context.log(`member ${id} (${where}) ${what} pool ${member.poolId}; holding ${drainSeconds}s (drainSeconds) for established connections to finish`);
    await context.clock.sleep(drainSeconds * 1_000);
  }
}

function deadlineFor(
  runtime: ProviderRuntime,
  inputs: Partial<PoolMemberState>,
  operation: keyof PoolMemberTimeouts,
  label: string,
  call: Call = {},
): Deadline {
  // The setting names the limit with its length ("timeouts.create 20s"), so a timeout says which limit it ran into.
  if (call.timeoutMs !== undefined && call.timeoutMs > 0) {
    return Deadline.after(call.timeoutMs, label, runtime.clock, `customTimeouts.${operation} ${formatDuration(call.timeoutMs)}`);
  }
  const configured = inputs.timeouts?.[operation];
  const ms = configured === undefined ? undefined : parseDuration(configured);
  const setting = ms === undefined ? `timeouts.${operation}, 10m by default` : `timeouts.${operation} ${configured}`;
  return Deadline.after(ms ?? DEFAULT_TIMEOUT_MS, label, runtime.clock, setting);
}

function healthTarget(state: PoolMemberState, memberId: string, deadline: Deadline): HealthTarget {
  return { poolId: state.poolId, memberId, where: `${state.address}:${state.protocolPort}`, limit: deadline.setting ?? "the operation's deadline" };
}

/**
 * The state after an operation: the member as the API reports it, where a field the API left
 * out keeps the program's value, and the provider's settings as the program gives them.
 */
function stateOf(inputs: PoolMemberState, member: ApiMember): PoolMemberState {
  const reported: Props = { poolId: inputs.poolId, ...memberProperties(member) };
  for (const [key, value] of Object.entries(reported)) {
    if (value === undefined || value === null) reported[key] = propsOf(inputs)[key];
  }
  // Octavia's fields: what it reports wins, unset included (a monitor cleared outside Pulumi is
  // drift), but an unset it reports keeps the program's own way of saying so (backup false, tags
  // []), so a preview shows no line for it. Where it reports nothing of them (the shared ELB), the
  // inputs' values stay.
  const octavia: Props = octaviaProperties(member);
  for (const name of CLOUD_ONLY_FIELDS) {
    const given = propsOf(inputs)[name];
    reported[name] = name in octavia && !(octavia[name] === undefined && meansUnset(given)) ? octavia[name] : given;
  }
  return withSettings(asState({ ...reported, ...dedicatedOutputs(member) }), inputs);
}

/** Refuses, before any call, what the target's API does not take when check could not (the profile was an unknown output then). */
function refuseCloudOnlyFields(runtime: ProviderRuntime, inputs: PoolMemberState): void {
  const target = runtime.targetOf(inputs.profile);
  const refusals = target ? apiRefusals(propsOf(inputs), target.cloud, target.api) : [];
  if (refusals.length > 0) throw new ElbError("invalid_input", refusals.map((failure) => `${failure.property} ${failure.reason}`).join("; "));
}

/** The provider's own settings among the inputs (adopt, drainSeconds, waitForHealthy, timeouts). */
const PROVIDER_SETTINGS = Object.keys(poolMemberSpec.inputProperties).filter(
  (name) => !alwaysInState(poolMemberSpec, name) && poolMemberSpec.inputProperties[name].apiName === undefined,
);

/**
 * `state` with the provider's settings as `inputs` has them (left out when unset, so they show in
 * no diff). The engine's wire format has no undefined, so nothing undefined is left in.
 */
function withSettings(state: PoolMemberState, inputs: PoolMemberState): PoolMemberState {
  const result: Props = propsOf(state);
  for (const name of PROVIDER_SETTINGS) result[name] = propsOf(inputs)[name];
  for (const [key, value] of Object.entries(result)) if (value === undefined || value === null) delete result[key];
  return asState(result);
}

/** The configuration among stored properties (for a lookup by id, there may be none; older state has more). */
function pickInputs(stored: Props): Props {
  return Object.fromEntries(
    Object.keys(poolMemberSpec.inputProperties)
      .filter((key) => stored[key] != null)
      .map((key) => [key, stored[key]]),
  );
}

/**
 * The configuration in a state: what the engine keeps as a resource's inputs after a read, so
 * the next preview compares configuration with configuration and never shows an output that the
 * program does not set (ipVersion, ...) as removed.
 */
export function inputsOf(state: PoolMemberState): PoolMemberState {
  return asState(pickInputs(propsOf(state)));
}

/** What the API reported beyond the configuration (dedicated load balancers' ipVersion, ...), as stored. */
export function pickOutputs(stored: Props): Props {
  return Object.fromEntries(
    Object.keys(poolMemberSpec.outputProperties)
      .filter((key) => stored[key] != null)
      .map((key) => [key, stored[key]]),
  );
}

type ReadTarget = { poolId: string; memberId: string } | { poolId: string; address: string; protocolPort: number };

/** The forms of an id for an import or PoolMember.get, for messages. */
const READ_ID_FORMS = '"<poolId>/<memberId>" or "<poolId>/<address>:<port>"';
/** The rules of each part of such an id, as the schema has them (the member id as getPoolMember takes it). */
const ID_PARTS = {
  "pool id": poolMemberSpec.inputProperties.poolId,
  "member id": lookupArgSpecs.getPoolMember.properties.memberId,
  address: poolMemberSpec.inputProperties.address,
  port: poolMemberSpec.inputProperties.protocolPort,
};

/**
 * What to read: the stored pool and the member id, or for an import or PoolMember.get an id of
 * the form "<poolId>/<memberId>" or "<poolId>/<address>:<port>". Every part is checked by its
 * rule before any call, so a malformed id is named as malformed rather than read as a member
 * that does not exist.
 */
export function parseReadId(id: string, stored: Partial<PoolMemberState>): ReadTarget {
  const problems: string[] = [];
  const part = <T>(name: keyof typeof ID_PARTS, value: T): T => {
    const problem = checkValue(ID_PARTS[name], value);
    if (problem) problems.push(`its ${name} ${problem}`);
    return value;
  };
  const slash = id.indexOf("/");
  let target: ReadTarget;
  if (slash < 0) {
    // A member id alone: the pool is in state (a refresh, or PoolMember.get with state.poolId).
    if (typeof stored.poolId !== "string" || stored.poolId === "") {
      throw new ElbError("invalid_input", `the pool of member ${JSON.stringify(id)} is unknown; use an id of the form ${READ_ID_FORMS}`);
    }
    target = { poolId: part("pool id", stored.poolId), memberId: part("member id", id) };
  } else {
    const poolId = part("pool id", id.slice(0, slash));
    const rest = id.slice(slash + 1);
    // An address has no ":", a member id neither: the last one starts the port.
    const colon = rest.lastIndexOf(":");
    if (colon < 0) target = { poolId, memberId: part("member id", rest) };
    else {
      const portText = rest.slice(colon + 1);
      const port = part("port", /^\d+$/.test(portText) ? Number(portText) : portText);
      target = { poolId, address: part("address", rest.slice(0, colon)), protocolPort: Number(port) };
    }
  }
  if (problems.length > 0) {
    throw new ElbError("invalid_input", `the id ${JSON.stringify(id)} is malformed: ${problems.join("; ")}; an id is ${READ_ID_FORMS}`);
  }
  return target;
}

/** `error` with what we were doing in front, as a new error: another's error is wrapped, never rewritten. */
function withContext(error: unknown, label: string): Error {
  if (error instanceof Error && error.message.startsWith(label)) return error;
  if (error instanceof ElbError) return error.withContext(label);
  return new ContextError(label, error);
}
