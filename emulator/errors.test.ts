// Every error factory: its status, the fields both wire shapes are made of, and its headers; and
// the three wire shapes themselves, byte for byte. A new factory fails the last test until it
// has a row here.
import * as errors from "./errors";
import { ApiError, errorBody } from "./errors";

interface Row {
  status: number;
  type: string;
  code: string;
  message: string;
  /** error_msg in the API-gateway shape; the message when not given. */
  elbMessage?: string;
  headers?: Record<string, string>;
  keystone?: boolean;
}

const ROWS: Array<[string, ApiError, Row]> = [
  ["iamError", errors.iamError(400, "bad scope"), { status: 400, type: "ValidationError", code: "IAM", message: "bad scope", keystone: true }],
  ["iamError", errors.iamError(401, "bad password"), { status: 401, type: "Unauthorized", code: "IAM", message: "bad password", keystone: true }],
  ["iamError", errors.iamError(403, "not allowed"), { status: 403, type: "Forbidden", code: "IAM", message: "not allowed", keystone: true }],
  [
    "malformedBody",
    errors.malformedBody(),
    { status: 400, type: "HTTPBadRequest", code: "ELB.0002", message: "Malformed request body", elbMessage: "RequestBody is null, request is invalid." },
  ],
  [
    "emptyBody",
    errors.emptyBody(),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.0002",
      message: "Resource body required",
      elbMessage: "RequestBody is null or empty,request is invalid.",
    },
  ],
  [
    "missingWrapper",
    errors.missingWrapper("member"),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.0002",
      message: "Unable to find 'member' in request body",
      elbMessage: "Member is null,request is invalid.",
    },
  ],
  [
    "requiredMissing",
    errors.requiredMissing("member", "address"),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.9805",
      message: "Failed to parse request. Required attribute 'address' not specified",
      elbMessage: "RequestBody member[address] is null, this is a required parameter.",
    },
  ],
  [
    "tooLong",
    errors.tooLong("member", "name", 300, 255),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.9805",
      message: "Invalid input for name. Reason: '300' characters exceed the limit of 255.",
      elbMessage: "RequestBody member[name]'s length is 300, greater than 255.",
    },
  ],
  [
    "invalidInput",
    errors.invalidInput("weight", "must be 0-100"),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.8902",
      message: "Invalid input for weight. Reason: must be 0-100",
      elbMessage: "Invalid input for 'weight'. must be 0-100",
    },
  ],
  [
    "unknownAttributes",
    errors.unknownAttributes(["color", "size"]),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.9899",
      message: "Unrecognized attribute(s) 'color', 'size'",
      elbMessage: "Invalid parameter. Unrecognized attribute(s) 'color', 'size'",
    },
  ],
  [
    "notAllowedInPost",
    errors.notAllowedInPost("id"),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.9899",
      message: "Attribute 'id' not allowed in POST",
      elbMessage: "Invalid parameter. Attribute 'id' not allowed in POST",
    },
  ],
  [
    "readOnlyAttribute",
    errors.readOnlyAttribute("pool_id"),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.9899",
      message: "Cannot update read-only attribute pool_id",
      elbMessage: "Invalid parameter. Cannot update read-only attribute pool_id",
    },
  ],
  ["badRequest", errors.badRequest("limit must be positive"), { status: 400, type: "HTTPBadRequest", code: "ELB.9899", message: "limit must be positive" }],
  ["badRequest", errors.badRequest("batch too large", "ELB.2003"), { status: 400, type: "HTTPBadRequest", code: "ELB.2003", message: "batch too large" }],
  [
    "invalidQuery",
    errors.invalidQuery("limit must be positive"),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.1004",
      message: "limit must be positive",
      elbMessage: "The query condition is invalid. limit must be positive",
    },
  ],
  [
    "batchMemberMissing",
    errors.batchMemberMissing("m-1"),
    { status: 400, type: "HTTPBadRequest", code: "ELB.2012", message: "Member m-1 could not be found in the pool", elbMessage: "The member does not exist." },
  ],
  [
    "tenantMismatch",
    errors.tenantMismatch(),
    {
      status: 400,
      type: "HTTPBadRequest",
      code: "ELB.8902",
      message: "Specifying 'tenant_id' other than authenticated tenant in request requires admin privileges",
      elbMessage: "Invalid input for 'tenant_id'. The value must be the project_id in the token.",
    },
  ],
  ["notFound", errors.notFound("Member", "m-1"), { status: 404, type: "EntityNotFound", code: "ELB.8904", message: "Member m-1 could not be found" }],
  [
    "routeNotFound",
    errors.routeNotFound(),
    {
      status: 404,
      type: "HTTPNotFound",
      code: "APIGW.0101",
      message: "The resource could not be found.",
      elbMessage: "The API does not exist or has not been published in the environment",
    },
  ],
  [
    "methodNotAllowed",
    errors.methodNotAllowed("PATCH", ["GET", "PUT"]),
    {
      status: 405,
      type: "HTTPMethodNotAllowed",
      code: "APIGW.0101",
      message: "The method PATCH is not allowed for this resource.",
      elbMessage: "The API does not exist or has not been published in the environment",
      headers: { Allow: "GET, PUT" },
    },
  ],
  [
    "stateInvalid",
    errors.stateInvalid("lb-1", "PENDING_UPDATE"),
    { status: 409, type: "StateInvalid", code: "ELB.8907", message: "Invalid state PENDING_UPDATE of loadbalancer resource lb-1" },
  ],
  [
    "memberExists",
    errors.memberExists("10.0.0.5", 80, "pool-1"),
    { status: 409, type: "MemberExists", code: "ELB.8907", message: "Member with address 10.0.0.5 and protocol_port 80 already present in pool pool-1" },
  ],
  [
    "addressInUse",
    errors.addressInUse("2001:db8:a::5", 80, "pool-1"),
    {
      status: 409,
      type: "MemberExists",
      code: "ELB.8907",
      message: "Member with address 2001:db8:a::5 and protocol_port 80 already present in pool pool-1",
      elbMessage: "The IP address is already in use: backend server 2001:db8:a::5:80 already exists in pool pool-1.",
    },
  ],
  [
    "ipv6NotSupported",
    errors.ipv6NotSupported("pool p supports only IPv4"),
    { status: 400, type: "HTTPBadRequest", code: "ELB.8933", message: "pool p supports only IPv4" },
  ],
  [
    "asDedicatedError",
    errors.asDedicatedError(errors.malformedBody()),
    { status: 400, type: "HTTPBadRequest", code: "ELB.8902", message: "Malformed request body", elbMessage: "RequestBody is null, request is invalid." },
  ],
  [
    "asDedicatedError",
    errors.asDedicatedError(errors.ipv6NotSupported("v4 only")),
    { status: 400, type: "HTTPBadRequest", code: "ELB.8933", message: "v4 only" },
  ],
  [
    "unauthorized",
    errors.unauthorized("missing", "no token"),
    {
      status: 401,
      type: "Unauthorized",
      code: "ELB.1102",
      message: "Authentication required: no token",
      elbMessage: "Token is error, Authentication required. no token",
    },
  ],
  [
    "unauthorized",
    errors.unauthorized("expired_token", "token expired"),
    {
      status: 401,
      type: "Unauthorized",
      code: "ELB.1104",
      message: "Authentication required: token expired",
      elbMessage: "Authentication failed. token expired",
    },
  ],
  [
    "unauthorized",
    errors.unauthorized("signature_mismatch", "signature differs"),
    {
      status: 401,
      type: "Unauthorized",
      code: "ELB.1109",
      message: "Authentication required: signature differs",
      elbMessage: "Authentication failed. signature differs",
    },
  ],
  [
    "forbidden",
    errors.forbidden("create_member"),
    { status: 403, type: "PolicyNotAuthorized", code: "ELB.9803", message: "Policy doesn't allow create_member to be performed." },
  ],
  [
    "throttled",
    errors.throttled(3),
    { status: 429, type: "TooManyRequests", code: "APIGW.0308", message: "The throttling threshold has been reached", headers: { "Retry-After": "3" } },
  ],
  ...(
    [
      [500, "HTTPInternalServerError", "Request Failed: internal server error while processing your request."],
      [502, "HTTPBadGateway", "Bad gateway: the upstream service returned an invalid response."],
      [503, "HTTPServiceUnavailable", "Service unavailable: the system is temporarily abnormal."],
      [504, "HTTPGatewayTimeout", "Gateway timeout."],
      // A status without its own message falls back to 500's words, keeping its own status.
      [599, "HTTPInternalServerError", "Request Failed: internal server error while processing your request."],
    ] as const
  ).map(([status, type, message]): [string, ApiError, Row] => [
    "serverError",
    errors.serverError(status),
    { status, type, code: "ELB.8906", message, elbMessage: `Internal server error. ${message}` },
  ]),
  ["bodyTooLarge", errors.bodyTooLarge(), { status: 413, type: "HTTPRequestEntityTooLarge", code: "ELB.9899", message: "Request body is too large" }],
];

test.each(ROWS)("%s (row %#): status, type, code, messages and headers", (_name, error, row) => {
  expect(error).toBeInstanceOf(ApiError);
  expect({
    status: error.status,
    type: error.type,
    code: error.code,
    message: error.message,
    elbMessage: error.elbMessage,
    headers: error.headers,
    keystone: error.keystone,
  }).toEqual({ elbMessage: row.message, headers: {}, keystone: false, ...row });
});

test("the three wire shapes, byte for byte", () => {
  const error = errors.invalidInput("weight", "must be 0-100");
  expect(JSON.stringify(errorBody(error, "neutron", "req-1"))).toBe(
    '{"NeutronError":{"message":"Invalid input for weight. Reason: must be 0-100","type":"HTTPBadRequest","detail":""}}',
  );
  expect(JSON.stringify(errorBody(error, "apigw", "req-1"))).toBe(
    '{"error_code":"ELB.8902","error_msg":"Invalid input for \'weight\'. must be 0-100","request_id":"req-1"}',
  );
  expect(JSON.stringify(errorBody(error, "apigw", "req-1", true))).toBe(
    '{"error":{"code":400,"message":"Invalid input for weight. Reason: must be 0-100","title":"Bad Request"}}',
  );
  expect(JSON.stringify(errorBody(errors.iamError(401, "bad password"), "neutron", "req-1"))).toBe(
    '{"error":{"code":401,"message":"bad password","title":"Unauthorized"}}',
  );
});

test("every factory has a row", () => {
  const notFactories = new Set(["ApiError", "errorBody", "isIamPath", "isDedicatedElbPath", "EmulatorConfigError", "UnknownResourceError"]);
  const factories = Object.keys(errors).filter((name) => typeof (errors as Record<string, unknown>)[name] === "function" && !notFactories.has(name));
  expect(factories.filter((name) => !ROWS.some(([row]) => row === name))).toEqual([]);
});

test("isDedicatedElbPath: /v3/{project_id}/elb/... only, never IAM's /v3 paths", () => {
  for (const path of ["/v3/p1/elb/pools/x/members", "/v3/p1/elb", "/v3/other/elb/members"]) expect(errors.isDedicatedElbPath(path)).toBe(true);
  for (const path of ["/v3", "/v3/auth/tokens", "/v3/auth/elb", "/v3/p1/elbx", "/v2.0/lbaas/members", "/v3/p1/lbaas"])
    expect(errors.isDedicatedElbPath(path)).toBe(false);
});
