// String to sign, signature and the X-Sdk-Date format of the SDK-HMAC-SHA256 scheme.

import { createHmac } from "node:crypto";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** UTC `YYYYMMDDTHHMMSSZ`, the X-Sdk-Date format (no separators, no milliseconds). */
export function formatSdkDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error("cannot sign with an invalid date");
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

export function stringToSign(sdkDate: string, canonicalRequestHash: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${canonicalRequestHash}`;
}

/** Hex HMAC-SHA256 of the string to sign, keyed with the raw secret key (no key derivation). */
export function signature(secretKey: string, toSign: string): string {
  return createHmac("sha256", secretKey).update(toSign).digest("hex");
}
