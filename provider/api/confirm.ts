// A 404 alone does not say whether the object is gone or the target is wrong, and treating the
// second as the first would make refresh forget, and destroy abandon, members that still exist.
// Two wrong targets are told apart from "gone":
// - an endpoint that is not the member API at all (a wrong path, a gateway, a proxy's page): a
//   listing of load balancers, which any such server answers whatever exists, fails;
// - a pool of the other kind of load balancer on the same cloud (the shared ELB's v2.0 API and
//   dedicated load balancers' v3 do not see each other's pools): the pool is missing here and
//   found through the other API, so loadBalancerType is wrong for it.
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { MEMBER_API_TITLES } from "../member-api";
import { apiPath } from "./paths";

/**
 * The error to throw for a failed call to `path` (below the API's root): a not_found stays
 * not_found once the server is known to serve the API and the pool is not another kind's, and
 * becomes a configuration error when either is not so. Other errors pass through.
 */
export async function explainNotFound(client: ElbClient, error: unknown, deadline: Deadline, path = ""): Promise<unknown> {
  if (!isElbError(error, "not_found")) return error;
  // Failures of the probes themselves (network, auth, 5xx) are what the caller gets: never "gone".
  if (!(await servesApi(client, deadline))) {
    return new ElbError(
      "configuration",
      `${error.message}; and ${client.endpoint} does not answer GET ${await apiPath(client, "loadbalancers")} as ${MEMBER_API_TITLES[client.api]}, ` +
        "so this is a wrong endpoint, not a missing object: check elb:endpoint, or elb:region, elb:cloud and elb:loadBalancerType",
      error,
    );
  }
  const poolId = /^pools\/([^/]+)/.exec(path)?.[1];
  if (poolId && (await poolOfOtherKind(client, poolId, path, deadline))) {
    const [here, there] = client.api === "dedicated" ? (["dedicated", "shared"] as const) : (["shared", "dedicated"] as const);
    return new ElbError(
      "configuration",
      `${error.message}; pool ${poolId} is not a pool of a ${here} load balancer but of a ${there} one (${MEMBER_API_TITLES[there]} has it), ` +
        `so this is a wrong loadBalancerType, not a missing object: set ${client.settingKey("loadBalancerType")} to "${there}" for this member's target`,
      error,
    );
  }
  return error;
}

async function servesApi(client: ElbClient, deadline: Deadline): Promise<boolean> {
  if (client.servesLbaasConfirmed) return true;
  let served = false;
  try {
    const result = await client.call<{ loadbalancers?: unknown }>("GET", await apiPath(client, "loadbalancers"), {
      deadline,
      query: { limit: 1 },
    });
    served = Array.isArray(result.body?.loadbalancers);
  } catch (error) {
    if (!isElbError(error, "not_found", "configuration", "invalid_input")) throw error;
  }
  if (served) client.servesLbaasConfirmed = true;
  return served;
}

/**
 * Whether the pool is missing through this client's API and there through the other one of the
 * same cloud. Only the shared ELB and dedicated load balancers share a cloud; Octavia has no
 * other. Without a project id (shared, auth none, no elb:projectId) v3 cannot be asked.
 */
async function poolOfOtherKind(client: ElbClient, poolId: string, failedPath: string, deadline: Deadline): Promise<boolean> {
  if (client.api === "octavia") return false;
  // A member's 404 in a pool that is there is just that member gone.
  if (failedPath !== `pools/${poolId}` && (await exists(client, await apiPath(client, `pools/${poolId}`), deadline))) return false;
  const otherRoot = await client.otherApiRoot();
  return otherRoot !== undefined && (await exists(client, `${otherRoot}/pools/${poolId}`, deadline));
}

async function exists(client: ElbClient, fullPath: string, deadline: Deadline): Promise<boolean> {
  try {
    await client.call("GET", fullPath, { deadline });
    return true;
  } catch (error) {
    if (isElbError(error, "not_found")) return false;
    throw error;
  }
}
