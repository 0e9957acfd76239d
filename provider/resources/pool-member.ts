// The PoolMember lifecycle: check, diff, create, read, update, delete. It speaks only to the
// API layer (finders, waiters, the load balancer queue), never raw HTTP.
import { createMember, deleteMember, getMember, updateMember } from "../api/members";
import { loadBalancerIdOfPool } from "../api/pools";
import { ApiMember, ApiMemberUpdate } from "../api/types";
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { providerContext } from "../context";
import { diffInputs } from "../diff";
import { poolMemberSpec } from "../schema";
import { checkInputs, CheckResult } from "../validate";

export interface PoolMemberInputs {
  poolId: string;
  address: string;
  protocolPort: number;
  subnetId: string;
  name: string;
  weight: number;
  adminStateUp: boolean;
}

export interface PoolMemberOutputs extends PoolMemberInputs {
  operatingStatus: string;
  tenantId: string;
  loadBalancerId: string;
}

/** (pool, address, port) is unique: a replacement that keeps them must delete first. */
const IDENTITY = ["poolId", "address", "protocolPort"];
/** Like the Terraform providers: 10 minutes per operation. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const PROVIDER_KEY = "__provider";

type Props = Record<string, unknown>;

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  return checkInputs(poolMemberSpec, news);
}

export async function diff(_id: string, olds: Props, news: Props) {
  const outcome = diffInputs(poolMemberSpec, olds, news, IDENTITY);
  return { changes: outcome.changes, replaces: outcome.replaces, deleteBeforeReplace: outcome.deleteBeforeReplace };
}

export async function create(props: Props): Promise<{ id: string; outs: PoolMemberOutputs }> {
  const inputs = props as unknown as PoolMemberInputs;
  const { client, gate } = await providerContext();
  const label = `adding member ${inputs.address}:${inputs.protocolPort} to pool ${inputs.poolId}`;
  const deadline = Deadline.after(DEFAULT_TIMEOUT_MS, label);
  let created: ApiMember | undefined;
  let loadBalancerId = "";
  try {
    loadBalancerId = await loadBalancerIdOfPool(client, inputs.poolId, deadline);
    await gate.apply(loadBalancerId, deadline, async () => {
      created = await createMember(
        client,
        inputs.poolId,
        {
          address: inputs.address,
          protocol_port: inputs.protocolPort,
          subnet_id: inputs.subnetId,
          name: inputs.name,
          weight: inputs.weight,
          admin_state_up: inputs.adminStateUp,
        },
        deadline,
      );
    });
    const member = await getMember(client, inputs.poolId, created!.id, deadline);
    return { id: member.id, outs: outputsOf(inputs, member, loadBalancerId) };
  } catch (error) {
    if (created) {
      // The member exists: hand its id to the engine so it is recorded, not leaked.
      throw partialFailure(error, label, created.id, { ...outputsOf(inputs, created, loadBalancerId), [PROVIDER_KEY]: props[PROVIDER_KEY] });
    }
    throw withContext(error, label);
  }
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const { client } = await providerContext();
  const { poolId, memberId } = parseReadId(id, props);
  const deadline = Deadline.after(DEFAULT_TIMEOUT_MS, `reading member ${memberId} of pool ${poolId}`);
  let member: ApiMember;
  try {
    member = await getMember(client, poolId, memberId, deadline);
  } catch (error) {
    // The member, or its whole pool, was deleted outside Pulumi.
    if (isElbError(error, "not_found")) return { id: "", props: {} };
    throw withContext(error, deadline.label);
  }
  const loadBalancerId = (props.loadBalancerId as string | undefined) || (await loadBalancerIdOfPool(client, poolId, deadline));
  const inputs: PoolMemberInputs = {
    poolId,
    address: member.address,
    protocolPort: member.protocol_port,
    subnetId: member.subnet_id,
    name: member.name,
    weight: member.weight,
    adminStateUp: member.admin_state_up,
  };
  return { id: member.id, props: { ...outputsOf(inputs, member, loadBalancerId) }, inputs: { ...inputs } };
}

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: PoolMemberOutputs }> {
  const previous = olds as unknown as PoolMemberOutputs;
  const inputs = news as unknown as PoolMemberInputs;
  const { client, gate } = await providerContext();
  const label = `updating member ${id} (${inputs.address}:${inputs.protocolPort}) of pool ${inputs.poolId}`;
  const deadline = Deadline.after(DEFAULT_TIMEOUT_MS, label);
  // Only what changed is sent; weight 0 is a value, not an absence.
  const changes: ApiMemberUpdate = {};
  if (inputs.name !== previous.name) changes.name = inputs.name;
  if (inputs.weight !== previous.weight) changes.weight = inputs.weight;
  if (inputs.adminStateUp !== previous.adminStateUp) changes.admin_state_up = inputs.adminStateUp;
  try {
    const loadBalancerId = await loadBalancerIdOfPool(client, inputs.poolId, deadline);
    if (Object.keys(changes).length > 0) {
      await gate.apply(loadBalancerId, deadline, () =>
        updateMember(client, inputs.poolId, id, changes, deadline),
      );
    }
    // The PUT echo may show the old values: read what the API now holds.
    const member = await getMember(client, inputs.poolId, id, deadline);
    return { outs: outputsOf(inputs, member, loadBalancerId) };
  } catch (error) {
    throw withContext(error, label);
  }
}

export async function remove(id: string, props: Props): Promise<void> {
  const member = props as unknown as PoolMemberOutputs;
  const { client, gate } = await providerContext();
  const label = `removing member ${id} (${member.address}:${member.protocolPort}) from pool ${member.poolId}`;
  const deadline = Deadline.after(DEFAULT_TIMEOUT_MS, label);
  try {
    const loadBalancerId = await loadBalancerIdOfPool(client, member.poolId, deadline);
    await gate.apply(loadBalancerId, deadline, () => deleteMember(client, member.poolId, id, deadline));
  } catch (error) {
    // Already gone, or its pool or load balancer is: the goal of a delete is reached.
    if (isElbError(error, "not_found")) return;
    throw withContext(error, label);
  }
}

function outputsOf(inputs: PoolMemberInputs, member: ApiMember, loadBalancerId: string): PoolMemberOutputs {
  return {
    poolId: inputs.poolId,
    address: member.address ?? inputs.address,
    protocolPort: member.protocol_port ?? inputs.protocolPort,
    subnetId: member.subnet_id ?? inputs.subnetId,
    name: member.name ?? inputs.name,
    weight: member.weight ?? inputs.weight,
    adminStateUp: member.admin_state_up ?? inputs.adminStateUp,
    operatingStatus: member.operating_status ?? "",
    tenantId: member.tenant_id ?? "",
    loadBalancerId,
  };
}

/** Read takes the stored pool id, or a "poolId/memberId" id given to PoolMember.get. */
function parseReadId(id: string, props: Props): { poolId: string; memberId: string } {
  const slash = id.indexOf("/");
  if (slash > 0) return { poolId: id.slice(0, slash), memberId: id.slice(slash + 1) };
  const poolId = props.poolId;
  if (typeof poolId !== "string" || poolId === "") {
    throw new ElbError("invalid_input", `reading member ${id}: the pool is unknown; use the id form "<poolId>/<memberId>"`);
  }
  return { poolId, memberId: id };
}

function withContext(error: unknown, label: string): Error {
  if (error instanceof ElbError) return error.withContext(label);
  return error instanceof Error ? error : new Error(`${label}: ${String(error)}`);
}

/** An error the engine understands as "created, but not finished": it records the id. */
function partialFailure(error: unknown, label: string, id: string, properties: Props): Error {
  const failure = withContext(error, `${label} (member ${id} was created)`) as Error & { id?: string; properties?: Props };
  failure.id = id;
  failure.properties = properties;
  return failure;
}
