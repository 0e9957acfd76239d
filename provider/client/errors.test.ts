import { ConfigurationError, IamError } from "./auth/errors";
import { YamlError } from "./auth/yaml";
import { classifyResponse, ContextError, ElbError, ElbErrorKind, isElbError, parseErrorBody, ProviderError } from "./errors";
import { ShutdownError } from "./shutdown-signal";

describe("parseErrorBody reads every error shape", () => {
  test.each([
    [
      "NeutronError",
      '{"NeutronError":{"message":"Invalid state PENDING_UPDATE of loadbalancer resource lb-1","type":"StateInvalid","detail":""}}',
      { message: "Invalid state PENDING_UPDATE of loadbalancer resource lb-1", code: "StateInvalid", shape: "neutron" },
    ],
    [
      "API gateway error_code / error_msg",
      '{"error_msg":"Invalid input for \'weight\'","error_code":"ELB.8902","request_id":"7cf9"}',
      { message: "Invalid input for 'weight'", code: "ELB.8902", requestId: "7cf9", shape: "apigw" },
    ],
    [
      "error.{code,message}",
      '{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}',
      { message: "Incorrect IAM authentication information", code: "APIGW.0301", shape: "nested" },
    ],
    [
      "Keystone error.{code:number,title,message}",
      '{"error":{"code":401,"title":"Unauthorized","message":"The request you have made requires authentication."}}',
      { message: "The request you have made requires authentication.", code: "Unauthorized", shape: "nested" },
    ],
    [
      "WSME / Pecan (Octavia)",
      '{"faultcode": "Client", "faultstring": "Member 5f0e not found.", "debuginfo": null}',
      { message: "Member 5f0e not found.", shape: "wsme" },
    ],
    ["code / message", '{"code":"ELB.1102","message":"token expired"}', { message: "token expired", code: "ELB.1102", shape: "flat" }],
    [
      "WebOb code / title / description (Octavia's unknown pool)",
      '{"code": 404, "title": "Bad Request", "description": "Pool 7c1e not found."}',
      { message: "Pool 7c1e not found.", shape: "webob" },
    ],
    ["JSON of another shape", '{"oops":true}', { message: '{"oops":true}', shape: "json" }],
    [
      "HTML page",
      "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
      { message: "(an HTML page) 404 Not Found", shape: "html" },
    ],
    ["plain text", "Bad Gateway\n", { message: "Bad Gateway", shape: "text" }],
    ["empty", "  \n", { message: "", shape: "empty" }],
  ])("%s", (_shape, body, expected) => {
    expect(parseErrorBody(body)).toEqual(expected);
  });
});

describe("classifyResponse decides by status and code, never by wording", () => {
  const kinds: Array<[number, string, ElbErrorKind]> = [
    // Candidates that the API layer confirms with the server (api/confirm.ts).
    [404, '{"NeutronError":{"type":"EntityNotFound","message":"m"}}', "not_found"],
    [404, '{"faultcode":"Client","faultstring":"Member m not found.","debuginfo":null}', "not_found"],
    [404, "<html>Not Found</html>", "not_found"],
    [404, "", "not_found"],
    [400, '{"error_code":"ELB.2012","error_msg":"The member does not exist."}', "not_found"],
    [409, '{"NeutronError":{"type":"StateInvalid","message":"Invalid state PENDING_UPDATE"}}', "conflict"],
    [409, '{"faultcode":"Client","faultstring":"Another member on this pool is already using ip 10.0.0.5"}', "conflict"],
    [409, "Conflict", "conflict"],
    // Decided by the server's code alone.
    [404, '{"error":{"code":"APIGW.0101","message":"The API does not exist or has not been published"}}', "configuration"],
    [400, '{"error_code":"ELB.1110","error_msg":"The API version could not be found."}', "configuration"],
    [403, '{"error_code":"ELB.2001","error_msg":"The total number of members exceeds the upper limit."}', "invalid_input"],
    [409, '{"error_code":"ELB.8905","error_msg":"Quota exceeded"}', "invalid_input"],
    // Decided by the status.
    [401, "", "auth"],
    [403, '{"faultcode":"Client","faultstring":"Policy does not allow this request to be performed."}', "auth"],
    [429, "<html>Too Many Requests</html>", "throttled"],
    [400, '{"faultcode":"Client","faultstring":"Invalid input for field/attribute weight."}', "invalid_input"],
    [422, "", "invalid_input"],
    [500, '{"faultcode":"Server","faultstring":"Internal error"}', "server"],
    [503, "<html><title>503 Service Unavailable</title></html>", "server"],
  ];
  test.each(kinds)("%i %s is %s", (status, body, kind) => {
    expect(classifyResponse(status, parseErrorBody(body))).toBe(kind);
  });

  test("the same words under another status change nothing", () => {
    const busyWords = parseErrorBody('{"NeutronError":{"type":"StateInvalid","message":"Invalid state PENDING_UPDATE"}}');
    expect(classifyResponse(400, busyWords)).toBe("invalid_input");
    expect(classifyResponse(500, busyWords)).toBe("server");
  });
});

test("withContext puts the verb and ids first and keeps every detail", () => {
  const error = new ElbError("conflict", "answered 409", { status: 409, apiCode: "StateInvalid", requestId: "r-1" });
  const wrapped = error.withContext("adding member 10.0.0.5:80 to pool p");
  expect(wrapped.message).toBe("adding member 10.0.0.5:80 to pool p: answered 409");
  expect(wrapped).toMatchObject({ kind: "conflict", code: "ELB_CONFLICT", status: 409, apiCode: "StateInvalid", requestId: "r-1", cause: error });
  expect(error.message).toBe("answered 409");
  expect(isElbError(wrapped, "conflict")).toBe(true);
  expect(isElbError(wrapped, "duplicate")).toBe(false);
  expect(isElbError(new Error("x"))).toBe(false);
});

describe("every error the provider makes is a ProviderError with a stable code", () => {
  // One row per error class: a new class without a row here is a gap in this table.
  const rows: [string, ProviderError, string][] = [
    ["ElbError", new ElbError("not_found", "gone"), "ELB_NOT_FOUND"],
    ["ElbError (configuration)", new ElbError("configuration", "wrong endpoint"), "ELB_CONFIGURATION"],
    ["ConfigurationError", new ConfigurationError("ELB_NO_CREDENTIALS", "no credentials"), "ELB_NO_CREDENTIALS"],
    ["IamError", new IamError("ELB_IAM_REJECTED", "rejected", 401), "ELB_IAM_REJECTED"],
    ["YamlError", new YamlError("clouds.yaml", "bad indentation", 3, 1), "ELB_YAML"],
    ["ShutdownError", new ShutdownError("the engine is gone"), "ELB_SHUTTING_DOWN"],
    ["ContextError of a ProviderError", new ContextError("reading member m-1", new ConfigurationError("ELB_CLEAR_TEXT", "clear text")), "ELB_CLEAR_TEXT"],
    ["ContextError of another's error", new ContextError("reading member m-1", new TypeError("x is undefined")), "ELB_UNEXPECTED"],
  ];

  test.each(rows)("%s", (_name, error, code) => {
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.code).toMatch(/^ELB_[A-Z_]+$/);
    expect(error.name).not.toBe("Error");
  });

  test("a ContextError keeps the original as its cause, untouched", () => {
    const original = new TypeError("x is undefined");
    const wrapped = new ContextError("adding member 10.0.0.5:80 to pool p", original);
    expect(wrapped.message).toBe("adding member 10.0.0.5:80 to pool p: x is undefined");
    expect(wrapped.cause).toBe(original);
    expect(original.message).toBe("x is undefined");
  });
});
