// Where the member API lives on a server: /v2.0/lbaas on the shared ELB, /v2/lbaas on OpenStack
// Octavia, /v3/{project_id}/elb for dedicated load balancers. Below the root the paths are the
// same (pools/{id}/members/{id}, loadbalancers/{id}, ...).
import { ElbClient } from "../client/http";

/** "/v2.0/lbaas/pools/p/members" for the path "pools/p/members". */
export async function apiPath(client: ElbClient, path: string): Promise<string> {
  return `${await client.apiRoot()}/${path.replace(/^\//, "")}`;
}
