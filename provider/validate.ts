// Validates program inputs against schema.json before any API call. Every failure names the
// property and what is allowed, and all failures are reported at once.
import * as net from "node:net";
import { PROFILE_NAME_PATTERN } from "./settings/profiles";
import { parseDuration } from "./duration";
import { alwaysInState, PropertySpec, ResourceSpec } from "./schema";

/**
 * What the engine passes for a value that is not known yet (during preview): the engine's wire
 * sentinel for unknown values (UnknownStringValue in the Go SDK's resource/sig package), which
 * the Node.js SDK exports publicly as `runtime.unknownValue`. Written here rather than imported:
 * the public way is the whole `@pulumi/pulumi` module (its internal `runtime/rpc` file is not an
 * API), which the provider does not otherwise load at run time. validate.test.ts checks that the
 * two agree.
 */
export const UNKNOWN: string = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

export function checkInputs(spec: ResourceSpec, news: Record<string, unknown>): CheckResult {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};

  // The adapters take the engine's own keys (__provider, ...) off before anything is checked.
  for (const key of Object.keys(news)) {
    if (!(key in spec.inputProperties) && !(key in spec.outputProperties)) {
      failures.push({ property: key, reason: `is not a property; the inputs are ${Object.keys(spec.inputProperties).join(", ")}` });
    }
  }

  for (const [name, property] of Object.entries(spec.inputProperties)) {
    const value = news[name];
    if (value === undefined || value === null) {
      if (spec.requiredInputs.includes(name)) {
        failures.push({ property: name, reason: `is required: ${property.description}` });
      } else if (alwaysInState(spec, name)) {
        // A member property takes its default, so state mirrors what the load balancer holds;
        // diff reads a provider setting left unset as its default.
        inputs[name] = property.default;
      }
      continue;
    }
    inputs[name] = value;
    if (value === UNKNOWN) continue;
    const problem = checkValue(property, value);
    if (problem) failures.push({ property: name, reason: problem });
  }
  return { inputs, failures };
}

/** Why a known value breaks its property's rules, or undefined when it is fine. */
export function checkValue(property: PropertySpec, value: unknown): string | undefined {
  switch (property.type) {
    case "integer":
    case "number":
      return checkNumber(property, value);
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false, got ${describe(value)}`;
    case "string":
      return checkString(property, value);
    case "object":
      return checkObject(property, value);
    case "array":
      return checkArray(property, value);
    default:
      return undefined;
  }
}

function checkNumber(property: PropertySpec, value: unknown): string | undefined {
  const kind = property.type === "integer" ? "an integer" : "a number";
  const range = rangeText(property);
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (property.type !== "integer" || Number.isInteger(value)) &&
    (property.minimum === undefined || value >= property.minimum) &&
    (property.maximum === undefined || value <= property.maximum);
  return ok ? undefined : `must be ${kind}${range}, got ${describe(value)}`;
}

function rangeText(property: PropertySpec): string {
  if (property.minimum !== undefined && property.maximum !== undefined) {
    return ` from ${property.minimum} to ${property.maximum}`;
  }
  if (property.minimum !== undefined) return ` of at least ${property.minimum}`;
  if (property.maximum !== undefined) return ` of at most ${property.maximum}`;
  return "";
}

function checkString(property: PropertySpec, value: unknown): string | undefined {
  if (typeof value !== "string") return `must be a string, got ${describe(value)}`;
  // Characters as the API counts them (code points), not UTF-16 units: "🚀" is one.
  const length = [...value].length;
  if (property.minLength !== undefined && length < property.minLength) {
    return property.minLength === 1 ? "must not be empty" : `must have at least ${property.minLength} characters`;
  }
  if (property.maxLength !== undefined && length > property.maxLength) {
    return `must have at most ${property.maxLength} characters, got ${length}`;
  }
  if (CONTROL_CHARACTER.test(value)) {
    return `must not contain control characters (a newline, a tab, ...), got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`;
  }
  if (property.format === "duration") {
    const ms = parseDuration(value);
    if (ms === undefined) return `must be a duration such as "10m", "90s" or "1h30m", got ${describe(value)}`;
    if (ms === 0) return `must be longer than zero (an operation with no time cannot start), got ${describe(value)}`;
  }
  if (property.format === "ipv4" && !isIPv4(value)) {
    const hint = value.includes(":") ? " (IPv6 is not supported by the shared ELB v2.0 API)" : "";
    return `must be an IPv4 address such as 192.168.0.10${hint}, got ${describe(value)}`;
  }
  if (property.format === "ip" && net.isIP(value) === 0) {
    return `must be an IP address (IPv4 such as 192.168.0.10, or IPv6 such as fd00::10), got ${describe(value)}`;
  }
  if (property.format === "uuid" && !isUuid(value)) {
    // Octavia gives ids back as Python's str(uuid.UUID(...)) writes them, lowercase, so an id
    // written otherwise would read back as a change (a subnetId change replaces the member).
    const hint = isUuid(value.toLowerCase()) ? ", as the API writes ids (written otherwise it would read back as a change)" : "";
    return `must be a UUID in lowercase, such as ${UUID_EXAMPLE} (hexadecimal digits in groups of 8-4-4-4-12)${hint}, got ${describe(value)}`;
  }
  if (property.format === "profileName" && !PROFILE_NAME_PATTERN.test(value)) {
    return `must be the name of a profile in elb:profiles: 1 to 63 letters, digits, "-" or "_", starting with a letter or digit, got ${describe(value)}`;
  }
  if (property.enum && !property.enum.includes(value)) {
    return `must be one of ${property.enum.join(", ")}, got ${describe(value)}`;
  }
  return undefined;
}

function checkArray(property: PropertySpec, value: unknown): string | undefined {
  if (!Array.isArray(value)) return `must be a list, got ${describe(value)}`;
  const problems: string[] = [];
  value.forEach((item, index) => {
    if (item === UNKNOWN) return;
    const problem = property.items ? checkValue(property.items, item) : undefined;
    if (problem) problems.push(`item ${index} ${problem}`);
  });
  // Octavia keeps a list such as tags as a set (one row per value), so a repeat fails there.
  const repeated = value.filter((item, index) => item !== UNKNOWN && value.indexOf(item) !== index);
  if (repeated.length > 0) problems.push(`must not hold a value twice, got ${describe(repeated[0])} more than once`);
  return problems.length > 0 ? problems.join("; ") : undefined;
}

function checkObject(property: PropertySpec, value: unknown): string | undefined {
  const allowed = property.properties ?? {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `must be an object with any of ${Object.keys(allowed).join(", ")}, got ${describe(value)}`;
  }
  const problems: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const spec = allowed[key];
    if (!spec) {
      problems.push(`${key} is not allowed (allowed: ${Object.keys(allowed).join(", ")})`);
    } else if (item !== undefined && item !== null && item !== UNKNOWN) {
      const problem = checkValue(spec, item);
      if (problem) problems.push(`${key} ${problem}`);
    }
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The ids the cloud generates (pools, subnets, members), as every supported API writes them:
 * 32 lowercase hexadecimal digits in groups of 8-4-4-4-12. Any version: the shared ELB's docs
 * show only examples, and Octavia's UuidType takes any. Only hexadecimal digits and "-", so such
 * an id is always one safe URL path segment.
 */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The README's example pool id, for messages. */
export const UUID_EXAMPLE = "0416b6f1-877f-4a51-987e-978b3f084253";

/** Dotted-quad IPv4; Node refuses leading zeros too (which some parsers read as octal). */
export function isIPv4(text: string): boolean {
  return net.isIPv4(text);
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  return Array.isArray(value) ? "a list" : typeof value;
}
