import { classifyResponse, ElbError, ElbErrorKind, isElbError, parseErrorBody } from "./errors";

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
  const error = new ElbError("conflict", "answered 409", { status: 409, code: "StateInvalid", requestId: "r-1" });
  const wrapped = error.withContext("adding member 10.0.0.5:80 to pool p");
  expect(wrapped.message).toBe("adding member 10.0.0.5:80 to pool p: answered 409");
  expect(wrapped).toMatchObject({ kind: "conflict", status: 409, code: "StateInvalid", requestId: "r-1" });
  expect(isElbError(wrapped, "conflict")).toBe(true);
  expect(isElbError(wrapped, "duplicate")).toBe(false);
  expect(isElbError(new Error("x"))).toBe(false);
});
