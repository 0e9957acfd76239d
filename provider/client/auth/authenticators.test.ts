import { hashBody } from "../sign/canonical";
import { AUTH_TOKEN_HEADER, createAuthenticator, discoverElbEndpoint, PasswordAuthenticator } from "./authenticators";
import { FakeIam, fakeClock } from "./testing/fake-iam";
import type { OutgoingRequest, ResolvedSettings } from "./types";

function settings(overrides: Partial<ResolvedSettings>): ResolvedSettings {
  return { cloud: "otc", loadBalancerType: "shared", auth: { kind: "none" }, insecure: false, origins: {}, ...overrides };
}

const REQUEST: OutgoingRequest = {
  method: "GET",
  url: new URL("https://elb.eu-de.otc.t-systems.com/v2.0/lbaas/pools"),
  headers: { accept: "application/json" },
};
const PASSWORD_AUTH = { kind: "password" as const, username: "alice", password: "pw-secret", domainName: "acme" };

describe("createAuthenticator", () => {
  const clock = fakeClock(Date.UTC(2020, 0, 2, 3, 4, 5));
  const iam = new FakeIam(clock.now);

  it("none adds nothing and never renews", async () => {
    const auth = createAuthenticator(settings({}), iam, clock.now);
    expect(auth.method).toBe("none");
    expect(await auth.authorize(REQUEST)).toEqual({});
    expect(await auth.renewAfterUnauthorized({})).toBe(false);
  });

  it("token sends X-Auth-Token and never renews", async () => {
    const auth = createAuthenticator(settings({ auth: { kind: "token", token: "tok" } }), iam, clock.now);
    expect(auth.method).toBe("token");
    expect(await auth.authorize(REQUEST)).toEqual({ "X-Auth-Token": "tok" });
    expect(await auth.renewAfterUnauthorized({ "X-Auth-Token": "tok" })).toBe(false);
  });

  it("aksk signs each attempt with the clock and sends X-Project-Id", async () => {
    const auth = createAuthenticator(
      settings({ auth: { kind: "aksk", accessKey: "AK", secretKey: "SK", securityToken: "ST" }, projectId: "PID" }),
      iam,
      clock.now,
    );
    expect(auth.method).toBe("aksk");
    const first = await auth.authorize(REQUEST);
    expect(first).toMatchObject({ Host: "elb.eu-de.otc.t-systems.com", "X-Sdk-Date": "20200102T030405Z", "X-Project-Id": "PID", "X-Security-Token": "ST" });
    expect(first.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/);
    clock.advance(61_000);
    const retry = await auth.authorize(REQUEST);
    expect(retry["X-Sdk-Date"]).toBe("20200102T030506Z");
    expect(retry.Authorization).not.toBe(first.Authorization);
    expect(await auth.renewAfterUnauthorized({ ...REQUEST.headers, ...retry })).toBe(false);
  });

  it("aksk signs the body bytes it is given", async () => {
    const auth = createAuthenticator(settings({ auth: { kind: "aksk", accessKey: "AK", secretKey: "SK" } }), iam, () => 0);
    const body = Buffer.from('{"member":{}}');
    const a = await auth.authorize({ ...REQUEST, method: "POST", body, headers: { "content-type": "application/json" } });
    const b = await auth.authorize({ ...REQUEST, method: "POST", body: Buffer.from('{"member": {}}'), headers: { "content-type": "application/json" } });
    expect(hashBody(body)).not.toBe(hashBody(Buffer.from('{"member": {}}')));
    expect(a.Authorization).not.toBe(b.Authorization);
  });
});

describe("password authenticator", () => {
  function setup(overrides: Partial<ResolvedSettings> = {}) {
    const clock = fakeClock();
    const iam = new FakeIam(clock.now);
    const auth = createAuthenticator(settings({ auth: PASSWORD_AUTH, region: "eu-de", ...overrides }), iam, clock.now);
    return { clock, iam, auth };
  }

  it("gets a token from the region's IAM without a catalog and sends it", async () => {
    const { iam, auth } = setup();
    expect(auth.method).toBe("password");
    expect(await auth.authorize(REQUEST)).toEqual({ "X-Auth-Token": "token-1" });
    expect(iam.calls[0].url.href).toBe("https://iam.eu-de.otc.t-systems.com/v3/auth/tokens?nocatalog=true");
    expect(iam.calls[0].body).toMatchObject({ auth: { scope: { project: { name: "eu-de" } } } });
  });

  it("scopes to the project id when known and uses authUrl", async () => {
    const { iam, auth } = setup({ projectId: "p-1", authUrl: "http://127.0.0.1:7000" });
    await auth.authorize(REQUEST);
    expect(iam.calls[0].url.href).toBe("http://127.0.0.1:7000/v3/auth/tokens?nocatalog=true");
    expect(iam.calls[0].body).toMatchObject({ auth: { scope: { project: { id: "p-1" } } } });
  });

  it("20 parallel 401s with the same token cause exactly one renewal, and each may replay", async () => {
    const { iam, auth } = setup();
    const sent: Record<string, string> = { accept: "application/json", ...(await auth.authorize(REQUEST)) };
    expect(sent[AUTH_TOKEN_HEADER]).toBe("token-1");
    iam.hold();
    const renewals = Array.from({ length: 20 }, () => auth.renewAfterUnauthorized(sent));
    await Promise.resolve();
    iam.releaseAll();
    expect(await Promise.all(renewals)).toEqual(Array(20).fill(true));
    expect(iam.calls).toHaveLength(2);
    expect(await auth.authorize(REQUEST)).toEqual({ "X-Auth-Token": "token-2" });
  });

  it("a late 401 for an already replaced token does not renew again", async () => {
    const { iam, auth } = setup();
    const old = await auth.authorize(REQUEST);
    expect(await auth.renewAfterUnauthorized(old)).toBe(true);
    expect(iam.calls).toHaveLength(2);
    expect(await auth.renewAfterUnauthorized({ "x-auth-token": "token-1" })).toBe(true);
    expect(iam.calls).toHaveLength(2);
  });

  it("returns false when the request carried no token", async () => {
    const { iam, auth } = setup();
    expect(await auth.renewAfterUnauthorized({ accept: "application/json" })).toBe(false);
    expect(iam.calls).toHaveLength(0);
  });

  it("propagates an IAM rejection during renewal", async () => {
    const { iam, auth } = setup();
    const sent = await auth.authorize(REQUEST);
    iam.answer = () => ({ status: 401, headers: {}, body: "{}" });
    await expect(auth.renewAfterUnauthorized(sent)).rejects.toThrow('IAM rejected password authentication (HTTP 401) for user "alice" in domain "acme"');
  });

  it("asks for the catalog only when neither endpoint nor region is known, and finds ELB in it", async () => {
    const clock = fakeClock();
    const iam = new FakeIam(clock.now);
    iam.answer = () => ({
      status: 201,
      headers: { "x-subject-token": "t" },
      body: JSON.stringify({
        token: {
          expires_at: "2099-01-01T00:00:00Z",
          catalog: [{ type: "elb", endpoints: [{ interface: "public", region: "eu-de", url: "https://elb.from-catalog.example" }] }],
        },
      }),
    });
    const s = settings({ auth: PASSWORD_AUTH, projectId: "p", authUrl: "https://iam.example/v3" });
    const auth = createAuthenticator(s, iam, clock.now);
    expect(auth).toBeInstanceOf(PasswordAuthenticator);
    expect(await discoverElbEndpoint(s, auth)).toBe("https://elb.from-catalog.example");
    expect(iam.calls[0].url.search).toBe("");
  });

  it("discovers the endpoint without IAM when the region is known", async () => {
    const { iam, auth } = setup();
    expect(await discoverElbEndpoint(settings({ auth: PASSWORD_AUTH, region: "eu-nl" }), auth)).toBe("https://elb.eu-nl.otc.t-systems.com");
    expect(iam.calls).toHaveLength(0);
  });
});
