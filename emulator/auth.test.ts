// Auth modes over HTTP: IAM password tokens (issue, expiry, unknown), AK/SK signatures (good,
// wrong secret, skewed clock, temporary keys, X-Project-Id), 401 bodies and auth counters.
import { DEMO_IDS, demoSeed, Emulator, signRequest, startEmulator } from "./index";
import { TestClient } from "./testing/client";
import type { AuthConfig } from "./types";

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
let clock = T0;
const auth: AuthConfig = {
  users: [
    { name: "alice", password: "alice-pw", domainName: "acme" },
    { name: "bob", password: "bob-pw", domainName: "acme", projectId: "ffffffffffffffffffffffffffffffff", projectName: "eu-de_other" },
  ],
  credentials: [
    { accessKey: "AK1", secretKey: "SK1" },
    { accessKey: "AKTMP", secretKey: "SKTMP", securityToken: "sts-token" },
  ],
  tokenLifetimeSeconds: 60,
  now: () => clock,
};

const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
let emu: Emulator;
let client: TestClient;
let host: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: demoSeed(), auth });
  client = new TestClient(emu.url);
  host = new URL(emu.url).host;
});
afterAll(async () => {
  await client.close();
  await emu.close();
});
beforeEach(() => {
  clock = T0;
  emu.resetCounters();
});

function tokenRequest(user: string, password: string, project: Record<string, string>) {
  return {
    auth: {
      identity: { methods: ["password"], password: { user: { name: user, password, domain: { name: "acme" } } } },
      scope: { project },
    },
  };
}

async function issue(user = "alice", password = "alice-pw", project: Record<string, string> = { id: DEMO_IDS.projectId }) {
  return client.call("POST", "/v3/auth/tokens", { body: tokenRequest(user, password, project) });
}

describe("IAM tokens", () => {
  test("password auth scoped by project id: 201, X-Subject-Token, expiry and a catalog pointing here", async () => {
    const res = await issue();
    expect(res.status).toBe(201);
    const token = res.headers["x-subject-token"];
    expect(typeof token).toBe("string");
    expect((token as string).length).toBeGreaterThan(100);
    const body = res.json.token;
    expect(body.expires_at).toBe("2026-01-15T12:01:00.000000Z");
    expect(body.issued_at).toBe("2026-01-15T12:00:00.000000Z");
    expect(body.methods).toEqual(["password"]);
    expect(body.project).toMatchObject({ id: DEMO_IDS.projectId, name: "eu-de", domain: { name: "acme" } });
    expect(body.user).toMatchObject({ name: "alice", domain: { name: "acme" } });
    const elb = body.catalog.find((s: { type: string }) => s.type === "elb");
    expect(elb.endpoints[0]).toMatchObject({ url: emu.url, interface: "public", region: "eu-de" });
    const network = body.catalog.find((s: { type: string }) => s.type === "network");
    expect(network.endpoints[0].url).toBe(emu.url);
    expect(emu.counters().auth).toEqual({ token_issued: 1 });
    expect(emu.counters()["POST /v3/auth/tokens"]).toEqual({ "201": 1 });
  });

  test("scope by project name works; ?nocatalog=1 drops the catalog", async () => {
    const res = await client.call("POST", "/v3/auth/tokens?nocatalog=1", { body: tokenRequest("alice", "alice-pw", { name: "eu-de" }) });
    expect(res.status).toBe(201);
    expect(res.json.token.catalog).toBeUndefined();
    expect(res.json.token.project.id).toBe(DEMO_IDS.projectId);
  });

  test("a wrong password or a project the user cannot reach is 401 in the Keystone shape, and counted", async () => {
    const wrong = await issue("alice", "nope");
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: { code: 401, message: "The username or password is wrong.", title: "Unauthorized" } });
    const project = await issue("alice", "alice-pw", { id: "00000000000000000000000000000000" });
    expect(project.status).toBe(401);
    expect(emu.counters().auth).toEqual({ failure: 2, "failure:bad_password": 1, "failure:bad_scope": 1 });
  });

  test("malformed requests are 400", async () => {
    const noScope = await client.call("POST", "/v3/auth/tokens", { body: { auth: tokenRequest("alice", "alice-pw", {}).auth } });
    expect(noScope.status).toBe(400);
    const bad = await client.call("POST", "/v3/auth/tokens", { raw: "{" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe(400);
  });

  test("X-Auth-Token: a valid token passes; none, an unknown one and an expired one are 401", async () => {
    const token = (await issue()).headers["x-subject-token"] as string;
    const ok = await client.call("GET", members, { headers: { "X-Auth-Token": token } });
    expect(ok.status).toBe(200);

    const none = await client.call("GET", members);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({
      NeutronError: { message: "Authentication required: no X-Auth-Token or Authorization header", type: "Unauthorized", detail: "" },
    });
    const unknown = await client.call("GET", members, { headers: { "X-Auth-Token": "MIIbogus" } });
    expect(unknown.status).toBe(401);
    expect(unknown.json.NeutronError.message).toBe("Authentication required: the token is not valid");

    clock = T0 + 59_000;
    expect((await client.call("GET", members, { headers: { "X-Auth-Token": token } })).status).toBe(200);
    clock = T0 + 60_000;
    const expired = await client.call("GET", members, { headers: { "X-Auth-Token": token } });
    expect(expired.status).toBe(401);
    expect(expired.json.NeutronError.message).toBe("Authentication required: the token has expired");

    expect(emu.counters().auth).toEqual({
      token_issued: 1,
      failure: 3,
      "failure:missing": 1,
      "failure:unknown_token": 1,
      "failure:expired_token": 1,
    });
    expect(emu.counters()[`GET ${"/v2.0/lbaas/pools/{pool_id}/members"}`]).toEqual({ "200": 2, "401": 3 });
  });

  test("a token for another project is refused with 403", async () => {
    const token = (await issue("bob", "bob-pw", { name: "eu-de_other" })).headers["x-subject-token"] as string;
    const res = await client.call("GET", members, { headers: { "X-Auth-Token": token } });
    expect(res.status).toBe(403);
    expect(res.json.NeutronError.message).toBe("Policy doesn't allow elb:members:list to be performed.");
  });

  test("GET / needs no auth", async () => {
    expect((await client.call("GET", "/")).status).toBe(200);
  });
});

describe("AK/SK", () => {
  function signed(method: string, path: string, opts: { body?: string; ak?: string; sk?: string; date?: number; extra?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { host, "content-type": "application/json", ...opts.extra };
    const sig = signRequest({
      method,
      url: path,
      headers,
      body: opts.body ?? "",
      accessKey: opts.ak ?? "AK1",
      secretKey: opts.sk ?? "SK1",
      date: opts.date ?? clock,
    });
    const { host: _host, ...rest } = headers;
    return { ...rest, ...sig };
  }

  test("a good signature passes for GET with a query and for POST with a body", async () => {
    const q = `${members}?limit=5&address=192.168.0.9`;
    expect((await client.call("GET", q, { headers: signed("GET", q) })).status).toBe(200);
    const body = JSON.stringify({ member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } });
    const res = await client.call("POST", members, { raw: body, headers: signed("POST", members, { body }) });
    expect(res.status).toBe(201);
  });

  test("X-Project-Id is honoured: the emulator's project passes, another is 403", async () => {
    const mine = signed("GET", members, { extra: { "x-project-id": DEMO_IDS.projectId } });
    expect((await client.call("GET", members, { headers: mine })).status).toBe(200);
    const other = signed("GET", members, { extra: { "x-project-id": "ffffffffffffffffffffffffffffffff" } });
    const res = await client.call("GET", members, { headers: other });
    expect(res.status).toBe(403);
  });

  test("a wrong secret is 401", async () => {
    const res = await client.call("GET", members, { headers: signed("GET", members, { sk: "wrong" }) });
    expect(res.status).toBe(401);
    expect(res.json.NeutronError.message).toBe("Authentication required: signature does not match");
  });

  test("a body changed after signing is 401", async () => {
    const body = JSON.stringify({ member: { address: "192.168.0.9", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } });
    const headers = signed("POST", members, { body });
    const res = await client.call("POST", members, { raw: body.replace("80", "81"), headers });
    expect(res.status).toBe(401);
    expect(emu.members(DEMO_IDS.poolId).some((m) => m.protocol_port === 81)).toBe(false);
  });

  test("X-Sdk-Date more than 15 minutes from the emulator clock is 401; within is fine", async () => {
    const late = await client.call("GET", members, { headers: signed("GET", members, { date: T0 - 15 * 60_000 - 1000 }) });
    expect(late.status).toBe(401);
    expect(late.json.NeutronError.message).toMatch(/is more than 15 minutes off$/);
    const early = await client.call("GET", members, { headers: signed("GET", members, { date: T0 + 16 * 60_000 }) });
    expect(early.status).toBe(401);
    const near = await client.call("GET", members, { headers: signed("GET", members, { date: T0 - 14 * 60_000 }) });
    expect(near.status).toBe(200);
  });

  test("temporary credentials need X-Security-Token", async () => {
    const without = await client.call("GET", members, { headers: signed("GET", members, { ak: "AKTMP", sk: "SKTMP" }) });
    expect(without.status).toBe(401);
    expect(without.json.NeutronError.message).toBe("Authentication required: temporary credentials need a valid X-Security-Token");
    const wrong = signed("GET", members, { ak: "AKTMP", sk: "SKTMP", extra: { "x-security-token": "other" } });
    expect((await client.call("GET", members, { headers: wrong })).status).toBe(401);
    const right = signed("GET", members, { ak: "AKTMP", sk: "SKTMP", extra: { "x-security-token": "sts-token" } });
    expect((await client.call("GET", members, { headers: right })).status).toBe(200);
  });

  test("an unknown access key and a malformed header are 401; failures are counted by reason", async () => {
    expect((await client.call("GET", members, { headers: signed("GET", members, { ak: "WHO" }) })).status).toBe(401);
    expect((await client.call("GET", members, { headers: { Authorization: "Basic abc" } })).status).toBe(401);
    expect(emu.counters().auth).toEqual({ failure: 2, "failure:unknown_access_key": 1, "failure:bad_authorization": 1 });
  });
});

describe("401 in the apigw style", () => {
  test("carries ELB codes and the request id", async () => {
    const gw = await startEmulator({ seed: demoSeed(), auth, errorStyle: "apigw" });
    const gwClient = new TestClient(gw.url);
    try {
      const none = await gwClient.call("GET", members);
      expect(none.status).toBe(401);
      expect(none.json).toEqual({
        error_code: "ELB.1102",
        error_msg: "Token is error, Authentication required. no X-Auth-Token or Authorization header",
        request_id: none.headers["x-request-id"],
      });
      const unknown = await gwClient.call("GET", members, { headers: { "X-Auth-Token": "x" } });
      expect(unknown.json.error_code).toBe("ELB.1103");
    } finally {
      await gwClient.close();
      await gw.close();
    }
  });
});

describe("auth none", () => {
  test("ELB routes need nothing, and any password gets a token", async () => {
    const open = await startEmulator({ seed: demoSeed() });
    const openClient = new TestClient(open.url);
    try {
      expect((await openClient.call("GET", members)).status).toBe(200);
      const res = await openClient.call("POST", "/v3/auth/tokens", { body: tokenRequest("anyone", "anything", { name: "eu-de" }) });
      expect(res.status).toBe(201);
      expect(res.json.token.project.id).toBe(DEMO_IDS.projectId);
      expect(open.counters().auth).toEqual({ token_issued: 1 });
    } finally {
      await openClient.close();
      await open.close();
    }
  });
});
