import { IamError } from "./errors";
import { FakeIam, fakeClock, HOUR_MS } from "./testing/fake-iam";
import { parseIamTime, passwordTokenRequest, RENEW_MARGIN_MS, TokenSession, type TokenSessionOptions } from "./token-session";

const PASSWORD = "correct-horse-battery-staple";
const CREDENTIALS = { kind: "password" as const, username: "alice", password: PASSWORD, domainName: "acme" };

function setup(overrides: Partial<TokenSessionOptions> = {}) {
  const clock = fakeClock();
  const iam = new FakeIam(clock.now);
  const session = new TokenSession({
    transport: iam,
    now: clock.now,
    iamUrl: "https://iam.eu-de.otc.t-systems.com/v3",
    credentials: CREDENTIALS,
    project: { name: "eu-de" },
    withCatalog: false,
    ...overrides,
  });
  return { clock, iam, session };
}

async function rejection(promise: Promise<unknown>): Promise<IamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IamError) return error;
    throw error;
  }
  throw new Error("expected an IamError");
}

describe("TokenSession request", () => {
  it("posts the password body to /auth/tokens with nocatalog", async () => {
    const { iam, session } = setup();
    expect(await session.token()).toBe("token-1");
    expect(iam.calls).toHaveLength(1);
    expect(iam.calls[0].url.href).toBe("https://iam.eu-de.otc.t-systems.com/v3/auth/tokens?nocatalog=true");
    expect(iam.calls[0].headers["Content-Type"]).toBe("application/json;charset=utf8");
    expect(iam.calls[0].body).toEqual({
      auth: {
        identity: { methods: ["password"], password: { user: { name: "alice", password: PASSWORD, domain: { name: "acme" } } } },
        scope: { project: { name: "eu-de", domain: { name: "acme" } } },
      },
    });
  });

  it("asks for the catalog when told to, and keeps it", async () => {
    const { iam, session } = setup({ withCatalog: true });
    iam.answer = () => ({
      status: 201,
      headers: { "X-Subject-Token": ["tok-a", "ignored"] },
      body: JSON.stringify({
        token: { expires_at: "2030-01-01T00:00:00.000000Z", project: { id: "p1" }, catalog: [{ type: "elb", endpoints: [] }] },
      }),
    });
    const token = await session.current();
    expect(iam.calls[0].url.search).toBe("");
    expect(token).toMatchObject({ value: "tok-a", projectId: "p1", catalog: [{ type: "elb", endpoints: [] }] });
    expect(token.expiresAt).toBe(Date.UTC(2030, 0, 1));
  });

  it("builds scopes by id, and users by id and domain id", () => {
    expect(passwordTokenRequest({ kind: "password", userId: "u1", password: "p", domainId: "d1" }, { id: "proj-1" })).toEqual({
      auth: {
        identity: { methods: ["password"], password: { user: { id: "u1", password: "p", domain: { id: "d1" } } } },
        scope: { project: { id: "proj-1" } },
      },
    });
  });
});

describe("TokenSession caching and single flight", () => {
  it("makes exactly one request for 20 parallel callers", async () => {
    const { iam, session } = setup();
    iam.hold();
    const waiting = Array.from({ length: 20 }, () => session.token());
    await Promise.resolve();
    iam.releaseAll();
    const tokens = await Promise.all(waiting);
    expect(iam.calls).toHaveLength(1);
    expect(new Set(tokens)).toEqual(new Set(["token-1"]));
    expect(await session.token()).toBe("token-1");
    expect(iam.calls).toHaveLength(1);
  });

  it("renews a margin before expires_at, not earlier", async () => {
    const { clock, iam, session } = setup();
    await session.token(); // expires 24 h from now
    clock.advance(24 * HOUR_MS - RENEW_MARGIN_MS - 1);
    expect(await session.token()).toBe("token-1");
    expect(iam.calls).toHaveLength(1);
    clock.advance(1);
    expect(await session.token()).toBe("token-2");
    expect(iam.calls).toHaveLength(2);
  });

  it("renews a short-lived token at half its life instead of at once", async () => {
    const { clock, iam, session } = setup();
    iam.lifetimeMs = 4 * 60 * 1000;
    await session.token();
    clock.advance(2 * 60 * 1000 - 1);
    expect(await session.token()).toBe("token-1");
    clock.advance(1);
    expect(await session.token()).toBe("token-2");
  });

  it("forgets a token only while it is the current one", async () => {
    const { iam, session } = setup();
    await session.token();
    expect(session.invalidate("some-older-token")).toBe(false);
    expect(await session.token()).toBe("token-1");
    expect(session.invalidate("token-1")).toBe(true);
    expect(session.invalidate("token-1")).toBe(false);
    expect(await session.token()).toBe("token-2");
    expect(iam.calls).toHaveLength(2);
  });

  it("does not cache a failure: the next caller tries again", async () => {
    const { iam, session } = setup();
    iam.answer = (_call, n) =>
      n === 1
        ? { status: 503, headers: {}, body: "busy" }
        : { status: 201, headers: { "x-subject-token": "ok" }, body: JSON.stringify({ token: { expires_at: "2099-01-01T00:00:00Z" } }) };
    expect((await rejection(session.token())).status).toBe(503);
    expect(await session.token()).toBe("ok");
  });
});

describe("TokenSession errors", () => {
  it("names the method, user, domain and project on 401, never the password", async () => {
    const { iam, session } = setup();
    iam.answer = () => ({
      status: 401,
      headers: {},
      // Even if IAM echoed the password, it must not reach the message.
      body: JSON.stringify({ error: { code: 401, message: `The username or password is wrong: ${PASSWORD}`, title: "Unauthorized" } }),
    });
    const error = await rejection(session.token());
    expect(error.code).toBe("ELB_IAM_REJECTED");
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      'IAM rejected password authentication (HTTP 401) for user "alice" in domain "acme" and project "eu-de": check the user name, password, domain and project. IAM says: The username or password is wrong: ***',
    );
    expect(error.message).not.toContain(PASSWORD);
  });

  it("treats 403 the same way and reads Huawei-style error bodies", async () => {
    const { iam, session } = setup({ credentials: { kind: "password", userId: "uid-9", password: PASSWORD, domainId: "did-9" }, project: { id: "pid-9" } });
    iam.answer = () => ({ status: 403, headers: {}, body: JSON.stringify({ error_msg: "Access denied.", error_code: "IAM.0003" }) });
    const error = await rejection(session.token());
    expect(error.code).toBe("ELB_IAM_REJECTED");
    expect(error.message).toBe(
      'IAM rejected password authentication (HTTP 403) for user id "uid-9" in domain id "did-9" and project id "pid-9": check the user name, password, domain and project. IAM says: Access denied. (IAM.0003)',
    );
  });

  it("gives status and IAM's message for other failures, never the request body", async () => {
    const { iam, session } = setup();
    iam.answer = () => ({ status: 500, headers: {}, body: "internal trouble" });
    const error = await rejection(session.token());
    expect(error.code).toBe("ELB_IAM_FAILED");
    expect(error.message).toBe("IAM token request to https://iam.eu-de.otc.t-systems.com/v3/auth/tokens failed with HTTP 500. IAM says: internal trouble");
    expect(error.message).not.toContain(PASSWORD);
  });

  it("wraps transport failures without the password", async () => {
    const { iam, session } = setup();
    iam.answer = () => {
      throw new Error(`socket hang up while sending {"password":"${PASSWORD}"}`);
    };
    const error = await rejection(session.token());
    expect(error.message).toBe(
      'requesting an IAM token from https://iam.eu-de.otc.t-systems.com/v3/auth/tokens failed: socket hang up while sending {"password":"***"}',
    );
  });

  it.each([
    [
      "no X-Subject-Token",
      { status: 201, headers: {}, body: JSON.stringify({ token: { expires_at: "2099-01-01T00:00:00Z" } }) },
      "IAM answered without an X-Subject-Token header",
    ],
    ["no expires_at", { status: 201, headers: { "x-subject-token": "t" }, body: "{}" }, "IAM answered without a readable token.expires_at"],
    [
      "bad expires_at",
      { status: 201, headers: { "x-subject-token": "t" }, body: JSON.stringify({ token: { expires_at: "soon" } }) },
      "IAM answered without a readable token.expires_at",
    ],
  ])("rejects an answer with %s", async (_name, answer, message) => {
    const { iam, session } = setup();
    iam.answer = () => answer;
    const error = await rejection(session.token());
    expect(error.code).toBe("ELB_IAM_FAILED");
    expect(error.message).toBe(message);
  });
});

describe("parseIamTime", () => {
  it.each<[unknown, number | undefined]>([
    ["2015-11-09T01:42:57.527363Z", Date.UTC(2015, 10, 9, 1, 42, 57, 527)],
    ["2015-11-09T01:42:57Z", Date.UTC(2015, 10, 9, 1, 42, 57)],
    ["2016-11-06T15:32:17.000000", Date.UTC(2016, 10, 6, 15, 32, 17)],
    ["2015-11-09T03:42:57.5+02:00", Date.UTC(2015, 10, 9, 1, 42, 57, 500)],
    ["yesterday", undefined],
    [12345, undefined],
  ])("%j", (text, expected) => {
    expect(parseIamTime(text)).toBe(expected);
  });
});
