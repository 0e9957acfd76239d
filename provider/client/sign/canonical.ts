// The parts of the canonical request. Each is a pure function of what is sent, so the server
// (or the emulator) can rebuild exactly the same text from the request it receives.

import { createHash } from "node:crypto";
import { percentDecode, percentEncode } from "./encode";

/**
 * The path with each segment percent-encoded, always ending in "/". The trailing slash exists
 * only in the signed text; the request itself goes out with its own path.
 * `path` may be percent-encoded already (as URL.pathname is): segments are decoded first, so
 * "/a%20b" and "/a b" sign the same.
 */
export function canonicalUri(path: string): string {
  const encoded = path
    .split("/")
    .map((segment) => percentEncode(percentDecode(segment)))
    .join("/");
  const absolute = encoded.startsWith("/") ? encoded : "/" + encoded;
  return absolute.endsWith("/") ? absolute : absolute + "/";
}

/** Sorted by key then value, compared as UTF-8 bytes on the raw text (as the reference signers do). */
export function canonicalQuery(searchParams: URLSearchParams): string {
  return [...searchParams]
    .sort(([ka, va], [kb, vb]) => compareUtf8(ka, kb) || compareUtf8(va, vb))
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join("&");
}

/** `name:value\n` per header: lowercase names, trimmed values, sorted; authorization never. */
export function canonicalHeaders(headers: Record<string, string>): string {
  return normalizedHeaders(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join("");
}

/** The lowercase header names, sorted, joined with ";". */
export function signedHeaders(headers: Record<string, string>): string {
  return normalizedHeaders(headers)
    .map(([name]) => name)
    .join(";");
}

/** Lowercase hex SHA-256 of the exact bytes sent; no body hashes as the empty string. */
export function hashBody(body?: Uint8Array | string): string {
  return sha256Hex(body ?? "");
}

/** The six lines that get hashed; `headersToSign` holds only the headers that are signed. */
export function canonicalRequest(method: string, url: URL, headersToSign: Record<string, string>, bodyHash: string): string {
  return [
    method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.searchParams),
    canonicalHeaders(headersToSign),
    signedHeaders(headersToSign),
    bodyHash,
  ].join("\n");
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function normalizedHeaders(headers: Record<string, string>): Array<[string, string]> {
  const byName = new Map<string, string>();
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase().trim();
    if (name === "authorization") continue;
    // Two spellings of one header would make the signed text depend on object key order.
    if (byName.has(name)) throw new Error(`header "${name}" is given twice (in different letter case)`);
    byName.set(name, String(value).trim());
  }
  return [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
