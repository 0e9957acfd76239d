// Where the LBaaS v2 API lives on a server: /v2.0 on the shared ELB, /v2 on OpenStack Octavia.
import { ElbClient } from "../client/http";

/** "/v2.0/lbaas/pools/p/members" for the path "pools/p/members". */
export function lbaasPath(client: ElbClient, path: string): string {
  return `/${client.apiVersion}/lbaas/${path.replace(/^\//, "")}`;
}
