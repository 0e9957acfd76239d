// Signs one attempt of a request. Returns only the headers to add; the caller sets them over the
// request's own headers, so every value signed here is the value that goes out.

import type { OutgoingRequest } from "../auth/types";
import { canonicalRequest, hashBody, sha256Hex, signedHeaders } from "./canonical";
import { formatSdkDate, signature, SIGNING_ALGORITHM, stringToSign } from "./signature";

export interface SigningCredentials {
  accessKey: string;
  secretKey: string;
  /** Present for temporary credentials; sent as X-Security-Token and signed. */
  securityToken?: string;
}

/** Request headers that are signed whenever they are present (host and x-sdk-date always are). */
const SIGNED_WHEN_PRESENT = ["content-type", "x-project-id", "x-security-token"] as const;

/** `hostname[:port]`; URL.host already drops the default port of the scheme (443, 80). */
export function hostHeader(url: URL): string {
  return url.host;
}

export function signRequest(request: OutgoingRequest, credentials: SigningCredentials, now: Date, projectId?: string): Record<string, string> {
  const added: Record<string, string> = {};
  // Reuse the request's own spelling of a header, so the merged headers never hold two of them.
  const set = (name: string, value: string): void => {
    added[existingName(request.headers, name) ?? name] = value;
  };

  const host = headerValue(request.headers, "host") ?? hostHeader(request.url);
  if (headerValue(request.headers, "host") === undefined) set("Host", host);
  const sdkDate = formatSdkDate(now);
  set("X-Sdk-Date", sdkDate);
  if (credentials.securityToken) set("X-Security-Token", credentials.securityToken);
  if (projectId) set("X-Project-Id", projectId);

  const sent = { ...request.headers, ...added };
  const toSign: Record<string, string> = { host, "x-sdk-date": sdkDate };
  for (const name of SIGNED_WHEN_PRESENT) {
    const value = headerValue(sent, name);
    if (value !== undefined) toSign[name] = value;
  }

  const canonical = canonicalRequest(request.method, request.url, toSign, hashBody(request.body));
  const sig = signature(credentials.secretKey, stringToSign(sdkDate, sha256Hex(canonical)));
  set("Authorization", `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders(toSign)}, Signature=${sig}`);
  return added;
}

function existingName(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((key) => key.toLowerCase() === lower);
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = existingName(headers, name);
  return key === undefined ? undefined : headers[key];
}
