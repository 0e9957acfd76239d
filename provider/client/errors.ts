// Typed errors for everything the ELB API or the network can do to a call. Callers branch on
// `kind` only; the HTTP status, API code and request id are kept for messages.

export type ElbErrorKind =
  | "not_found"
  | "lb_busy"
  | "lb_failed"
  | "duplicate"
  | "conflict"
  | "throttled"
  | "auth"
  | "invalid_input"
  | "server"
  | "network"
  | "timeout"
  | "configuration";

export interface ElbErrorDetails {
  status?: number;
  /** The API's own code (ELB.8904, StateInvalid, ...). */
  code?: string;
  requestId?: string;
  /** Seconds the server asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class ElbError extends Error {
  readonly kind: ElbErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;

  constructor(kind: ElbErrorKind, message: string, details: ElbErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ElbError";
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** The same error with a verb and the ids in front: "adding member 10.0.0.5:80 to pool p: ...". */
  withContext(context: string): ElbError {
    const wrapped = new ElbError(this.kind, `${context}: ${this.message}`, this);
    wrapped.stack = this.stack;
    return wrapped;
  }
}

export function isElbError(error: unknown, ...kinds: ElbErrorKind[]): error is ElbError {
  return error instanceof ElbError && (kinds.length === 0 || kinds.includes(error.kind));
}

export interface ParsedErrorBody {
  message: string;
  code?: string;
  requestId?: string;
  /** The body had one of the API's error shapes (not plain text or an HTML page). */
  structured?: boolean;
}

/**
 * Reads the API's error body in any of the shapes seen in practice: NeutronError,
 * {error_code, error_msg, request_id}, {error: {code, message}}, {code, message}, or raw text.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: text.trim().slice(0, 500) };
  }
  const record = (value: unknown): Record<string, unknown> | undefined =>
    value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  const root = record(body);
  const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
  const neutron = record(root?.NeutronError);
  if (neutron) return { message: str(neutron.message) ?? "", code: str(neutron.type), structured: true };
  if (root && (root.error_msg !== undefined || root.error_code !== undefined)) {
    return { message: str(root.error_msg) ?? "", code: str(root.error_code), requestId: str(root.request_id), structured: true };
  }
  const nested = record(root?.error);
  if (nested) return { message: str(nested.message) ?? "", code: str(nested.code) ?? str(nested.title), structured: true };
  if (root && str(root.message)) return { message: str(root.message) ?? "", code: str(root.code), structured: true };
  return { message: text.trim().slice(0, 500) };
}

/** Maps an HTTP error response to its kind. */
export function classifyResponse(status: number, parsed: ParsedErrorBody): ElbErrorKind {
  const text = `${parsed.code ?? ""} ${parsed.message}`;
  if (status === 404) {
    // Only the ELB API saying "no such member/pool" means gone. A gateway without this API
    // (APIGW.0101) or a web page means a wrong endpoint: treating that as "gone" would make
    // refresh forget, and destroy abandon, members that still exist.
    return parsed.structured && !/^APIGW\./.test(parsed.code ?? "") ? "not_found" : "configuration";
  }
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "throttled";
  if (status === 409) {
    // A load balancer in ERROR is also "StateInvalid", but waiting will not help.
    if (/Invalid state ERROR|state ERROR/i.test(text)) return "lb_failed";
    if (/StateInvalid|PENDING_(UPDATE|CREATE|DELETE)|Invalid state PENDING/i.test(text)) return "lb_busy";
    if (/already present|MemberExists|already exists|already in use/i.test(text)) return "duplicate";
    return "conflict";
  }
  if (status >= 500) return "server";
  if (status >= 400) return "invalid_input";
  return "server";
}
