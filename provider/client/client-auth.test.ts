// The ElbClient with each authenticator against a real emulator on 127.0.0.1 that requires auth.
// Clients are built the way provider/context.ts builds them: settings resolved from injected
// stack config, environment and files, then createAuthenticator, undiciAuthTransport and the
// shared dispatcher. The emulator's counters are the proof of what went over the wire.
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { demoSeed, DEMO_IDS, type Emulator, type SeedData, startEmulator } from "../../emulator";
import { createMember, listMembers } from "../api/members";
import { ConfigurationError, IamError, PasswordAuthenticator, type Authenticator, type ResolvedSettings } from "./auth";
import { resolveSettings } from "../settings";
import { Deadline } from "./deadline";
import { ElbError } from "./errors";
import { clientFor } from "../context";
import { Transports } from "./transport";
import { ElbClient } from "./http";

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const MEMBERS_ROUTE = "GET /v2.0/lbaas/pools/{pool_id}/members";
const TOKENS_ROUTE = "POST /v3/auth/tokens";
const MINUTE_MS = 60_000;

// Distinctive values, so "not in the message" means something.
const AK = "AKCLIENTAUTHTEST0001";
const SK = "sk-client-auth-9f2b7c1d-never-print";
const TEMP_AK = "AKTEMPORARYTEST00002";
const TEMP_SK = "sk-temporary-4e8a0b3c-never-print";
const SECURITY_TOKEN = "st-temporary-7d1e5f90-never-print";
const USER = { name: "elb-operator", password: "pw-client-auth-3c9e71ab-never-print", domainName: "acme-domain" };

/** Names that exercise the canonical query: space, "+", "/", "%", "&", "=", non-ASCII, "!*'()". */
const ODD_NAMES = ["web one", "a+b c", "50% off & more=yes", "ü/ß ~*'()!", "tab\there"];

function worldWithMembers(): SeedData {
  const seed = demoSeed();
  seed.members = [
    { poolId: POOL, address: "192.168.0.11", protocolPort: 80, subnetId: SUBNET, name: "plain" },
    ...ODD_NAMES.map((name, i) => ({ poolId: POOL, address: `192.168.0.${20 + i}`, protocolPort: 80, subnetId: SUBNET, name })),
  ];
  return seed;
}

const ALL_ADDRESSES = ["192.168.0.11", ...ODD_NAMES.map((_, i) => `192.168.0.${20 + i}`)];

interface ClientSetup {
  config?: Record<string, string>;
  env?: Record<string, string>;
  /** Defaults to the real clock. */
  now?: () => number;
  /** Real directories for clouds.yaml lookups; defaults to folders that hold nothing. */
  homeDir?: string;
  cwd?: string;
}

interface BuiltClient {
  client: ElbClient;
  authenticator: Authenticator;
  settings: ResolvedSettings;
}

const EMPTY_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "elb-client-auth-empty-"));

/** With provider/context.ts's own wiring, every source injected. */
async function buildClient(setup: ClientSetup): Promise<BuiltClient> {
  const settings = resolveSettings({
    config: (key) => setup.config?.[key],
    env: setup.env ?? {},
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined),
    homeDir: setup.homeDir ?? EMPTY_DIR,
    cwd: setup.cwd ?? EMPTY_DIR,
  });
  return { ...(await clientFor(settings, { transports: new Transports(), now: setup.now })), settings };
}

const deadline = () => Deadline.after(20_000, "listing members");

async function addresses(client: ElbClient, filters: Record<string, string> = {}): Promise<string[]> {
  const members = await listMembers(client, POOL, filters, deadline());
  return members.map((m) => m.address).sort();
}

/** The rejection of `promise`, which must reject. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

const authCounters = (emulator: Emulator) => emulator.counters().auth ?? {};
const routeCounters = (emulator: Emulator, route: string) => emulator.counters()[route] ?? {};

describe("AK/SK signing against the emulator", () => {
  let emulator: Emulator;
  const akskConfig = (overrides: Record<string, string> = {}) => ({
    "elb:endpoint": emulator.url,
    "elb:accessKey": AK,
    "elb:secretKey": SK,
    "elb:projectId": emulator.projectId,
    ...overrides,
  });

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: worldWithMembers(),
      auth: {
        users: [USER],
        credentials: [
          { accessKey: AK, secretKey: SK },
          { accessKey: TEMP_AK, secretKey: TEMP_SK, securityToken: SECURITY_TOKEN },
        ],
      },
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.resetCounters());

  test("a correct signature lists the members (200), with one request and no auth failure", async () => {
    const { client, authenticator } = await buildClient({ config: akskConfig() });
    expect(authenticator.method).toBe("aksk");
    expect(await addresses(client)).toEqual(ALL_ADDRESSES);
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "200": 1 });
    expect(authCounters(emulator)).toEqual({});
  });

  test("every retry is signed afresh: a new X-Sdk-Date and signature, which the server accepts", async () => {
    let now = Date.now();
    const { client, authenticator } = await buildClient({ config: akskConfig(), now: () => (now += 2_000) });
    const signed: Record<string, string>[] = [];
    const authorize = authenticator.authorize.bind(authenticator);
    jest.spyOn(authenticator, "authorize").mockImplementation(async (request) => {
      const headers = await authorize(request);
      signed.push(headers);
      return headers;
    });
    emulator.setFaults({ rules: [{ kind: "error", status: 503, route: MEMBERS_ROUTE, times: 1 }] });
    try {
      expect(await addresses(client)).toEqual(ALL_ADDRESSES);
    } finally {
      emulator.setFaults({ rules: [] });
    }
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "503": 1, "200": 1 });
    expect(signed).toHaveLength(2);
    const dateOf = (headers: Record<string, string>) => Object.entries(headers).find(([name]) => name.toLowerCase() === "x-sdk-date")?.[1];
    const signatureOf = (headers: Record<string, string>) => Object.entries(headers).find(([name]) => name.toLowerCase() === "authorization")?.[1];
    expect(dateOf(signed[0])).not.toBe(dateOf(signed[1]));
    expect(signatureOf(signed[0])).not.toBe(signatureOf(signed[1]));
  });

  test("a wrong secret key is 401 of kind auth, naming AK/SK signing and what to check, never a secret", async () => {
    const wrongSecret = "sk-wrong-0a1b2c3d-never-print";
    const { client } = await buildClient({ config: akskConfig({ "elb:secretKey": wrongSecret }) });
    const error = await failureOf(addresses(client));
    expect(error).toBeInstanceOf(ElbError);
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect(error.message).toContain("authenticated with AK/SK signing");
    expect(error.message).toContain("check the access key and secret key pair");
    expect(error.message).toContain("signature does not match");
    for (const secret of [wrongSecret, SK]) expect(error.message).not.toContain(secret);
    // An AK/SK 401 cannot be fixed by renewing: exactly one request, no replay, no retry.
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "401": 1 });
    expect(authCounters(emulator)).toEqual({ failure: 1, "failure:signature_mismatch": 1 });
  });

  test("an unknown access key is refused, and the server's echo of it is hidden in the message", async () => {
    const unknownAk = "AKUNKNOWNKEY00000042";
    const { client } = await buildClient({ config: akskConfig({ "elb:accessKey": unknownAk }) });
    const error = await failureOf(addresses(client));
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect(error.message).toContain("unknown access key ***");
    expect(error.message).not.toContain(unknownAk);
  });

  test("a clock 20 minutes off is refused with 401 (clock skew); 10 minutes off is still accepted", async () => {
    const skewed = await buildClient({ config: akskConfig(), now: () => Date.now() + 20 * MINUTE_MS });
    const error = await failureOf(addresses(skewed.client));
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect(error.message).toContain("more than 15 minutes off");
    expect(error.message).toContain("this machine's clock");
    expect(authCounters(emulator)).toEqual({ failure: 1, "failure:clock_skew": 1 });

    const behind = await buildClient({ config: akskConfig(), now: () => Date.now() - 10 * MINUTE_MS });
    expect(await addresses(behind.client)).toEqual(ALL_ADDRESSES);
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "200": 1, "401": 1 });
  });

  test("temporary credentials send their security token; without it, or with a wrong one, they are refused", async () => {
    const temporary = { "elb:accessKey": TEMP_AK, "elb:secretKey": TEMP_SK };
    const withToken = await buildClient({ config: akskConfig({ ...temporary, "elb:securityToken": SECURITY_TOKEN }) });
    expect(await addresses(withToken.client)).toEqual(ALL_ADDRESSES);
    expect(authCounters(emulator)).toEqual({});

    const withoutToken = await buildClient({ config: akskConfig(temporary) });
    const missing = await failureOf(addresses(withoutToken.client));
    expect(missing).toMatchObject({ kind: "auth", status: 401 });
    expect(missing.message).toContain("the security token for temporary keys");

    const wrongToken = "st-wrong-55aa66bb-never-print";
    const withWrongToken = await buildClient({ config: akskConfig({ ...temporary, "elb:securityToken": wrongToken }) });
    const wrong = await failureOf(addresses(withWrongToken.client));
    expect(wrong).toMatchObject({ kind: "auth", status: 401 });
    for (const secret of [wrongToken, SECURITY_TOKEN, TEMP_SK]) {
      expect(missing.message).not.toContain(secret);
      expect(wrong.message).not.toContain(secret);
    }
    expect(authCounters(emulator)).toEqual({ failure: 2, "failure:security_token": 2 });
  });

  test("HW_* variables sign for Huawei Cloud (cloud from ELB_CLOUD), security token included", async () => {
    const { client, settings } = await buildClient({
      env: {
        ELB_CLOUD: "huaweicloud",
        ELB_ENDPOINT: emulator.url,
        HW_ACCESS_KEY: TEMP_AK,
        HW_SECRET_KEY: TEMP_SK,
        HW_SECURITY_TOKEN: SECURITY_TOKEN,
        HW_PROJECT_ID: emulator.projectId,
        // The OS_* fallback loses to the HW_* name.
        OS_SECRET_KEY: "sk-os-fallback-never-used",
      },
    });
    expect(settings.origins).toMatchObject({ accessKey: "env HW_ACCESS_KEY", secretKey: "env HW_SECRET_KEY", securityToken: "env HW_SECURITY_TOKEN" });
    expect(await addresses(client)).toEqual(ALL_ADDRESSES);
    expect(authCounters(emulator)).toEqual({});
  });

  test("OS_* variables sign for Open Telekom Cloud; stack config wins over them", async () => {
    const env = { ELB_ENDPOINT: emulator.url, OS_ACCESS_KEY: AK, OS_SECRET_KEY: "sk-env-wrong-never-used", OS_PROJECT_ID: emulator.projectId };
    const fromConfig = await buildClient({ env, config: { "elb:secretKey": SK } });
    expect(fromConfig.settings.origins).toMatchObject({ accessKey: "env OS_ACCESS_KEY", secretKey: "stack config elb:secretKey" });
    expect(await addresses(fromConfig.client)).toEqual(ALL_ADDRESSES);

    const fromEnv = await buildClient({ env });
    expect(await failureOf(addresses(fromEnv.client))).toMatchObject({ kind: "auth", status: 401 });
    expect(authCounters(emulator)).toEqual({ failure: 1, "failure:signature_mismatch": 1 });
  });

  test("a project id that is not the caller's is 403 of kind auth, saying the credentials lack permission", async () => {
    const { client } = await buildClient({ config: akskConfig({ "elb:projectId": "ffffffffffffffffffffffffffffffff" }) });
    const error = await failureOf(addresses(client));
    expect(error).toMatchObject({ kind: "auth", status: 403 });
    expect(error.message).toContain("accepted but lack permission");
    expect(error.message).toContain("the project id");
    expect(error.message).not.toContain(SK);
  });

  test.each(ODD_NAMES)("a name filter %j signs and verifies, and finds exactly that member", async (name) => {
    const { client } = await buildClient({ config: akskConfig() });
    const found = await listMembers(client, POOL, { name }, deadline());
    expect(found.map((m) => m.name)).toEqual([name]);
    expect(found[0].address).toBe(`192.168.0.${20 + ODD_NAMES.indexOf(name)}`);
    expect(authCounters(emulator)).toEqual({});
  });

  test("several filters at once, one repeated, in unsorted order, verify", async () => {
    const { client } = await buildClient({ config: akskConfig() });
    const result = await client.call<{ members: Array<{ name: string }> }>("GET", `/v2.0/lbaas/pools/${POOL}/members`, {
      deadline: deadline(),
      query: { protocol_port: 80, name: ["web one", "a+b c"], admin_state_up: true },
    });
    expect(result.status).toBe(200);
    expect(result.body.members.map((m) => m.name).sort()).toEqual(["a+b c", "web one"]);
    expect(authCounters(emulator)).toEqual({});
  });

  test("a POST body with non-ASCII text is signed over its exact bytes (201)", async () => {
    const { client } = await buildClient({ config: akskConfig() });
    const created = await createMember(client, POOL, { address: "192.168.0.99", protocol_port: 8080, subnet_id: SUBNET, name: "café ünïcode €" }, deadline());
    expect(created).toMatchObject({ address: "192.168.0.99", protocol_port: 8080, name: "café ünïcode €" });
    expect(routeCounters(emulator, "POST /v2.0/lbaas/pools/{pool_id}/members")).toEqual({ "201": 1 });
    expect(authCounters(emulator)).toEqual({});
  });
});

describe("IAM password sessions against the emulator", () => {
  const T0 = Date.parse("2030-01-01T00:00:00Z");
  const LIFETIME_S = 3600;
  let emulator: Emulator;
  let emulatorNow = T0;
  let sessionNow = T0;

  const passwordEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
    OS_USERNAME: USER.name,
    OS_PASSWORD: USER.password,
    OS_DOMAIN_NAME: USER.domainName,
    OS_PROJECT_ID: emulator.projectId,
    OS_AUTH_URL: emulator.authUrl,
    ELB_ENDPOINT: emulator.url,
    ...overrides,
  });
  const passwordClient = (env: Record<string, string> = passwordEnv()) => buildClient({ env, now: () => sessionNow });
  const sessionOf = (built: BuiltClient) => (built.authenticator as PasswordAuthenticator).session;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: worldWithMembers(),
      auth: { users: [USER], tokenLifetimeSeconds: LIFETIME_S, now: () => emulatorNow },
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulatorNow = T0;
    sessionNow = T0;
    emulator.resetCounters();
  });

  test("the emulator issues one token (201) for the OS_* password, reused by later calls", async () => {
    const built = await passwordClient();
    expect(built.authenticator).toBeInstanceOf(PasswordAuthenticator);
    for (let i = 0; i < 5; i++) expect(await addresses(built.client)).toEqual(ALL_ADDRESSES);
    expect(routeCounters(emulator, TOKENS_ROUTE)).toEqual({ "201": 1 });
    expect(authCounters(emulator)).toEqual({ token_issued: 1 });
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "200": 5 });
    const token = await sessionOf(built).current();
    expect(token.expiresAt).toBe(T0 + LIFETIME_S * 1000);
    expect(token.projectId).toBe(emulator.projectId);
  });

  test("a token about to expire is renewed exactly once under 20 parallel requests, and all 20 succeed", async () => {
    const built = await passwordClient();
    await addresses(built.client);
    const first = await sessionOf(built).token();
    expect(authCounters(emulator)).toEqual({ token_issued: 1 });

    // 56 minutes on: inside the 5-minute renewal margin, still valid for the emulator.
    sessionNow = emulatorNow = T0 + 56 * MINUTE_MS;
    const results = await Promise.all(Array.from({ length: 20 }, () => addresses(built.client)));
    expect(results).toEqual(Array.from({ length: 20 }, () => ALL_ADDRESSES));
    expect(authCounters(emulator)).toEqual({ token_issued: 2 });
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "200": 21 });
    expect(await sessionOf(built).token()).not.toBe(first);
  });

  test("a 401 on an expired token costs exactly one re-authentication and one replay", async () => {
    const built = await passwordClient();
    await addresses(built.client);
    emulator.resetCounters();

    // The emulator's clock passes expires_at while the session's clock still trusts the token.
    emulatorNow = T0 + 61 * MINUTE_MS;
    expect(await addresses(built.client)).toEqual(ALL_ADDRESSES);
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "401": 1, "200": 1 });
    expect(routeCounters(emulator, TOKENS_ROUTE)).toEqual({ "201": 1 });
    expect(authCounters(emulator)).toEqual({ token_issued: 1, failure: 1, "failure:expired_token": 1 });
  });

  test("a burst of 401s on one expired token costs one re-authentication; each request is replayed once", async () => {
    const built = await passwordClient();
    await addresses(built.client);
    emulator.resetCounters();

    emulatorNow = T0 + 61 * MINUTE_MS;
    const results = await Promise.all(Array.from({ length: 10 }, () => addresses(built.client)));
    expect(results).toEqual(Array.from({ length: 10 }, () => ALL_ADDRESSES));
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "401": 10, "200": 10 });
    // (The emulator forgets a token once it saw it expired, so later 401s count it as unknown.)
    expect(authCounters(emulator)).toMatchObject({ token_issued: 1, failure: 10, "failure:expired_token": 1 });
  });

  test("a fresh token refused again is not renewed a second time: the 401 surfaces after one replay", async () => {
    // An IAM whose clock jumps two hours at every reading: each token has expired by its first use.
    let readings = 0;
    const hopping = await startEmulator({
      seed: worldWithMembers(),
      auth: { users: [USER], tokenLifetimeSeconds: LIFETIME_S, now: () => T0 + readings++ * 2 * 60 * MINUTE_MS },
    });
    try {
      const { client } = await passwordClient(passwordEnv({ OS_AUTH_URL: hopping.authUrl, ELB_ENDPOINT: hopping.url }));
      const error = await failureOf(addresses(client));
      expect(error).toMatchObject({ kind: "auth", status: 401 });
      expect(error.message).toContain("(authenticated with password)");
      expect(error.message).toContain("check the user name, password, domain and project");
      expect(error.message).not.toContain(USER.password);
      expect(hopping.counters()[MEMBERS_ROUTE]).toEqual({ "401": 2 });
      expect(hopping.counters().auth).toMatchObject({ token_issued: 2, failure: 2 });
    } finally {
      await hopping.close();
    }
  });

  test("a wrong password is an IamError naming the method, the user and what to check, never the password", async () => {
    const wrongPassword = "pw-wrong-8b7a6c5d-never-print";
    const { client } = await passwordClient(passwordEnv({ OS_PASSWORD: wrongPassword }));
    const error = await failureOf(addresses(client));
    expect(error).toBeInstanceOf(IamError);
    expect(error).toMatchObject({ code: "ELB_IAM_REJECTED", status: 401 });
    expect(error.message).toContain("IAM rejected password authentication (HTTP 401)");
    expect(error.message).toContain(`user "${USER.name}" in domain "${USER.domainName}"`);
    expect(error.message).toContain("check the user name, password, domain and project");
    for (const secret of [wrongPassword, USER.password]) expect(error.message).not.toContain(secret);
    expect(authCounters(emulator)).toEqual({ failure: 1, "failure:bad_password": 1 });
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({});
  });

  test("without an endpoint or region, the ELB endpoint comes from the token's catalog", async () => {
    const env = passwordEnv({ OS_PROJECT_NAME: "eu-de" });
    delete env.ELB_ENDPOINT;
    delete env.OS_PROJECT_ID;
    const { client, settings } = await passwordClient(env);
    expect(settings.region).toBeUndefined();
    expect(client.endpoint).toBe(emulator.url);
    expect(await addresses(client)).toEqual(ALL_ADDRESSES);
    expect(authCounters(emulator)).toEqual({ token_issued: 1 });
  });

  test("clouds.yaml with the password in secure.yaml, found through OS_CLIENT_CONFIG_FILE and OS_CLOUD", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-client-auth-clouds-"));
    try {
      const cloudsFile = path.join(dir, "clouds.yaml");
      fs.writeFileSync(
        cloudsFile,
        [
          "clouds:",
          "  emulated:",
          "    auth:",
          `      auth_url: ${emulator.authUrl}`,
          `      username: ${USER.name}`,
          `      user_domain_name: ${USER.domainName}`,
          `      project_id: ${emulator.projectId}`,
          "",
        ].join("\n"),
      );
      fs.writeFileSync(path.join(dir, "secure.yaml"), ["clouds:", "  emulated:", "    auth:", `      password: "${USER.password}"`, ""].join("\n"));
      const built = await passwordClient({ OS_CLIENT_CONFIG_FILE: cloudsFile, OS_CLOUD: "emulated", ELB_ENDPOINT: emulator.url });
      expect(built.settings.origins.password).toBe(`${path.join(dir, "secure.yaml")} (clouds.emulated.auth.password)`);
      expect(built.settings.origins.username).toBe(`${cloudsFile} (clouds.emulated.auth.username)`);
      expect(await addresses(built.client)).toEqual(ALL_ADDRESSES);
      expect(authCounters(emulator)).toEqual({ token_issued: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a token given directly", () => {
  let emulator: Emulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: worldWithMembers(), auth: { users: [USER], credentials: [{ accessKey: AK, secretKey: SK }] } });
    // Fetched without the provider's code, as a user would with curl or the openstack CLI.
    const response = await request(`${emulator.authUrl}/auth/tokens?nocatalog=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        auth: {
          identity: { methods: ["password"], password: { user: { name: USER.name, password: USER.password, domain: { name: USER.domainName } } } },
          scope: { project: { id: emulator.projectId } },
        },
      }),
    });
    await response.body.dump();
    expect(response.statusCode).toBe(201);
    token = String(response.headers["x-subject-token"]);
    expect(token).toMatch(/^MII/);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.resetCounters());

  const sources: Array<[string, (token: string) => ClientSetup]> = [
    ["env OS_TOKEN", (t) => ({ env: { OS_TOKEN: t } })],
    ["env OS_AUTH_TOKEN", (t) => ({ env: { OS_AUTH_TOKEN: t } })],
    ["env HW_AUTH_TOKEN", (t) => ({ env: { HW_AUTH_TOKEN: t, ELB_CLOUD: "huaweicloud" } })],
    ["stack config elb:token", (t) => ({ config: { "elb:token": t } })],
  ];
  test.each(sources)("from %s: sent as X-Auth-Token, 200", async (origin, setup) => {
    const given = setup(token);
    const built = await buildClient({ ...given, env: { ELB_ENDPOINT: emulator.url, ...given.env } });
    expect(built.authenticator.method).toBe("token");
    expect(built.settings.origins.token).toBe(origin);
    expect(await addresses(built.client)).toEqual(ALL_ADDRESSES);
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "200": 1 });
    expect(authCounters(emulator)).toEqual({});
  });

  test("a bad token is 401 with the token hint, sent once (a given token is never renewed), and not in the message", async () => {
    const badToken = "MIIbad-token-6f5e4d3c-never-print";
    const { client } = await buildClient({ env: { ELB_ENDPOINT: emulator.url, OS_TOKEN: badToken } });
    const error = await failureOf(addresses(client));
    expect(error).toBeInstanceOf(ElbError);
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect(error.message).toContain("(authenticated with token)");
    expect(error.message).toContain("check that the token (elb:token, OS_TOKEN or OS_AUTH_TOKEN) has not expired");
    expect(error.message).not.toContain(badToken);
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "401": 1 });
    expect(authCounters(emulator)).toEqual({ failure: 1, "failure:unknown_token": 1 });
  });

  test("precedence: a token wins over AK/SK and a password; AK/SK wins over a password", async () => {
    const everything = {
      ELB_ENDPOINT: emulator.url,
      OS_TOKEN: token,
      OS_ACCESS_KEY: AK,
      OS_SECRET_KEY: SK,
      OS_PROJECT_ID: emulator.projectId,
      OS_USERNAME: USER.name,
      OS_PASSWORD: USER.password,
      OS_DOMAIN_NAME: USER.domainName,
      OS_AUTH_URL: emulator.authUrl,
    };
    const withToken = await buildClient({ env: everything });
    expect(withToken.authenticator.method).toBe("token");
    expect(await addresses(withToken.client)).toEqual(ALL_ADDRESSES);

    // An empty value counts as not set.
    const withAkSk = await buildClient({ env: { ...everything, OS_TOKEN: "" } });
    expect(withAkSk.authenticator.method).toBe("aksk");
    expect(await addresses(withAkSk.client)).toEqual(ALL_ADDRESSES);
    // Neither client asked IAM for a token.
    expect(authCounters(emulator)).toEqual({});
    expect(routeCounters(emulator, MEMBERS_ROUTE)).toEqual({ "200": 2 });
  });
});

describe("a clear-text ELB endpoint from the token's catalog", () => {
  test("is refused after the token request to loopback IAM, before any ELB call, naming the catalog and allowInsecureHttp", async () => {
    // IAM on loopback whose catalog points the ELB at clear text on another host.
    const requests: string[] = [];
    const iam = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      const catalog = [{ type: "elb", name: "elb", endpoints: [{ interface: "public", region: "eu-de", url: "http://10.255.255.1:9/v2.0/p" }] }];
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      res.writeHead(201, { "content-type": "application/json", "x-subject-token": "tok-from-iam" });
      res.end(JSON.stringify({ token: { expires_at: expires, project: { id: "p" }, catalog } }));
    });
    await new Promise<void>((resolve) => iam.listen(0, "127.0.0.1", resolve));
    const authUrl = `http://127.0.0.1:${(iam.address() as AddressInfo).port}/v3`;
    const env = { OS_AUTH_URL: authUrl, OS_USERNAME: USER.name, OS_PASSWORD: USER.password, OS_DOMAIN_NAME: USER.domainName, OS_PROJECT_ID: "p" };
    try {
      const error = await failureOf(buildClient({ env }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).code).toBe("ELB_CLEAR_TEXT");
      expect(error.message).toMatch(
        /^endpoint \(from the token's service catalog, as elb:endpoint is not set\) is http:\/\/10\.255\.255\.1:9, clear-text http to a host that is not loopback, so nothing was sent to it\. .*elb:allowInsecureHttp/,
      );
      expect(error.message).not.toContain(USER.password);
      expect(requests).toEqual(["POST /v3/auth/tokens"]);
      // "true" does not let the token go there either.
      const still = await failureOf(buildClient({ env: { ...env, ELB_ALLOW_INSECURE_HTTP: "true" } }));
      expect(still.message).toMatch(/auth "password" would send credentials over it/);
    } finally {
      iam.close();
    }
  });
});
