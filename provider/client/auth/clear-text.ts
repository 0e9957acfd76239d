// Clear text only to loopback. An http:// URL to any other host is refused before anything is
// sent, unless the allowInsecureHttp setting allows it: "true" allows such URLs as long as no
// credential goes over them (auth "none"), "credentials-too" allows credentials as well.
import { BlockList, isIP } from "node:net";
import { ConfigurationError } from "./errors";
import type { AuthMethodKind } from "./types";

/** What the allowInsecureHttp setting allows over http:// to a host that is not loopback. */
export type InsecureHttpLevel = "off" | "withoutCredentials" | "credentialsToo";

export const INSECURE_HTTP_VALUES = ["false", "true", "credentials-too"] as const;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

/** 127.0.0.0/8, ::1 (and 127/8 mapped into IPv6) and the name localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (host === "localhost") return true;
  const family = isIP(host);
  if (family === 4) return LOOPBACK.check(host, "ipv4");
  if (family === 6) return LOOPBACK.check(host, "ipv6");
  return false;
}

/** True for an http:// URL whose host is not loopback. */
export function isClearTextToOtherHost(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname);
}

export interface ClearTextUse {
  /** The setting the URL comes from ("endpoint", "authUrl"), as named in messages. */
  name: string;
  url: string;
  /** Where it was found: "stack config elb:endpoint", "the token's service catalog", ... */
  origin: string;
  /** The auth method whose credentials would go to this URL, or undefined when none would. */
  credentials?: AuthMethodKind;
}

/**
 * The error to refuse this use with, or undefined when it is allowed.
 * @param levelOrigin where allowInsecureHttp was set, when it was
 */
export function clearTextRefusal(use: ClearTextUse, level: InsecureHttpLevel, levelOrigin?: string): ConfigurationError | undefined {
  if (!isClearTextToOtherHost(use.url) || level === "credentialsToo") return undefined;
  const where = `${use.name} (from ${use.origin}) is ${new URL(use.url).origin}, clear-text http to a host that is not loopback`;
  if (level === "off") {
    return new ConfigurationError(
      "ELB_CLEAR_TEXT",
      `${where}, so nothing was sent to it. Use https; or, only on a network you trust, set elb:allowInsecureHttp ` +
        '(or ELB_ALLOW_INSECURE_HTTP) to "true" to allow http without credentials (auth "none"), or to "credentials-too"',
    );
  }
  if (!use.credentials || use.credentials === "none") return undefined;
  return new ConfigurationError(
    "ELB_CLEAR_TEXT",
    `${where}, and auth "${use.credentials}" would send credentials over it, so nothing was sent to it. ` +
      `allowInsecureHttp is "true" (from ${levelOrigin ?? "default"}), which allows http only without credentials: ` +
      'use https, or set elb:allowInsecureHttp (or ELB_ALLOW_INSECURE_HTTP) to "credentials-too"',
  );
}
