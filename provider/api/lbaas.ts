// Every call of the member API (v2.0, Octavia's v2, v3) goes through here, so a 404 is checked
// with the server before anyone treats it as "gone".
import { ApiResult, CallOptions, ElbClient } from "../client/http";
import { explainNotFound } from "./confirm";
import { apiPath } from "./paths";

export async function lbaasCall<T>(client: ElbClient, method: string, path: string, options: CallOptions): Promise<ApiResult<T>> {
  try {
    return await client.call<T>(method, await apiPath(client, path), options);
  } catch (error) {
    throw await explainNotFound(client, error, options.deadline, path.replace(/^\//, ""));
  }
}
