// The AuthTransport that IAM token requests go through: the same undici dispatcher (TLS, proxy,
// keep-alive) as the ELB calls, and the response body always consumed.
import type { Dispatcher } from "undici";
import { undici } from "./undici";
import { AuthResponse, AuthTransport } from "./auth/types";

const IAM_TIMEOUT_MS = 30_000;

export function undiciAuthTransport(dispatcher: Dispatcher): AuthTransport {
  const send = async (method: "GET" | "POST", url: URL, headers: Record<string, string>, body?: string): Promise<AuthResponse> => {
    const response = await undici().request(url, {
      method,
      headers,
      body,
      dispatcher,
      headersTimeout: IAM_TIMEOUT_MS,
      bodyTimeout: IAM_TIMEOUT_MS,
      signal: AbortSignal.timeout(IAM_TIMEOUT_MS),
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  };
  return {
    post: (url, body, headers) => send("POST", url, headers, body),
    get: (url, headers) => send("GET", url, headers),
  };
}
