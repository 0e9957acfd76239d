// A 404 alone does not say whether the object is gone or the endpoint is not the LBaaS API at
// all (a wrong path, a gateway, a proxy's page), and treating the second as the first would make
// refresh forget, and destroy abandon, members that still exist. So the server is asked: a
// listing of load balancers, which any LBaaS v2 server answers, whatever exists.
import { Deadline } from "../client/deadline";
import { ElbError, isElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { lbaasPath } from "./paths";

/**
 * The error to throw for a failed call: a not_found stays not_found once the server is known to
 * serve the API, and becomes a configuration error when it does not. Other errors pass through.
 */
export async function explainNotFound(client: ElbClient, error: unknown, deadline: Deadline): Promise<unknown> {
  if (!isElbError(error, "not_found")) return error;
  // Failures of the probe itself (network, auth, 5xx) are what the caller gets: never "gone".
  if (await servesLbaas(client, deadline)) return error;
  return new ElbError(
    "configuration",
    `${error.message}; and ${client.endpoint} does not answer GET ${lbaasPath(client, "loadbalancers")} as an LBaaS v2 API, ` +
      "so this is a wrong endpoint, not a missing object: check elb:endpoint, or elb:region and elb:cloud",
    error,
  );
}

async function servesLbaas(client: ElbClient, deadline: Deadline): Promise<boolean> {
  if (client.servesLbaasConfirmed) return true;
  let served = false;
  try {
    const result = await client.call<{ loadbalancers?: unknown }>("GET", lbaasPath(client, "loadbalancers"), {
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
