// Every call of the LBaaS v2 API goes through here, so a 404 is checked with the server before
// anyone treats it as "gone".
import { ApiResult, CallOptions, ElbClient } from "../client/http";
import { explainNotFound } from "./confirm";
import { lbaasPath } from "./paths";

export async function lbaasCall<T>(client: ElbClient, method: string, path: string, options: CallOptions): Promise<ApiResult<T>> {
  try {
    return await client.call<T>(method, lbaasPath(client, path), options);
  } catch (error) {
    throw await explainNotFound(client, error, options.deadline);
  }
}
