// AK/SK "SDK-HMAC-SHA256" signing as small pure functions, and the emulator's verification of a
// signed request. The signing side exists so tests can sign requests independently of the client
// under test, and so the official test vector pins the canonical request.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { AkSkCredential } from "../types";
import type { AuthFailure } from "../errors";

export const ALGORITHM = "SDK-HMAC-SHA256";
/** How far X-Sdk-Date may be from the emulator clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type HeaderMap = Record<string, string | string[] | undefined>;

/** Percent-encodes everything but A-Z a-z 0-9 - _ . ~ (encodeURIComponent also spares !'()*). */
export function encodeComponent(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Each segment decoded then re-encoded; a trailing "/" is added for signing only. */
export function canonicalUri(path: string): string {
  const encoded = path
    .split("/")
    .map((segment) => encodeComponent(decodeLoosely(segment)))
    .join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Keys and values encoded, sorted by key then value, joined with "&". */
export function canonicalQuery(rawQuery: string): string {
  const pairs = rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const eq = p.indexOf("=");
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? "" : p.slice(eq + 1);
      // In a query "+" is a space (form encoding), as URLSearchParams and the reference signers read it.
      const decode = (part: string) => decodeLoosely(part.replace(/\+/g, " "));
      return [encodeComponent(decode(key)), encodeComponent(decode(value))] as const;
    });
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function headerValue(headers: HeaderMap, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower && v !== undefined) return Array.isArray(v) ? v.join(",") : v;
  }
  return undefined;
}

/** "name:value\n" per signed header, in signed-header order (which is sorted). */
export function canonicalHeaders(headers: HeaderMap, signedHeaders: string[]): string {
  return signedHeaders.map((name) => `${name}:${(headerValue(headers, name) ?? "").trim()}\n`).join("");
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export interface CanonicalInput {
  method: string;
  /** The path as sent, without query. */
  path: string;
  /** The raw query string, without "?". */
  query: string;
  headers: HeaderMap;
  /** Lowercase header names. */
  signedHeaders: string[];
  /** The exact body bytes. */
  body: Buffer | string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const signed = [...input.signedHeaders].map((h) => h.toLowerCase()).sort();
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQuery(input.query),
    canonicalHeaders(input.headers, signed),
    signed.join(";"),
    sha256Hex(input.body),
  ].join("\n");
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function signature(secretKey: string, toSign: string): string {
  return createHmac("sha256", secretKey).update(toSign).digest("hex");
}

export function formatSdkDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.[0-9]{3}/, "");
}

export function parseSdkDate(text: string): number | null {
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? null : ms;
}

export interface ParsedAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string): ParsedAuthorization | null {
  const m = /^SDK-HMAC-SHA256\s+(.+)$/.exec(value.trim());
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const part of m[1].split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (!fields.Access || !fields.SignedHeaders || !fields.Signature) return null;
  return {
    access: fields.Access,
    signedHeaders: fields.SignedHeaders.split(";").map((h) => h.trim().toLowerCase()),
    signature: fields.Signature.toLowerCase(),
  };
}

export interface SignOptions {
  method: string;
  /** Absolute URL or path with query. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  accessKey: string;
  secretKey: string;
  /** ms since epoch; defaults to now. */
  date?: number;
}

/** Signs a request: returns the headers to add (X-Sdk-Date and Authorization). */
export function signRequest(opts: SignOptions): { "X-Sdk-Date": string; Authorization: string } {
  const url = new URL(opts.url, "http://placeholder");
  const sdkDate = formatSdkDate(opts.date ?? Date.now());
  const headers: HeaderMap = { ...opts.headers, "x-sdk-date": sdkDate };
  const signed = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h !== "authorization")
    .sort();
  const canonical = canonicalRequest({
    method: opts.method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ""),
    headers,
    signedHeaders: signed,
    body: opts.body ?? "",
  });
  const sig = signature(opts.secretKey, stringToSign(sdkDate, canonical));
  return {
    "X-Sdk-Date": sdkDate,
    Authorization: `${ALGORITHM} Access=${opts.accessKey}, SignedHeaders=${signed.join(";")}, Signature=${sig}`,
  };
}

export interface SignedRequest {
  method: string;
  path: string;
  query: string;
  headers: HeaderMap;
  body: Buffer;
}

export type VerifyResult = { ok: true; credential: AkSkCredential } | { ok: false; reason: AuthFailure; detail: string };

function fail(reason: AuthFailure, detail: string): VerifyResult {
  return { ok: false, reason, detail };
}

/** Verifies a signed request the way the API gateway does, against the configured credentials. */
export function verifyRequest(req: SignedRequest, credentials: AkSkCredential[], now: number): VerifyResult {
  const auth = parseAuthorization(headerValue(req.headers, "authorization") ?? "");
  if (!auth) return fail("bad_authorization", "malformed SDK-HMAC-SHA256 Authorization header");
  const credential = credentials.find((c) => c.accessKey === auth.access);
  if (!credential) return fail("unknown_access_key", `unknown access key ${auth.access}`);

  const sdkDate = headerValue(req.headers, "x-sdk-date");
  const at = sdkDate === undefined ? null : parseSdkDate(sdkDate);
  if (at === null) return fail("bad_date", "X-Sdk-Date missing or not YYYYMMDDTHHMMSSZ");
  if (Math.abs(now - at) > MAX_CLOCK_SKEW_MS) return fail("clock_skew", `X-Sdk-Date ${sdkDate} is more than 15 minutes off`);

  for (const required of ["host", "x-sdk-date"]) {
    if (!auth.signedHeaders.includes(required)) return fail("bad_authorization", `${required} must be signed`);
  }
  if (auth.signedHeaders.includes("authorization")) return fail("bad_authorization", "authorization cannot be signed");
  const absent = auth.signedHeaders.find((h) => headerValue(req.headers, h) === undefined);
  if (absent) return fail("bad_authorization", `signed header ${absent} is not in the request`);

  if (credential.securityToken !== undefined && headerValue(req.headers, "x-security-token") !== credential.securityToken) {
    return fail("security_token", "temporary credentials need a valid X-Security-Token");
  }

  const canonical = canonicalRequest({ ...req, signedHeaders: auth.signedHeaders });
  const expected = Buffer.from(signature(credential.secretKey, stringToSign(sdkDate as string, canonical)));
  const given = Buffer.from(auth.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return fail("signature_mismatch", "signature does not match");
  }
  return { ok: true, credential };
}
