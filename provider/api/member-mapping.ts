// Between the API's member (snake_case, as on the wire) and the SDK's properties. The lifecycle
// and the lookups speak only in the SDK's terms; the field names live here.
import type { PoolMemberInfo, PoolMemberState } from "../types";
import { ApiMember, ApiMemberCreate, ApiMemberUpdate } from "./types";

/** The member's configuration as the API reports it; a field it leaves out is undefined. */
export function memberProperties(member: ApiMember): Omit<PoolMemberState, "poolId" | "adopt" | "timeouts"> {
  return {
    address: member.address,
    protocolPort: member.protocol_port,
    subnetId: member.subnet_id,
    name: member.name,
    weight: member.weight,
    adminStateUp: member.admin_state_up,
  };
}

/** A member as the lookups return it. */
export function memberInfo(poolId: string, member: ApiMember): PoolMemberInfo {
  return { id: member.id, poolId, ...memberProperties(member), operatingStatus: member.operating_status, tenantId: member.tenant_id };
}

/** The POST body for a member with this configuration. */
export function createRequest(state: PoolMemberState): Required<ApiMemberCreate> {
  return {
    address: state.address,
    protocol_port: state.protocolPort,
    subnet_id: state.subnetId,
    name: state.name,
    weight: state.weight,
    admin_state_up: state.adminStateUp,
  };
}

/** What to PUT so the member has the wanted name, weight and admin state; weight 0 is a value. */
export function updateRequest(current: Pick<ApiMember, "name" | "weight" | "admin_state_up">, wanted: PoolMemberState): ApiMemberUpdate {
  const changes: ApiMemberUpdate = {};
  if (current.name !== wanted.name) changes.name = wanted.name;
  if (current.weight !== wanted.weight) changes.weight = wanted.weight;
  if (current.admin_state_up !== wanted.adminStateUp) changes.admin_state_up = wanted.adminStateUp;
  return changes;
}
