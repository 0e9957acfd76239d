// The PoolMember lifecycle: check, diff, create, read, update, delete. It speaks only to the
// API layer (finders, waiters, the change gate), never raw HTTP.
import { deleteMember, findMemberByAddress, getMember, updateMember } from "../api/members";
import { loadBalancerIdOfPool } from "../api/pools";
import { ApiMember, ApiMemberUpdate } from "../api/types";
import { systemClock } from "../client/clock";
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { providerContext, settingsProblem } from "../context";
import { diffInputs } from "../diff";
import { parseDuration } from "../duration";
import { poolMemberSpec } from "../schema";
import { claimedBy, claimMember, memberKey } from "../claims";
import { checkInputs, CheckResult, isIPv4, isSafeId, RESOURCE_NAME_KEY, UNKNOWN } from "../validate";
import { addMember } from "./add-member";
import { rememberRemoved, takeRemoved } from "./put-back";

export interface PoolMemberTimeouts {
  create?: string;
  update?: string;
  delete?: string;
}

export interface PoolMemberInputs {
  poolId: string;
  address: string;
  protocolPort: number;
  subnetId: string;
  name: string;
  weight: number;
  adminStateUp: boolean;
  adopt: boolean;
  timeouts?: PoolMemberTimeouts;
}

export interface PoolMemberOutputs extends PoolMemberInputs {
  operatingStatus: string;
  tenantId: string;
  loadBalancerId: string;
}

/** (pool, address, port) is unique: a replacement that keeps them must delete first. */
const IDENTITY = ["poolId", "address", "protocolPort"];
/** Like the Terraform providers: 10 minutes per operation unless `timeouts` says otherwise. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const PROVIDER_KEY = "__provider";

type Props = Record<string, unknown>;

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const result = checkInputs(poolMemberSpec, news);
  // A clear-text endpoint is refused here, so preview already says so (as a check failure, which
  // the engine shows as the message alone).
  const problem = settingsProblem();
  if (problem) return { ...result, failures: [...result.failures, { property: "", reason: problem }] };
  if (result.failures.length > 0) return result;
  const { poolId, address, protocolPort } = result.inputs;
  const owner = news[RESOURCE_NAME_KEY];
  // Known only when none of the three is still an output of another resource; create checks again.
  if (typeof owner === "string" && ![poolId, address, protocolPort].includes(UNKNOWN)) {
    const other = claimMember(memberKey(String(poolId), String(address), Number(protocolPort)), owner);
    if (other) result.failures.push({ property: "address", reason: claimedBy(other, owner, `${address}:${protocolPort} in pool ${poolId}`) });
  }
  return result;
}

export async function diff(_id: string, olds: Props, news: Props) {
  const outcome = diffInputs(poolMemberSpec, olds, news, IDENTITY);
  return { changes: outcome.changes, replaces: outcome.replaces, deleteBeforeReplace: outcome.deleteBeforeReplace };
}

export async function create(props: Props): Promise<{ id: string; outs: PoolMemberOutputs }> {
  const inputs = props as unknown as PoolMemberInputs;
  const label = `adding member ${inputs.address}:${inputs.protocolPort} to pool ${inputs.poolId}`;
  const deadline = deadlineFor(inputs, "create", label);
  let member: ApiMember | undefined;
  let loadBalancerId = "";
  const owner = props[RESOURCE_NAME_KEY];
  if (typeof owner === "string") {
    const other = claimMember(memberKey(inputs.poolId, inputs.address, inputs.protocolPort), owner);
    if (other) throw new ElbError("duplicate", `${label}: ${claimedBy(other, owner, `${inputs.address}:${inputs.protocolPort}`)}`);
  }
  try {
    const context = await providerContext();
    loadBalancerId = await loadBalancerIdOfPool(context.client, inputs.poolId, deadline);
    const added = await addMember(
      context,
      {
        poolId: inputs.poolId,
        loadBalancerId,
        adopt: inputs.adopt || context.adoptExisting,
        member: {
          address: inputs.address,
          protocol_port: inputs.protocolPort,
          subnet_id: inputs.subnetId,
          name: inputs.name,
          weight: inputs.weight,
          admin_state_up: inputs.adminStateUp,
        },
      },
      deadline,
      (made) => (member = made),
    );
    member = added.member;
    if (added.origin === "adopted") {
      // An adopted member keeps its old settings until we set them.
      const changes = changesBetween(member, inputs);
      if (Object.keys(changes).length > 0) {
        const id = member.id;
        await context.gate.apply(loadBalancerId, deadline, () => updateMember(context.client, inputs.poolId, id, changes, deadline));
        // The PUT echo may show the old values: read what the API now holds.
        member = await getMember(context.client, inputs.poolId, id, deadline);
      }
    }
    // A created member's POST answer is current (unlike PUT's), so no read-back is needed.
    return { id: member.id, outs: outputsOf(inputs, member, loadBalancerId) };
  } catch (error) {
    if (member) {
      // The member exists: hand its id to the engine so it is recorded, not leaked.
      throw partialFailure(error, label, member.id, { ...outputsOf(inputs, member, loadBalancerId), [PROVIDER_KEY]: props[PROVIDER_KEY] });
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
async function putBack(replaced: PoolMemberOutputs, failure: unknown, label: string, props: Props, deadline: Deadline): Promise<Error> {
  const where = `${replaced.address}:${replaced.protocolPort}`;
  try {
    const context = await providerContext();
    const restored = await addMember(
      context,
      {
        poolId: replaced.poolId,
        loadBalancerId: replaced.loadBalancerId,
        adopt: false,
        member: {
          address: replaced.address,
          protocol_port: replaced.protocolPort,
          subnet_id: replaced.subnetId,
          name: replaced.name,
          weight: replaced.weight,
          admin_state_up: replaced.adminStateUp,
        },
      },
      deadline,
    );
    const outputs = outputsOf({ ...replaced, ...declaredBy(props) }, restored.member, replaced.loadBalancerId);
    const id = restored.member.id;
    const message =
      `${withContext(failure, label).message}. The member it replaces was put back as it was (member ${id}, subnet ${replaced.subnetId}, ` +
      `weight ${replaced.weight}), so the pool still serves ${where}; fix the input and run \`pulumi up\` again`;
    const error = new ElbError(isElbError(failure) ? failure.kind : "invalid_input", message, isElbError(failure) ? failure : {});
    return recordedFailure(error, id, { ...outputs, [PROVIDER_KEY]: props[PROVIDER_KEY] });
  } catch (putBackError) {
    const reason = putBackError instanceof Error ? putBackError.message : String(putBackError);
    return withContext(failure, `${label}; putting back the member it replaces (subnet ${replaced.subnetId}) failed too (${reason}), so the pool no longer serves ${where}`);
  }
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const stored = props as Partial<PoolMemberOutputs>;
  const label = `reading member ${id}`;
  const deadline = deadlineFor(stored, "update", label);
  let member: ApiMember | undefined;
  let poolId: string;
  try {
    const { client } = await providerContext();
    const target = parseReadId(id, stored);
    poolId = target.poolId;
    try {
      member =
        "memberId" in target
          ? await getMember(client, poolId, target.memberId, deadline)
          : await findMemberByAddress(client, poolId, target.address, target.protocolPort, deadline);
    } catch (error) {
      // The member, or its whole pool, was deleted outside Pulumi.
      if (!isElbError(error, "not_found")) throw error;
    }
    if (!member) return { id: "", props: {} };
    const loadBalancerId = stored.loadBalancerId || (await loadBalancerIdOfPool(client, poolId, deadline));
    // What the API reports wins; a field it leaves out keeps the stored value (or its default),
    // and settings that live only in the program (adopt, timeouts) are kept.
    const stateInputs = checkInputs(poolMemberSpec, { ...pickInputs(stored), poolId }).inputs as unknown as PoolMemberInputs;
    const outputs = outputsOf({ ...stateInputs, adopt: stored.adopt ?? false, ...declaredBy(stored) }, member, loadBalancerId);
    const { operatingStatus: _status, tenantId: _tenant, loadBalancerId: _lb, ...inputs } = outputs;
    return { id: member.id, props: { ...outputs }, inputs: { ...inputs } };
  } catch (error) {
    throw withContext(error, label);
  }
}

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: PoolMemberOutputs }> {
  const previous = olds as unknown as PoolMemberOutputs;
  const inputs = news as unknown as PoolMemberInputs;
  const label = `updating member ${id} (${inputs.address}:${inputs.protocolPort}) of pool ${inputs.poolId}`;
  const deadline = deadlineFor(inputs, "update", label);
  const changes = changesBetween({ name: previous.name, weight: previous.weight, admin_state_up: previous.adminStateUp }, inputs);
  if (Object.keys(changes).length === 0) {
    // Only settings of the provider itself changed (adopt, timeouts): nothing to send.
    const { timeouts: _old, ...kept } = previous;
    return { outs: { ...kept, adopt: inputs.adopt ?? false, ...(inputs.timeouts ? { timeouts: inputs.timeouts } : {}), ...declaredBy(news) } };
  }
  try {
    const { client, gate } = await providerContext();
    const loadBalancerId = await loadBalancerIdOfPool(client, inputs.poolId, deadline);
    await gate.apply(loadBalancerId, deadline, () => updateMember(client, inputs.poolId, id, changes, deadline));
    // The PUT echo may show the old values: read what the API now holds.
    const member = await getMember(client, inputs.poolId, id, deadline);
    return { outs: outputsOf(inputs, member, loadBalancerId) };
  } catch (error) {
    throw withContext(error, label);
  }
}

export async function remove(id: string, props: Props): Promise<void> {
  const member = props as unknown as PoolMemberOutputs;
  const label = `removing member ${id} (${member.address}:${member.protocolPort}) from pool ${member.poolId}`;
  const deadline = deadlineFor(member, "delete", label);
  try {
    const { client, gate, batcher } = await providerContext();
    const loadBalancerId = await loadBalancerIdOfPool(client, member.poolId, deadline);
    if (!(batcher && (await batcher.remove(member.poolId, loadBalancerId, id, deadline)))) {
      await gate.apply(loadBalancerId, deadline, () => deleteMember(client, member.poolId, id, deadline));
    }
    rememberRemoved({ ...member, loadBalancerId });
  } catch (error) {
    // Already gone, or its pool or load balancer is: the goal of a delete is reached.
    if (isElbError(error, "not_found")) return;
    throw withContext(error, label);
  }
}

/** What to PUT so the member has the program's name, weight and admin state; weight 0 is a value. */
function changesBetween(current: Pick<ApiMember, "name" | "weight" | "admin_state_up">, wanted: PoolMemberInputs): ApiMemberUpdate {
  const changes: ApiMemberUpdate = {};
  if (current.name !== wanted.name) changes.name = wanted.name;
  if (current.weight !== wanted.weight) changes.weight = wanted.weight;
  if (current.admin_state_up !== wanted.adminStateUp) changes.admin_state_up = wanted.adminStateUp;
  return changes;
}

function deadlineFor(inputs: Partial<PoolMemberInputs>, operation: keyof PoolMemberTimeouts, label: string): Deadline {
  const configured = inputs.timeouts?.[operation];
  const ms = configured === undefined ? undefined : parseDuration(configured);
  const setting = ms === undefined ? `timeouts.${operation}, 10m by default` : `timeouts.${operation}`;
  return Deadline.after(ms ?? DEFAULT_TIMEOUT_MS, label, systemClock, setting);
}

function outputsOf(inputs: PoolMemberInputs, member: ApiMember, loadBalancerId: string): PoolMemberOutputs {
  const outputs: Record<string, unknown> = {
    poolId: inputs.poolId,
    ...apiProperties(member),
    adopt: inputs.adopt ?? false,
    timeouts: inputs.timeouts,
    loadBalancerId,
    // Kept in state, so a refresh hands it back and no diff ever shows it.
    ...declaredBy(inputs as unknown as Props),
  };
  const fallbacks: Props = { ...inputs, operatingStatus: "", tenantId: "" };
  for (const [key, value] of Object.entries(outputs)) {
    // What the API reports wins; a field it left out keeps the program's value. The engine's
    // wire format has no undefined, so what is still missing is left out.
    if (value !== undefined && value !== null) continue;
    if (fallbacks[key] === undefined || fallbacks[key] === null) delete outputs[key];
    else outputs[key] = fallbacks[key];
  }
  return outputs as unknown as PoolMemberOutputs;
}

/** The resource name the SDK sent, when there is one (state from older versions has none). */
function declaredBy(props: Props): Props {
  const name = props[RESOURCE_NAME_KEY];
  return typeof name === "string" ? { [RESOURCE_NAME_KEY]: name } : {};
}

/** The inputs among stored properties (for a lookup by id, there may be none). */
function pickInputs(stored: Props): Props {
  return Object.fromEntries(Object.keys(poolMemberSpec.inputProperties).filter((key) => stored[key] != null).map((key) => [key, stored[key]]));
}

/** The API's view of a member, in the SDK's property names. */
export function apiProperties(member: ApiMember) {
  return {
    address: member.address,
    protocolPort: member.protocol_port,
    subnetId: member.subnet_id,
    name: member.name,
    weight: member.weight,
    adminStateUp: member.admin_state_up,
    operatingStatus: member.operating_status,
    tenantId: member.tenant_id,
  };
}

type ReadTarget = { poolId: string; memberId: string } | { poolId: string; address: string; protocolPort: number };

/**
 * What to read: the stored pool and the member id, or for PoolMember.get an id of the form
 * "<poolId>/<memberId>" or "<poolId>/<address>:<port>".
 */
export function parseReadId(id: string, stored: Partial<PoolMemberOutputs>): ReadTarget {
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
