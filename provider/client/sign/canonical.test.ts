import { canonicalHeaders, canonicalQuery, canonicalRequest, canonicalUri, hashBody, signedHeaders } from "./canonical";
import { percentEncode } from "./encode";
import { formatSdkDate, signature, stringToSign } from "./signature";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("percentEncode", () => {
  it.each([
    ["AZaz09-_.~", "AZaz09-_.~"],
    ["a b", "a%20b"],
    ["!*'()", "%21%2A%27%28%29"],
    ["/?#[]@:;,=&+$", "%2F%3F%23%5B%5D%40%3A%3B%2C%3D%26%2B%24"],
    ["ü€", "%C3%BC%E2%82%AC"],
  ])("%j => %j", (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });
});

describe("canonicalUri", () => {
  it.each([
    ["/v2.0/lbaas/pools/abc/members", "/v2.0/lbaas/pools/abc/members/"],
    ["/v2.0/lbaas/pools/abc/members/", "/v2.0/lbaas/pools/abc/members/"],
    ["/", "/"],
    ["", "/"],
    // URL.pathname hands us encoded segments: decoded, then encoded the signer's way.
    ["/a%20b/%C3%BC", "/a%20b/%C3%BC/"],
    ["/a b/ü", "/a%20b/%C3%BC/"],
    ["/x!*'()", "/x%21%2A%27%28%29/"],
    ["/a%2Fb", "/a%2Fb/"],
    ["/~user/a-b_c.d", "/~user/a-b_c.d/"],
    ["/100%", "/100%25/"],
  ])("%j => %j", (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });
});

describe("canonicalQuery", () => {
  const q = (search: string) => canonicalQuery(new URL(`https://h/p${search}`).searchParams);

  it.each([
    ["", ""],
    ["?limit=2&marker=m", "limit=2&marker=m"],
    ["?b=2&a=1", "a=1&b=2"],
    ["?a=1&b=2&a=0", "a=0&a=1&b=2"], // repeated keys: sorted by value
    ["?flag", "flag="],
    ["?name=a+b", "name=a%20b"], // "+" in a query means space
    ["?name=a%20b", "name=a%20b"],
    ["?name=a%2Bb", "name=a%2Bb"],
    ["?x%2Fy=1%3A2%3B3%2C4%3F", "x%2Fy=1%3A2%3B3%2C4%3F"],
    ["?k=%C3%A4~", "k=%C3%A4~"],
    ["?b=1&B=2&_=3", "B=2&_=3&b=1"], // byte order: uppercase, then "_", then lowercase
  ])("%j => %j", (search, expected) => {
    expect(q(search)).toBe(expected);
  });
});

describe("canonicalHeaders and signedHeaders", () => {
  const headers = {
    "X-Sdk-Date": "20191115T033655Z",
    Host: "h.example",
    "Content-Type": "  application/json  ",
    Authorization: "must not be signed",
  };

  it("lowercases names, trims values, sorts, ends with a newline and skips authorization", () => {
    expect(canonicalHeaders(headers)).toBe("content-type:application/json\nhost:h.example\nx-sdk-date:20191115T033655Z\n");
    expect(signedHeaders(headers)).toBe("content-type;host;x-sdk-date");
  });

  it("rejects one header given twice in different case", () => {
    expect(() => canonicalHeaders({ Host: "a", host: "b" })).toThrow('header "host" is given twice');
  });
});

describe("hashBody", () => {
  it.each<[string, Uint8Array | string | undefined, string]>([
    ["no body", undefined, EMPTY_SHA256],
    ["empty bytes", new Uint8Array(0), EMPTY_SHA256],
    ["ascii", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["utf-8 bytes of ü", Uint8Array.from([0xc3, 0xbc]), "607474ca475a9724d7360aba71a56d5df77e61350e3f724cfa1f46e857e2d85f"],
    ["a string is hashed as UTF-8", "ü", "607474ca475a9724d7360aba71a56d5df77e61350e3f724cfa1f46e857e2d85f"],
  ])("%s", (_name, body, expected) => {
    expect(hashBody(body)).toBe(expected);
  });

  it("hashes the exact bytes: Latin-1 bytes of the same text hash differently", () => {
    expect(hashBody(Buffer.from("ü", "latin1"))).not.toBe(hashBody("ü"));
  });
});

describe("formatSdkDate", () => {
  it("formats UTC without separators or milliseconds", () => {
    expect(formatSdkDate(new Date(Date.UTC(2019, 10, 15, 3, 36, 55, 789)))).toBe("20191115T033655Z");
    expect(formatSdkDate(new Date("2024-02-29T23:59:59+01:00"))).toBe("20240229T225959Z");
  });

  it("refuses an invalid date", () => {
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow("invalid date");
  });
});

describe("stringToSign and signature", () => {
  it("joins algorithm, date and hash with newlines", () => {
    expect(stringToSign("20191115T033655Z", "abc")).toBe("SDK-HMAC-SHA256\n20191115T033655Z\nabc");
  });

  it("is the hex HMAC-SHA256 keyed with the raw secret (RFC 4231 test case 2)", () => {
    expect(signature("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});

describe("canonicalRequest", () => {
  it("joins the six parts with newlines, so the header block is followed by a blank line", () => {
    const url = new URL("https://h.example/v2.0/lbaas/pools/p1/members?limit=5&marker=m%201");
    expect(canonicalRequest("get", url, { Host: "h.example", "X-Sdk-Date": "20200101T000000Z" }, EMPTY_SHA256)).toBe(
      ["GET", "/v2.0/lbaas/pools/p1/members/", "limit=5&marker=m%201", "host:h.example\nx-sdk-date:20200101T000000Z\n", "host;x-sdk-date", EMPTY_SHA256].join(
        "\n",
      ),
    );
  });
});
