import { createHash, createHmac } from "node:crypto";
import type { OutgoingRequest } from "../auth/types";
import { canonicalRequest, hashBody, sha256Hex } from "./canonical";
import { hostHeader, signRequest } from "./sign-request";
import { formatSdkDate } from "./signature";

// Official vectors from the public signing documentation, plus our own regression vectors whose
// expected values were computed independently from hand-written canonical requests.
const VECTORS = [
  {
    name: "official: GET with query, content-type, empty body",
    accessKey: "QTWAOYTTINDUT2QVKYUC",
    secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    method: "GET",
    url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    headers: { "content-type": "application/json" } as Record<string, string>,
    body: undefined as Uint8Array | undefined,
    securityToken: undefined as string | undefined,
    projectId: undefined as string | undefined,
    sdkDate: "20191115T033655Z",
    canonicalRequestHash: "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    signedHeaders: "content-type;host;x-sdk-date",
    signature: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
  },
  {
    name: "own: POST, UTF-8 body, port, encoded query, security token, project id",
    accessKey: "EXAMPLEACCESSKEY",
    secretKey: "example-secret-key",
    method: "POST",
    url: "https://elb.example.test:8443/v2.0/lbaas/pools/6c7a1d3e/members?x=1&dry+run=yes%2Fno",
    headers: { "content-type": "application/json", accept: "application/json" } as Record<string, string>,
    body: Buffer.from('{"member":{"name":"Grüße","address":"10.0.0.5"}}', "utf8") as Uint8Array | undefined,
    securityToken: "tmp-token" as string | undefined,
    projectId: "0123456789abcdef0123456789abcdef" as string | undefined,
    sdkDate: "20240229T235959Z",
    canonicalRequestHash: "05d464db3b52bfd3fbbf8d6bc5b3e8c65ae39bd278e9775b46165b43d0b08713",
    signedHeaders: "content-type;host;x-project-id;x-sdk-date;x-security-token",
    signature: "ec2ee902a9e36c513a20e406c2cf64128a37ac00a79b6d918d73302360c06397",
  },
];

function sdkDateToDate(sdkDate: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(sdkDate)!;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

describe.each(VECTORS)("$name", (v) => {
  const request: OutgoingRequest = { method: v.method, url: new URL(v.url), headers: v.headers, body: v.body };
  const added = signRequest(request, v, sdkDateToDate(v.sdkDate), v.projectId);

  it("has the expected canonical request hash", () => {
    const toSign: Record<string, string> = { host: request.url.host, "x-sdk-date": v.sdkDate, "content-type": "application/json" };
    if (v.projectId) toSign["x-project-id"] = v.projectId;
    if (v.securityToken) toSign["x-security-token"] = v.securityToken;
    expect(sha256Hex(canonicalRequest(v.method, request.url, toSign, hashBody(v.body)))).toBe(v.canonicalRequestHash);
  });

  it("produces the expected Authorization header", () => {
    expect(added.Authorization).toBe(`SDK-HMAC-SHA256 Access=${v.accessKey}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);
    expect(added["X-Sdk-Date"]).toBe(v.sdkDate);
  });
});

describe("signRequest", () => {
  const credentials = { accessKey: "AK", secretKey: "SK" };
  const now = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));
  const get = (url: string, headers: Record<string, string> = {}): OutgoingRequest => ({ method: "GET", url: new URL(url), headers });

  // Recomputes the signature from a hand-written canonical request, independently of the signer.
  function expectedSignature(secret: string, canonical: string, sdkDate: string): string {
    const hash = createHash("sha256").update(canonical).digest("hex");
    return createHmac("sha256", secret).update(`SDK-HMAC-SHA256\n${sdkDate}\n${hash}`).digest("hex");
  }

  it("returns exactly Host, X-Sdk-Date and Authorization for plain AK/SK", () => {
    const added = signRequest(get("https://elb.eu-de.otc.t-systems.com/v2.0/lbaas/pools"), credentials, now);
    expect(Object.keys(added).sort()).toEqual(["Authorization", "Host", "X-Sdk-Date"]);
    expect(added.Host).toBe("elb.eu-de.otc.t-systems.com");
    const canonical = [
      "GET",
      "/v2.0/lbaas/pools/",
      "",
      "host:elb.eu-de.otc.t-systems.com\nx-sdk-date:20200102T030405Z\n",
      "host;x-sdk-date",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ].join("\n");
    expect(added.Authorization).toBe(
      `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=${expectedSignature("SK", canonical, "20200102T030405Z")}`,
    );
  });

  it("adds and signs X-Security-Token and X-Project-Id", () => {
    const added = signRequest(get("https://h/v2.0/lbaas/pools"), { ...credentials, securityToken: "ST" }, now, "PID");
    expect(added["X-Security-Token"]).toBe("ST");
    expect(added["X-Project-Id"]).toBe("PID");
    expect(added.Authorization).toContain("SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,");
  });

  it("signs with a trailing slash but does not change the path: with and without it sign alike", () => {
    const a = signRequest(get("https://h/v2.0/lbaas/pools/p/members"), credentials, now);
    const b = signRequest(get("https://h/v2.0/lbaas/pools/p/members/"), credentials, now);
    expect(a.Authorization).toBe(b.Authorization);
  });

  it("signs query encoding consistently: '+' and %20 are the same space", () => {
    const a = signRequest(get("https://h/p?name=a+b&x=%2F"), credentials, now);
    const b = signRequest(get("https://h/p?x=/&name=a%20b"), credentials, now);
    expect(a.Authorization).toBe(b.Authorization);
    const c = signRequest(get("https://h/p?name=a%2Bb"), credentials, now);
    expect(c.Authorization).not.toBe(a.Authorization);
  });

  it("signs a new date on every attempt", () => {
    const url = "https://h/p";
    const first = signRequest(get(url), credentials, now);
    const retry = signRequest(get(url), credentials, new Date(now.getTime() + 1000));
    expect(retry["X-Sdk-Date"]).toBe("20200102T030406Z");
    expect(retry.Authorization).not.toBe(first.Authorization);
  });

  it("keeps the request's own spelling of a header it sets, so none is sent twice", () => {
    const added = signRequest(get("https://h/p", { "x-project-id": "old", host: "virtual.example" }), credentials, now, "PID");
    expect(added["x-project-id"]).toBe("PID");
    expect(added["X-Project-Id"]).toBeUndefined();
    expect(added.Host).toBeUndefined(); // the request's host header is signed as it is
    const canonicalHost = "host:virtual.example\n";
    const canonical = ["GET", "/p/", "", `${canonicalHost}x-project-id:PID\nx-sdk-date:20200102T030405Z\n`, "host;x-project-id;x-sdk-date", hashBody()].join(
      "\n",
    );
    expect(added.Authorization).toContain(`Signature=${expectedSignature("SK", canonical, "20200102T030405Z")}`);
  });

  it("does not sign headers outside the signed set (accept, user-agent)", () => {
    const added = signRequest(get("https://h/p", { accept: "application/json", "user-agent": "x" }), credentials, now);
    expect(added.Authorization).toContain("SignedHeaders=host;x-sdk-date,");
  });
});

describe("hostHeader", () => {
  it.each([
    ["https://h.example:443/p", "h.example"],
    ["https://h.example:8443/p", "h.example:8443"],
    ["http://h.example:80/p", "h.example"],
    ["http://h.example:443/p", "h.example:443"],
    ["http://127.0.0.1:36789/p", "127.0.0.1:36789"],
    ["http://[::1]:8080/p", "[::1]:8080"],
  ])("%s => %s", (url, expected) => {
    expect(hostHeader(new URL(url))).toBe(expected);
  });
});

describe("formatSdkDate round trip used by the fixtures", () => {
  it("parses back to the same text", () => {
    expect(formatSdkDate(sdkDateToDate("20191115T033655Z"))).toBe("20191115T033655Z");
  });
});
