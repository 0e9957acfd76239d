// Which member API a target speaks: the shared ELB's v2.0 (/v2.0/lbaas), dedicated load
// balancers' ELB v3 (/v3/{project_id}/elb) or Octavia's v2 (/v2/lbaas). The cloud and the
// loadBalancerType setting decide it; paths, field names, paging, the change gate and the
// preview's rules follow from it.
import type { CloudName } from "./client/auth/types";
import type { LoadBalancerType } from "./settings/model";

export type MemberApi = "shared" | "dedicated" | "octavia";

export function memberApiOf(cloud: CloudName, loadBalancerType: LoadBalancerType): MemberApi {
  if (cloud === "openstack") return "octavia";
  return loadBalancerType === "dedicated" ? "dedicated" : "shared";
}

/** For messages: what the target speaks. */
export const MEMBER_API_TITLES: Record<MemberApi, string> = {
  shared: "the shared ELB's v2.0 API",
  dedicated: "the dedicated load balancers' ELB v3 API",
  octavia: "Octavia's v2 API",
};
