// The signing functions against the official test vector, and verification's failure reasons.
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  sha256Hex,
  signature,
  signRequest,
  stringToSign,
  verifyRequest,
} from "./aksk";

const VECTOR = {
  ak: "QTWAOYTTINDUT2QVKYUC",
  sk: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
  url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
  headers: { "content-type": "application/json", host: "service.region.example.com", "x-sdk-date": "20191115T033655Z" },
  canonicalSha256: "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
  signature: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
};

describe("official test vector", () => {
  const url = new URL(VECTOR.url);
  const canonical = canonicalRequest({
    method: "GET",
    path: url.pathname,
    query: url.search.slice(1),
    headers: VECTOR.headers,
    signedHeaders: ["content-type", "host", "x-sdk-date"],
    body: "",
  });

  test("canonical request hashes to the documented value", () => {
    expect(sha256Hex(canonical)).toBe(VECTOR.canonicalSha256);
    expect(canonical.split("\n").slice(0, 3)).toEqual([
      "GET",
      "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
      "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    ]);
  });

  test("signature matches", () => {
    expect(signature(VECTOR.sk, stringToSign("20191115T033655Z", canonical))).toBe(VECTOR.signature);
  });

  test("signRequest produces the documented Authorization header", () => {
    const signed = signRequest({
      method: "GET",
      url: VECTOR.url,
      headers: { "content-type": "application/json", host: "service.region.example.com" },
      accessKey: VECTOR.ak,
      secretKey: VECTOR.sk,
      date: Date.UTC(2019, 10, 15, 3, 36, 55),
    });
    expect(signed).toEqual({
      "X-Sdk-Date": "20191115T033655Z",
      Authorization: `SDK-HMAC-SHA256 Access=${VECTOR.ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=${VECTOR.signature}`,
    });
  });
});

describe("canonical parts", () => {
  test.each([
    ["/", "/"],
    ["/v2.0/lbaas/members", "/v2.0/lbaas/members/"],
    ["/v2.0/lbaas/members/", "/v2.0/lbaas/members/"],
    ["/a%20b/c~d/e!f", "/a%20b/c~d/e%21f/"],
  ])("uri %s => %s", (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });

  test.each([
    ["", ""],
    ["b=2&a=1&a=0", "a=0&a=1&b=2"],
    ["name=a%20b&x", "name=a%20b&x="],
    ["q=a+b*", "q=a%20b%2A"],
    ["q=a%2Bb", "q=a%2Bb"],
  ])("query %s => %s", (query, expected) => {
    expect(canonicalQuery(query)).toBe(expected);
  });

  test("dates round trip; malformed dates are null", () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(formatSdkDate(ms)).toBe("20260102T030405Z");
    expect(parseSdkDate("20260102T030405Z")).toBe(ms);
    expect(parseSdkDate("2026-01-02T03:04:05Z")).toBeNull();
  });

  test("Authorization parsing", () => {
    expect(parseAuthorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ABCD")).toEqual({
      access: "AK",
      signedHeaders: ["host", "x-sdk-date"],
      signature: "abcd",
    });
    expect(parseAuthorization("Bearer x")).toBeNull();
    expect(parseAuthorization("SDK-HMAC-SHA256 Access=AK")).toBeNull();
  });
});

describe("verifyRequest", () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  const creds = [
    { accessKey: "AK", secretKey: "SK" },
    { accessKey: "TMP", secretKey: "TSK", securityToken: "ST" },
  ];
  const body = Buffer.from('{"member":{}}');

  function signed(opts: { ak?: string; sk?: string; date?: number; extra?: Record<string, string> } = {}) {
    const headers = { host: "127.0.0.1:1234", "content-type": "application/json", ...opts.extra };
    const auth = signRequest({
      method: "POST",
      url: "/v2.0/lbaas/pools/p/members?x=1",
      headers,
      body,
      accessKey: opts.ak ?? "AK",
      secretKey: opts.sk ?? "SK",
      date: opts.date ?? now,
    });
    return {
      method: "POST",
      path: "/v2.0/lbaas/pools/p/members",
      query: "x=1",
      body,
      headers: { ...headers, "x-sdk-date": auth["X-Sdk-Date"], authorization: auth.Authorization },
    };
  }

  test("a good signature passes", () => {
    expect(verifyRequest(signed(), creds, now)).toMatchObject({ ok: true });
  });

  test.each([
    ["wrong secret", () => signed({ sk: "nope" }), "signature_mismatch"],
    ["unknown key", () => signed({ ak: "WHO" }), "unknown_access_key"],
    ["16 minutes early", () => signed({ date: now - 16 * 60_000 }), "clock_skew"],
    ["16 minutes late", () => signed({ date: now + 16 * 60_000 }), "clock_skew"],
    ["temporary key without token", () => signed({ ak: "TMP", sk: "TSK" }), "security_token"],
    ["temporary key, wrong token", () => signed({ ak: "TMP", sk: "TSK", extra: { "x-security-token": "bad" } }), "security_token"],
  ])("%s fails: %s", (_name, make, reason) => {
    expect(verifyRequest(make(), creds, now)).toMatchObject({ ok: false, reason });
  });

  test("14 minutes of skew and a temporary key with its token pass", () => {
    expect(verifyRequest(signed({ date: now - 14 * 60_000 }), creds, now)).toMatchObject({ ok: true });
    expect(verifyRequest(signed({ ak: "TMP", sk: "TSK", extra: { "x-security-token": "ST" } }), creds, now)).toMatchObject({ ok: true });
  });

  test("any change after signing fails: body, query, path, a signed header", () => {
    const base = signed();
    expect(verifyRequest({ ...base, body: Buffer.from('{"member":{} }') }, creds, now)).toMatchObject({ reason: "signature_mismatch" });
    expect(verifyRequest({ ...base, query: "x=2" }, creds, now)).toMatchObject({ reason: "signature_mismatch" });
    expect(verifyRequest({ ...base, path: "/v2.0/lbaas/pools/q/members" }, creds, now)).toMatchObject({ reason: "signature_mismatch" });
    expect(verifyRequest({ ...base, headers: { ...base.headers, "content-type": "text/plain" } }, creds, now)).toMatchObject({
      reason: "signature_mismatch",
    });
  });

  test("host and x-sdk-date must be signed; a missing date is refused", () => {
    const base = signed();
    const noHost = base.headers.authorization.replace("content-type;host;x-sdk-date", "content-type;x-sdk-date");
    expect(verifyRequest({ ...base, headers: { ...base.headers, authorization: noHost } }, creds, now)).toMatchObject({
      reason: "bad_authorization",
    });
    const { "x-sdk-date": _dropped, ...undated } = base.headers;
    expect(verifyRequest({ ...base, headers: undated }, creds, now)).toMatchObject({ reason: "bad_date" });
  });
});
