import { classifyResponse, ElbError, isElbError, parseErrorBody } from "./errors";

describe("parseErrorBody reads every error shape", () => {
  test.each([
    [
      "NeutronError",
      '{"NeutronError":{"message":"Invalid state PENDING_UPDATE of loadbalancer resource lb-1","type":"StateInvalid","detail":""}}',
      { message: "Invalid state PENDING_UPDATE of loadbalancer resource lb-1", code: "StateInvalid", structured: true },
    ],
    [
      "error_code / error_msg",
      '{"error_msg":"Invalid input for \'weight\'","error_code":"ELB.8902","request_id":"7cf9"}',
      { message: "Invalid input for 'weight'", code: "ELB.8902", requestId: "7cf9", structured: true },
    ],
    ["error.{code,message}", '{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}', { message: "Incorrect IAM authentication information", code: "APIGW.0301", structured: true }],
    ["code / message", '{"code":"ELB.1102","message":"token expired"}', { message: "token expired", code: "ELB.1102", structured: true }],
    ["plain text", "Bad Gateway\n", { message: "Bad Gateway" }],
  ])("%s", (_shape, body, expected) => {
    expect(parseErrorBody(body)).toEqual(expected);
  });
});

describe("classifyResponse names one kind per failure", () => {
  test.each([
    [404, { message: "Member m could not be found", code: "EntityNotFound", structured: true }, "not_found"],
    // A wrong endpoint: a gateway without the ELB API, or a web server's page, is not "gone".
    [404, { message: "The API does not exist or has not been published in the environment", code: "APIGW.0101", structured: true }, "configuration"],
    [404, { message: "<html>Not Found</html>" }, "configuration"],
    [401, { message: "" }, "auth"],
    [403, { message: "Policy doesn't allow elb:members:create" }, "auth"],
    [429, { message: "throttled" }, "throttled"],
    [409, { message: "Invalid state PENDING_UPDATE of loadbalancer resource x", code: "StateInvalid" }, "lb_busy"],
    [409, { message: "Invalid state ERROR of loadbalancer resource x", code: "StateInvalid" }, "lb_failed"],
    [409, { message: "Member with address 10.0.0.5 and protocol_port 80 already present in pool p", code: "MemberExists" }, "duplicate"],
    [409, { message: "Data conflict", code: "ELB.8907" }, "conflict"],
    [400, { message: "Invalid input for 'address'", code: "ELB.8902" }, "invalid_input"],
    [500, { message: "Internal error" }, "server"],
    [503, { message: "" }, "server"],
  ])("%i %p is %s", (status, parsed, kind) => {
    expect(classifyResponse(status, parsed)).toBe(kind);
  });
});

test("withContext puts the verb and ids first and keeps every detail", () => {
  const error = new ElbError("lb_busy", "answered 409", { status: 409, code: "StateInvalid", requestId: "r-1" });
  const wrapped = error.withContext("adding member 10.0.0.5:80 to pool p");
  expect(wrapped.message).toBe("adding member 10.0.0.5:80 to pool p: answered 409");
  expect(wrapped).toMatchObject({ kind: "lb_busy", status: 409, code: "StateInvalid", requestId: "r-1" });
  expect(isElbError(wrapped, "lb_busy")).toBe(true);
  expect(isElbError(wrapped, "duplicate")).toBe(false);
  expect(isElbError(new Error("x"))).toBe(false);
});
