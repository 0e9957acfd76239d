// Typed errors. Every error the provider makes is a ProviderError with a stable `code`; ElbError
// is everything the ELB API or the network can do to a call, and callers branch on its `kind`
// only; the HTTP status, the API's own code and the request id are kept for messages.

/**
 * The root of the provider's errors: a stable `code` to branch on (ELB_NOT_FOUND,
 * ELB_NO_CREDENTIALS, ...), never the message, and a message written for people.
 */
export abstract class ProviderError extends Error {
  abstract readonly code: string;
}

/**
 * Another's error (a bug, a library's) with what we were doing in front. The original is kept
 * as the cause, untouched; a ProviderError's code carries over.
 */
export class ContextError extends ProviderError {
  readonly code: string;

  constructor(context: string, cause: unknown) {
    super(`${context}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "ContextError";
    this.code = cause instanceof ProviderError ? cause.code : "ELB_UNEXPECTED";
  }
}

export type ElbErrorKind =
  "not_found" | "lb_failed" | "duplicate" | "conflict" | "throttled" | "auth" | "invalid_input" | "server" | "network" | "timeout" | "configuration";

/** ElbError's stable code: ELB_ and its kind, e.g. ELB_NOT_FOUND. */
export type ElbErrorCode = `ELB_${Uppercase<ElbErrorKind>}`;

export interface ElbErrorDetails {
  status?: number;
  /** The API's own code (ELB.8904, StateInvalid, ...). */
  apiCode?: string;
  requestId?: string;
  /** Seconds the server asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class ElbError extends ProviderError {
  readonly kind: ElbErrorKind;
  readonly code: ElbErrorCode;
  readonly status?: number;
  readonly apiCode?: string;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;

  constructor(kind: ElbErrorKind, message: string, details: ElbErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ElbError";
    this.kind = kind;
    this.code = `ELB_${kind.toUpperCase() as Uppercase<ElbErrorKind>}`;
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** A new error with a verb and the ids in front ("adding member 10.0.0.5:80 to pool p: ..."), every detail kept and this one its cause. */
  withContext(context: string): ElbError {
    const wrapped = new ElbError(this.kind, `${context}: ${this.message}`, { ...this, apiCode: this.apiCode, cause: this });
    wrapped.stack = this.stack;
    return wrapped;
  }
}

export function isElbError(error: unknown, ...kinds: ElbErrorKind[]): error is ElbError {
  return error instanceof ElbError && (kinds.length === 0 || kinds.includes(error.kind));
}

/** Which error body a server sent: the shapes differ by product, gateway and proxy. */
export type ErrorBodyShape =
  | "neutron" // {"NeutronError": {type, message, detail}}: the shared ELB API, Neutron LBaaS
  | "apigw" // {error_code, error_msg, request_id}: the cloud's API gateway, ELB.xxxx codes
  | "nested" // {"error": {code, message, title}}: Keystone, some gateways
  | "wsme" // {faultcode, faultstring, debuginfo}: Pecan/WSME servers such as OpenStack Octavia
  | "flat" // {code, message}
  | "webob" // {code: 404, title, description}: Pecan/WebOb's own errors (Octavia's unknown pool)
  | "json" // JSON of no known shape
  | "html" // a web server's or proxy's page
  | "text"
  | "empty";

export interface ParsedErrorBody {
  message: string;
  code?: string;
  requestId?: string;
  shape: ErrorBodyShape;
}

const MAX_MESSAGE = 500;

/** Reads an error body of any shape into a message, the server's code and request id. */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === "") return { message: "", shape: "empty" };
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return /^<(!doctype|html|\?xml|head|body)/i.test(trimmed)
      ? { message: htmlSummary(trimmed), shape: "html" }
      : { message: trimmed.slice(0, MAX_MESSAGE), shape: "text" };
  }
  const root = record(body);
  const neutron = record(root?.NeutronError);
  if (neutron) return { message: str(neutron.message) ?? str(neutron.detail) ?? "", code: str(neutron.type), shape: "neutron" };
  if (root && (root.error_msg !== undefined || root.error_code !== undefined)) {
    return { message: str(root.error_msg) ?? "", code: str(root.error_code), requestId: str(root.request_id), shape: "apigw" };
  }
  const nested = record(root?.error);
  if (nested) return { message: str(nested.message) ?? "", code: str(nested.code) ?? str(nested.title), shape: "nested" };
  if (root && (root.faultstring !== undefined || root.faultcode !== undefined)) {
    // faultcode is only "Client" or "Server" (who is to blame), not a code worth showing.
    return { message: str(root.faultstring) ?? "", shape: "wsme" };
  }
  if (root && str(root.message)) return { message: str(root.message) ?? "", code: str(root.code), shape: "flat" };
  if (root && (str(root.description) || str(root.title))) {
    // The title is the status's reason phrase (and not always the right one), not a code.
    return { message: str(root.description) ?? str(root.title) ?? "", shape: "webob" };
  }
  return { message: trimmed.slice(0, MAX_MESSAGE), shape: "json" };
}

/** ELB.xxxx codes the docs give for "this object does not exist", whatever the status. */
const NOT_FOUND_CODES = new Set(["ELB.1002", "ELB.1003", "ELB.2011", "ELB.2012", "ELB.8904", "ELB.9800"]);
/** Quotas: a 403 or 409 that no credential and no waiting fixes. */
const QUOTA_CODES = new Set(["ELB.1091", "ELB.2001", "ELB.8905", "ELB.9807"]);
/** The API version or the API itself is not served at this endpoint. */
const WRONG_ENDPOINT_CODES = new Set(["APIGW.0101", "ELB.1110"]);

/**
 * Maps an error response to its kind, by status code and the server's code only; message text
 * never decides. Some kinds are only candidates, which the API layer confirms by asking the
 * server (api/confirm.ts): "not_found" (gone, or a wrong endpoint?) and "conflict" (a duplicate,
 * a busy load balancer, or something else?).
 */
export function classifyResponse(status: number, parsed: ParsedErrorBody): ElbErrorKind {
  const code = parsed.code ?? "";
  if (WRONG_ENDPOINT_CODES.has(code)) return "configuration";
  if (NOT_FOUND_CODES.has(code) || status === 404) return "not_found";
  if (QUOTA_CODES.has(code)) return "invalid_input";
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "throttled";
  if (status === 409) return "conflict";
  if (status >= 500) return "server";
  if (status >= 400) return "invalid_input";
  return "server";
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The page's title, or its text without tags: enough to tell a proxy's page from the API. */
function htmlSummary(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const text =
    title ||
    html
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  return `(an HTML page) ${text.slice(0, 200)}`.trim();
}
