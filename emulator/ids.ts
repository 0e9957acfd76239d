// Ids the emulator makes up: request ids, and stable ids derived from other ids so derived
// fields (vip port, IAM user and domain ids) survive restarts and persistence.
import { createHash, randomUUID } from "node:crypto";

/** Request ids look like the gateway's: 32 hex characters. */
export function newRequestId(): string {
  return randomUUID().replace(/-/g, "");
}

/** A UUID-shaped id derived from another id and a salt. */
export function derivedId(from: string, salt: string): string {
  const h = createHash("sha256").update(`${salt}:${from}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The same, as 32 hex characters (IAM ids). */
export function derivedHexId(from: string, salt: string): string {
  return derivedId(from, salt).replace(/-/g, "");
}
