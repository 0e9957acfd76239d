// Typed API errors and their two wire shapes. Handlers throw ApiError; the server renders it in
// the configured style, so no handler knows about body formats.
import type { ErrorStyle } from "./types";

export interface ApiErrorInit {
  status: number;
  /** NeutronError.type, the exception class name Neutron would report. */
  type: string;
  /** NeutronError.message; also error_msg unless elbMessage is set. */
  message: string;
  /** error_code in the API-gateway shape (ELB.xxxx / APIGW.xxxx). */
  code: string;
  elbMessage?: string;
  headers?: Record<string, string>;
  /** Rendered in the Keystone shape whatever the ELB style (IAM errors; also any error on /v3). */
  keystone?: boolean;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly elbMessage: string;
  readonly headers: Record<string, string>;
  readonly keystone: boolean;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.elbMessage = init.elbMessage ?? init.message;
    this.headers = init.headers ?? {};
    this.keystone = init.keystone ?? false;
  }
}

const KEYSTONE_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** IAM paths answer every error in the Keystone shape, never as NeutronError. */
export function isIamPath(path: string): boolean {
  return path === "/v3" || path.startsWith("/v3/");
}

/** A dedicated load balancer's (ELB v3) path: /v3/{project_id}/elb/..., beside IAM's /v3/auth/... */
export function isDedicatedElbPath(path: string): boolean {
  return /^\/v3\/[^/]+\/elb(\/|$)/.test(path) && !path.startsWith("/v3/auth/");
}

/** The ELB.xxxx codes of a 400 that the v3 status code table lists; any other 400 is ELB.8902 there. */
const DEDICATED_BAD_REQUEST_CODES = new Set(["ELB.8902", "ELB.8931", "ELB.8932", "ELB.8933"]);

/**
 * An error as a v3 route answers it. The v3 table (http_status_codes_for_dedicated_load_balancers)
 * has one code for every malformed URI, body or parameter, ELB.8902, so the v2.0 checks' finer
 * codes (ELB.0002, ELB.9805, ELB.9899, ELB.1004) become it; the message stays.
 */
export function asDedicatedError(err: ApiError): ApiError {
  if (err.status !== 400 || DEDICATED_BAD_REQUEST_CODES.has(err.code)) return err;
  return new ApiError({ status: 400, type: err.type, message: err.message, code: "ELB.8902", elbMessage: err.elbMessage, headers: err.headers });
}

/** The body for an error in the selected style; keystone forces the IAM shape. */
export function errorBody(err: ApiError, style: ErrorStyle, requestId: string, keystone = err.keystone): unknown {
  if (keystone) {
    return {
      error: { code: err.status, message: err.message, title: KEYSTONE_TITLES[err.status] ?? "Error" },
    };
  }
  if (style === "apigw") {
    return { error_code: err.code, error_msg: err.elbMessage, request_id: requestId };
  }
  return { NeutronError: { message: err.message, type: err.type, detail: "" } };
}

// Factories: one per documented situation, so messages and codes stay in one place.

/** An IAM error: Keystone's shape, with its status and message. */
export function iamError(status: number, message: string): ApiError {
  const type = status === 400 ? "ValidationError" : status === 403 ? "Forbidden" : "Unauthorized";
  return new ApiError({ status, type, message, code: "IAM", keystone: true });
}

/**
 * The 400 that request checks answer: HTTPBadRequest in the Neutron shape; in the API-gateway
 * shape, `code` and elbMessage (the message itself when elbMessage is not given).
 */
function badInput(code: string, message: string, elbMessage?: string): ApiError {
  return new ApiError({ status: 400, type: "HTTPBadRequest", message, code, elbMessage });
}

export function malformedBody(): ApiError {
  return badInput("ELB.0002", "Malformed request body", "RequestBody is null, request is invalid.");
}

export function emptyBody(): ApiError {
  return badInput("ELB.0002", "Resource body required", "RequestBody is null or empty,request is invalid.");
}

export function missingWrapper(resource: string): ApiError {
  const cap = resource.charAt(0).toUpperCase() + resource.slice(1);
  return badInput("ELB.0002", `Unable to find '${resource}' in request body`, `${cap} is null,request is invalid.`);
}

export function requiredMissing(resource: string, attr: string): ApiError {
  return badInput(
    "ELB.9805",
    `Failed to parse request. Required attribute '${attr}' not specified`,
    `RequestBody ${resource}[${attr}] is null, this is a required parameter.`,
  );
}

export function tooLong(resource: string, attr: string, length: number, max: number): ApiError {
  return badInput(
    "ELB.9805",
    `Invalid input for ${attr}. Reason: '${length}' characters exceed the limit of ${max}.`,
    `RequestBody ${resource}[${attr}]'s length is ${length}, greater than ${max}.`,
  );
}

export function invalidInput(attr: string, reason: string): ApiError {
  return badInput("ELB.8902", `Invalid input for ${attr}. Reason: ${reason}`, `Invalid input for '${attr}'. ${reason}`);
}

export function unknownAttributes(names: string[]): ApiError {
  const list = names.map((n) => `'${n}'`).join(", ");
  return badInput("ELB.9899", `Unrecognized attribute(s) ${list}`, `Invalid parameter. Unrecognized attribute(s) ${list}`);
}

export function notAllowedInPost(attr: string): ApiError {
  return badInput("ELB.9899", `Attribute '${attr}' not allowed in POST`, `Invalid parameter. Attribute '${attr}' not allowed in POST`);
}

export function readOnlyAttribute(attr: string): ApiError {
  return badInput("ELB.9899", `Cannot update read-only attribute ${attr}`, `Invalid parameter. Cannot update read-only attribute ${attr}`);
}

export function badRequest(message: string, code = "ELB.9899"): ApiError {
  return badInput(code, message);
}

export function invalidQuery(message: string): ApiError {
  return badInput("ELB.1004", message, `The query condition is invalid. ${message}`);
}

export function batchMemberMissing(id: string): ApiError {
  return badInput("ELB.2012", `Member ${id} could not be found in the pool`, "The member does not exist.");
}

export function tenantMismatch(): ApiError {
  return badInput(
    "ELB.8902",
    "Specifying 'tenant_id' other than authenticated tenant in request requires admin privileges",
    "Invalid input for 'tenant_id'. The value must be the project_id in the token.",
  );
}

export function notFound(kind: string, id: string): ApiError {
  return new ApiError({
    status: 404,
    type: "EntityNotFound",
    message: `${kind} ${id} could not be found`,
    code: "ELB.8904",
  });
}

export function routeNotFound(): ApiError {
  return new ApiError({
    status: 404,
    type: "HTTPNotFound",
    message: "The resource could not be found.",
    code: "APIGW.0101",
    elbMessage: "The API does not exist or has not been published in the environment",
  });
}

export function methodNotAllowed(method: string, allowed: string[]): ApiError {
  return new ApiError({
    status: 405,
    type: "HTTPMethodNotAllowed",
    message: `The method ${method} is not allowed for this resource.`,
    code: "APIGW.0101",
    elbMessage: "The API does not exist or has not been published in the environment",
    headers: { Allow: allowed.join(", ") },
  });
}

export function stateInvalid(loadbalancerId: string, state: string): ApiError {
  return new ApiError({
    status: 409,
    type: "StateInvalid",
    message: `Invalid state ${state} of loadbalancer resource ${loadbalancerId}`,
    code: "ELB.8907",
  });
}

export function memberExists(address: string, port: number, poolId: string): ApiError {
  return new ApiError({
    status: 409,
    type: "MemberExists",
    message: `Member with address ${address} and protocol_port ${port} already present in pool ${poolId}`,
    code: "ELB.8907",
  });
}

/** v3: the same address and port twice in a pool (adding page: "must have different IP addresses and ports"). */
export function addressInUse(address: string, port: number, poolId: string): ApiError {
  return new ApiError({
    status: 409,
    type: "MemberExists",
    message: `Member with address ${address} and protocol_port ${port} already present in pool ${poolId}`,
    code: "ELB.8907",
    elbMessage: `The IP address is already in use: backend server ${address}:${port} already exists in pool ${poolId}.`,
  });
}

/** v3: an IPv6 backend server in a pool that supports only IPv4 (status code table, ELB.8933). */
export function ipv6NotSupported(message: string): ApiError {
  return new ApiError({ status: 400, type: "HTTPBadRequest", message, code: "ELB.8933" });
}

export type AuthFailure =
  | "missing"
  | "unknown_token"
  | "expired_token"
  | "bad_authorization"
  | "unknown_access_key"
  | "bad_date"
  | "clock_skew"
  | "security_token"
  | "signature_mismatch";

const AUTH_CODES: Record<AuthFailure, string> = {
  missing: "ELB.1102",
  unknown_token: "ELB.1103",
  expired_token: "ELB.1104",
  bad_authorization: "ELB.1109",
  unknown_access_key: "ELB.1109",
  bad_date: "ELB.1109",
  clock_skew: "ELB.1109",
  security_token: "ELB.1109",
  signature_mismatch: "ELB.1109",
};

export function unauthorized(reason: AuthFailure, detail: string): ApiError {
  const base = reason === "missing" ? "Token is error, Authentication required." : "Authentication failed.";
  return new ApiError({
    status: 401,
    type: "Unauthorized",
    message: `Authentication required: ${detail}`,
    code: AUTH_CODES[reason],
    elbMessage: `${base} ${detail}`,
  });
}

export function forbidden(action: string): ApiError {
  return new ApiError({
    status: 403,
    type: "PolicyNotAuthorized",
    message: `Policy doesn't allow ${action} to be performed.`,
    code: "ELB.9803",
  });
}

export function throttled(retryAfterSeconds: number): ApiError {
  return new ApiError({
    status: 429,
    type: "TooManyRequests",
    message: "The throttling threshold has been reached",
    code: "APIGW.0308",
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}

const SERVER_MESSAGES: Record<number, [string, string]> = {
  500: ["HTTPInternalServerError", "Request Failed: internal server error while processing your request."],
  502: ["HTTPBadGateway", "Bad gateway: the upstream service returned an invalid response."],
  503: ["HTTPServiceUnavailable", "Service unavailable: the system is temporarily abnormal."],
  504: ["HTTPGatewayTimeout", "Gateway timeout."],
};

export function serverError(status: number): ApiError {
  const [type, message] = SERVER_MESSAGES[status] ?? SERVER_MESSAGES[500];
  return new ApiError({ status, type, message, code: "ELB.8906", elbMessage: `Internal server error. ${message}` });
}

export function bodyTooLarge(): ApiError {
  return new ApiError({
    status: 413,
    type: "HTTPRequestEntityTooLarge",
    message: "Request body is too large",
    code: "ELB.9899",
  });
}

/** A bad seed, fault or admin input: a caller mistake, not an API error. */
export class EmulatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmulatorConfigError";
  }
}

/** An admin or programmatic call named a resource that does not exist. */
export class UnknownResourceError extends EmulatorConfigError {
  constructor(message: string) {
    super(message);
    this.name = "UnknownResourceError";
  }
}
