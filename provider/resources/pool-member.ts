// The PoolMember lifecycle: check, diff, create, read, update, delete. It speaks only to the
// API layer (finders, waiters, the change gate, the field mapping), never raw HTTP. A member's
// state is its configuration (PoolMemberState), so check() already returns what an update will
// leave in state and the engine's preview of it has nothing unknown.
import type { dynamic } from "@pulumi/pulumi";
import { createRequest, memberProperties, updateRequest } from "../api/member-mapping";
import { deleteMember, findMemberByAddress, getMember, updateMember } from "../api/members";
import { loadBalancerIdOfPool } from "../api/pools";
import { ApiMember } from "../api/types";
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { providerClock, providerContext, settingsProblem } from "../context";
import { diffInputs } from "../diff";
import { parseDuration } from "../duration";
import { alwaysInState, poolMemberSpec } from "../schema";
import { claimedBy, claimMember, memberKey } from "../claims";
import type { PoolMemberState, PoolMemberTimeouts } from "../types";
import { checkInputs, isIPv4, isSafeId, RESOURCE_NAME_KEY, UNKNOWN } from "../validate";
import { addMember } from "./add-member";
import { HealthTarget, waitUntilOnline } from "./health-gate";
import { rememberRemoved, takeRemoved } from "./put-back";

/** (pool, address, port) is unique: a replacement that keeps them must delete first. */
const IDENTITY = ["poolId", "address", "protocolPort"];
/** Like the Terraform providers: 10 minutes per operation unless `timeouts` says otherwise. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const PROVIDER_KEY = "__provider";

type Props = Record<string, unknown>;

/** What an adapter may add to an operation: the engine's own deadline (a plugin's customTimeouts), which wins over `timeouts`. */
export interface OperationOptions {
  timeoutMs?: number;
}
/** What the engine hands over: the state's properties plus the dynamic-resource bookkeeping keys. */
const propsOf = (value: PoolMemberState): Props => value as unknown as Props;

export async function check(_olds: PoolMemberState, news: PoolMemberState): Promise<dynamic.CheckResult<PoolMemberState>> {
  const { inputs, failures } = checkInputs(poolMemberSpec, propsOf(news));
  const checked = () => ({ inputs: inputs as unknown as PoolMemberState, failures });
  // A clear-text endpoint, and anything wrong with a named profile (not defined, no credentials),
  // is refused here, so preview already says so (as a check failure, which the engine shows as
  // the message alone). An unknown profile name (another resource's output) is checked at create.
  const profile = inputs.profile;
  if (profile !== UNKNOWN && !failures.some((failure) => failure.property === "profile")) {
    const problem = settingsProblem(typeof profile === "string" ? profile : undefined);
    if (problem) failures.push({ property: typeof profile === "string" ? "profile" : "", reason: problem });
  }
  if (failures.length > 0) return checked();
  const { poolId, address, protocolPort } = inputs;
  const owner = inputs[RESOURCE_NAME_KEY];
  // Known only when none of the three is still an output of another resource; create checks again.
  if (typeof owner === "string" && ![poolId, address, protocolPort].includes(UNKNOWN)) {
    const other = claimMember(memberKey(String(poolId), String(address), Number(protocolPort)), owner);
    if (other) failures.push({ property: "address", reason: claimedBy(other, owner, `${address}:${protocolPort} in pool ${poolId}`) });
  }
  return checked();
}

/** `changed` names every changed input, for an engine that takes a detailed diff (the plugin); the dynamic host reads the rest only. */
export async function diff(_id: string, olds: PoolMemberState, news: PoolMemberState) {
  const outcome = diffInputs(poolMemberSpec, propsOf(olds), propsOf(news), IDENTITY);
  return { changes: outcome.changes, replaces: outcome.replaces, deleteBeforeReplace: outcome.deleteBeforeReplace, changed: outcome.changed };
}

export async function create(inputs: PoolMemberState, options: OperationOptions = {}): Promise<{ id: string; outs: PoolMemberState }> {
  const props = propsOf(inputs);
  const label = `adding member ${inputs.address}:${inputs.protocolPort} to pool ${inputs.poolId}`;
  const deadline = deadlineFor(inputs, "create", label, options);
  let member: ApiMember | undefined;
  const owner = props[RESOURCE_NAME_KEY];
  if (typeof owner === "string") {
    const other = claimMember(memberKey(inputs.poolId, inputs.address, inputs.protocolPort), owner);
    if (other) throw new ElbError("duplicate", `${label}: ${claimedBy(other, owner, `${inputs.address}:${inputs.protocolPort}`)}`);
  }
  try {
    const context = await providerContext(inputs.profile);
    const loadBalancerId = await loadBalancerIdOfPool(context.client, inputs.poolId, deadline);
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
    return { id: member.id, outs: stateOf(inputs, member) };
  } catch (error) {
    if (member) {
      // The member exists: hand its id to the engine so it is recorded, not leaked.
      throw partialFailure(error, label, member.id, { ...stateOf(inputs, member), [PROVIDER_KEY]: props[PROVIDER_KEY] });
    }
    // Refused for good (bad input, a subnet that does not exist): nothing was made, and if this
    // run deleted the member this one replaces, it goes back.
    const replaced = isElbError(error, "invalid_input", "not_found") ? takeRemoved(inputs.poolId, inputs.address, inputs.protocolPort) : undefined;
    if (replaced) throw await putBack(replaced, error, label, props, deadline);
    throw withContext(error, label);
  }
}

/**
 * Recreates the member a failed replacement had deleted, as it was, and returns the error that
 * records it (a partial failure: the engine keeps it in state under the new resource, with its
 * old settings, so the next `up` sees the difference and replaces it again).
 */
async function putBack(replaced: PoolMemberState, failure: unknown, label: string, props: Props, deadline: Deadline): Promise<Error> {
  const where = `${replaced.address}:${replaced.protocolPort}`;
  try {
    // Back where it was: a replacement that moved the member to another profile deleted it there.
    const context = await providerContext(replaced.profile);
    const loadBalancerId = await loadBalancerIdOfPool(context.client, replaced.poolId, deadline);
    const restored = await addMember(context, { poolId: replaced.poolId, loadBalancerId, adopt: false, member: createRequest(replaced) }, deadline);
    const state = stateOf({ ...replaced, ...declaredBy(props) } as PoolMemberState, restored.member);
    const id = restored.member.id;
    const message =
      `${withContext(failure, label).message}. The member it replaces was put back as it was (member ${id}, subnet ${replaced.subnetId}, ` +
      `weight ${replaced.weight}), so the pool still serves ${where}; fix the input and run \`pulumi up\` again`;
    const error = new ElbError(isElbError(failure) ? failure.kind : "invalid_input", message, isElbError(failure) ? failure : {});
    return recordedFailure(error, id, { ...state, [PROVIDER_KEY]: props[PROVIDER_KEY] });
  } catch (putBackError) {
    const reason = putBackError instanceof Error ? putBackError.message : String(putBackError);
    return withContext(failure, `${label}; putting back the member it replaces (subnet ${replaced.subnetId}) failed too (${reason}), so the pool no longer serves ${where}`);
  }
}

export async function read(id: string, props?: PoolMemberState): Promise<dynamic.ReadResult<PoolMemberState>> {
  const stored: Partial<PoolMemberState> = props ?? {};
  const label = `reading member ${id}`;
  const deadline = deadlineFor(stored, "update", label);
  let member: ApiMember | undefined;
  try {
    const { client } = await providerContext(stored.profile);
    const target = parseReadId(id, stored);
    try {
      member =
        "memberId" in target
          ? await getMember(client, target.poolId, target.memberId, deadline)
          : await findMemberByAddress(client, target.poolId, target.address, target.protocolPort, deadline);
    } catch (error) {
      // The member, or its whole pool, was deleted outside Pulumi.
      if (!isElbError(error, "not_found")) throw error;
    }
    // No id tells the engine the member is gone.
    if (!member) return { id: "" };
    // What the API reports wins; a field it leaves out keeps the stored value (or its default),
    // and settings that live only in the program (adopt, timeouts) are kept. State and inputs are
    // the same: a member's state is its configuration.
    const stateInputs = checkInputs(poolMemberSpec, { ...pickInputs(propsOf(stored as PoolMemberState)), poolId: target.poolId }).inputs;
    const state = stateOf({ ...stateInputs, ...declaredBy(propsOf(stored as PoolMemberState)) } as unknown as PoolMemberState, member);
    return { id: member.id, props: state, inputs: { ...state } };
  } catch (error) {
    throw withContext(error, label);
  }
}

export async function update(id: string, olds: PoolMemberState, news: PoolMemberState, options: OperationOptions = {}): Promise<{ outs: PoolMemberState }> {
  const label = `updating member ${id} (${news.address}:${news.protocolPort}) of pool ${news.poolId}`;
  const deadline = deadlineFor(news, "update", label, options);
  const changes = updateRequest({ name: olds.name, weight: olds.weight, admin_state_up: olds.adminStateUp }, news);
  if (Object.keys(changes).length === 0) {
    // Only settings of the provider itself changed (adopt, drainSeconds, ...), or the engine is
    // retrying a step that failed as a partial failure: nothing to send. A health wait that
    // failed last time is waited for again, so that retry cannot pass while the member is down.
    const state = withSettings(pickInputs(propsOf(olds)) as unknown as PoolMemberState, news);
    if (news.adminStateUp && (news.waitForHealthy ?? (await providerContext(news.profile)).waitForHealthy)) await waitOrRecord(id, state, news, label, deadline);
    return { outs: state };
  }
  let updated: ApiMember | undefined;
  try {
    const context = await providerContext(news.profile);
    const { client, gate } = context;
    const loadBalancerId = await loadBalancerIdOfPool(client, news.poolId, deadline);
    await gate.apply(loadBalancerId, deadline, () => updateMember(client, news.poolId, id, changes, deadline));
    // The PUT echo may show the old values: read what the API now holds.
    updated = await getMember(client, news.poolId, id, deadline);
    if (changes.admin_state_up === true && updated.admin_state_up && (news.waitForHealthy ?? context.waitForHealthy)) {
      await waitUntilOnline(context, healthTarget(news, id, deadline), deadline);
    }
    return { outs: stateOf(news, updated) };
  } catch (error) {
    // The change is made: the state records it even though the wait for health failed.
    if (updated) throw recordedFailure(withContext(error, label), id, { ...stateOf(news, updated), [PROVIDER_KEY]: propsOf(news)[PROVIDER_KEY] });
    throw withContext(error, label);
  }
}

/** Waits for the member to be ONLINE; a failed wait is a partial failure that keeps `state`. */
async function waitOrRecord(id: string, state: PoolMemberState, news: PoolMemberState, label: string, deadline: Deadline): Promise<void> {
  try {
    await waitUntilOnline(await providerContext(news.profile), healthTarget(news, id, deadline), deadline);
  } catch (error) {
    throw recordedFailure(withContext(error, label), id, { ...state, [PROVIDER_KEY]: propsOf(news)[PROVIDER_KEY] });
  }
}

export async function remove(id: string, member: PoolMemberState, options: OperationOptions = {}): Promise<void> {
  const where = `${member.address}:${member.protocolPort}`;
  const label = `removing member ${id} (${where}) from pool ${member.poolId}`;
  const deadline = deadlineFor(member, "delete", label, options);
  const context = await providerContext(member.profile).catch((error) => {
    throw withContext(error, label);
  });
  let alreadyGone = false;
  try {
    const { client, gate, batcher } = context;
    const loadBalancerId = await loadBalancerIdOfPool(client, member.poolId, deadline);
    // A delete that would wait goes in a batch; one that would not goes at once, with no await
    // between the check and gate.apply.
    const batched = batcher?.wouldWait(member.poolId, loadBalancerId) && (await batcher.remove(member.poolId, loadBalancerId, id, deadline));
    if (!batched) {
      await gate.apply(loadBalancerId, deadline, () => deleteMember(client, member.poolId, id, deadline));
    }
    rememberRemoved(pickInputs(propsOf(member)) as unknown as PoolMemberState);
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

function deadlineFor(inputs: Partial<PoolMemberState>, operation: keyof PoolMemberTimeouts, label: string, options: OperationOptions = {}): Deadline {
  if (options.timeoutMs !== undefined && options.timeoutMs > 0) return Deadline.after(options.timeoutMs, label, providerClock(), `customTimeouts.${operation}`);
  const configured = inputs.timeouts?.[operation];
  const ms = configured === undefined ? undefined : parseDuration(configured);
  const setting = ms === undefined ? `timeouts.${operation}, 10m by default` : `timeouts.${operation}`;
  return Deadline.after(ms ?? DEFAULT_TIMEOUT_MS, label, providerClock(), setting);
}

function healthTarget(state: PoolMemberState, memberId: string, deadline: Deadline): HealthTarget {
  return { poolId: state.poolId, memberId, where: `${state.address}:${state.protocolPort}`, setting: deadline.setting ?? "the operation's deadline" };
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
  return withSettings(reported as unknown as PoolMemberState, inputs);
}

/** The provider's own settings among the inputs (adopt, drainSeconds, waitForHealthy, timeouts). */
const PROVIDER_SETTINGS = Object.keys(poolMemberSpec.inputProperties).filter((name) => !alwaysInState(poolMemberSpec, name));

/**
 * `state` with the provider's settings as `inputs` has them (left out when unset, so they show in
 * no diff) and the declaring resource's name, kept so a refresh hands it back and no diff shows
 * it. The engine's wire format has no undefined, so nothing undefined is left in.
 */
function withSettings(state: PoolMemberState, inputs: PoolMemberState): PoolMemberState {
  const result: Props = { ...propsOf(state), ...declaredBy(propsOf(inputs)) };
  for (const name of PROVIDER_SETTINGS) result[name] = propsOf(inputs)[name];
  for (const [key, value] of Object.entries(result)) if (value === undefined || value === null) delete result[key];
  return result as unknown as PoolMemberState;
}

/** The resource name the SDK sent, when there is one (state from older versions has none). */
function declaredBy(props: Props): Props {
  const name = props[RESOURCE_NAME_KEY];
  return typeof name === "string" ? { [RESOURCE_NAME_KEY]: name } : {};
}

/** The configuration among stored properties (for a lookup by id, there may be none; older state has more). */
function pickInputs(stored: Props): Props {
  return Object.fromEntries(Object.keys(poolMemberSpec.inputProperties).filter((key) => stored[key] != null).map((key) => [key, stored[key]]));
}

type ReadTarget = { poolId: string; memberId: string } | { poolId: string; address: string; protocolPort: number };

/**
 * What to read: the stored pool and the member id, or for PoolMember.get an id of the form
 * "<poolId>/<memberId>" or "<poolId>/<address>:<port>".
 */
export function parseReadId(id: string, stored: Partial<PoolMemberState>): ReadTarget {
  const slash = id.indexOf("/");
  if (slash > 0) {
    const poolId = id.slice(0, slash);
    const rest = id.slice(slash + 1);
    const byAddress = /^([\d.]+):(\d{1,5})$/.exec(rest);
    if (byAddress && !isIPv4(byAddress[1])) {
      throw new ElbError("invalid_input", `${JSON.stringify(id)} is not a member id: ${JSON.stringify(byAddress[1])} is not an IPv4 address`);
    }
    if (isSafeId(poolId) && (byAddress || isSafeId(rest))) {
      return byAddress ? { poolId, address: byAddress[1], protocolPort: Number(byAddress[2]) } : { poolId, memberId: rest };
    }
    throw new ElbError("invalid_input", `${JSON.stringify(id)} is not a member id: use "<poolId>/<memberId>" or "<poolId>/<address>:<port>"`);
  }
  if (!isSafeId(id)) throw new ElbError("invalid_input", `${JSON.stringify(id)} is not a member id`);
  if (typeof stored.poolId !== "string" || stored.poolId === "") {
    throw new ElbError(
      "invalid_input",
      `the pool of member ${id} is unknown; use an id of the form "<poolId>/<memberId>" or "<poolId>/<address>:<port>"`,
    );
  }
  return { poolId: stored.poolId, memberId: id };
}

function withContext(error: unknown, label: string): Error {
  if (error instanceof ElbError) return error.withContext(label);
  if (error instanceof Error) return error.message.startsWith(label) ? error : Object.assign(error, { message: `${label}: ${error.message}` });
  return new Error(`${label}: ${String(error)}`);
}

/**
 * An error the engine understands as "created, but not finished": it records the id and the
 * properties. The engine then shows only the error's `reasons` (the host's ErrorResourceInitFailed
 * drops the message itself), so the message goes there, or the user sees "resource init failed".
 */
function partialFailure(error: unknown, label: string, id: string, properties: Props): RecordedFailure {
  return recordedFailure(withContext(error, `${label} (member ${id} is recorded in the state)`), id, properties);
}

type RecordedFailure = Error & { id: string; properties: Props; reasons: string[] };

/** `failure` as the engine's partial failure: the id and properties to record, and the reason it shows. */
function recordedFailure(failure: Error, id: string, properties: Props): RecordedFailure {
  return Object.assign(failure, { id, properties, reasons: [failure.message] });
}
