// Credentials through the real pulumi CLI: AK/SK from secret stack config, a password from the
// environment, and clouds.yaml with the password in secure.yaml, each against an emulator that
// requires auth. Each stack creates a member and destroys it; then its exported state, every
// line the CLI printed, every diagnostic, the files of its backend and workspace, and the
// provider's error messages are searched for every secret: the configured ones and every token
// IAM issued on the way (recorded by a proxy in front of the emulator).
import * as fs from "node:fs";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { haystacks, RecordingProxy, SECRET_SIGNATURE, secretHits, startRecordingProxy } from "./credential-scan";
import { EngineStack, resourcesOfType, StateResource, teardown } from "./harness";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const POOL_MEMBER_TYPE = "elb:PoolMember";

// Distinctive values, so a search that finds nothing means something.
const ACCESS_KEY = "AKENGINECREDTEST0001";
const SECRET_KEY = "sk-engine-4b1f9e27-must-never-appear";
const SECURITY_TOKEN = "st-engine-c83d0a55-must-never-appear";
const ENV_USER = { name: "env-operator", password: "pw-env-6e2a91d4-must-never-appear", domainName: "acme-domain" };
const YAML_USER = { name: "yaml-operator", password: "pw-yaml-0f7c3b18-must-never-appear", domainName: "acme-domain" };
const WRONG_PASSWORD = "pw-wrong-d95e2c07-must-never-appear";
const APP_CREDENTIAL = {
  id: "ac-engine-0001",
  name: "engine-deployer",
  secret: "ac-secret-5d21c9e4-must-never-appear",
  userName: ENV_USER.name,
  domainName: ENV_USER.domainName,
};

let emulator: Emulator;
let proxy: RecordingProxy;
const stacks: EngineStack[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    seed: demoSeed(),
    auth: {
      users: [ENV_USER, YAML_USER],
      credentials: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN }],
      applicationCredentials: [APP_CREDENTIAL],
    },
  });
  proxy = await startRecordingProxy(emulator.url);
});

afterAll(() =>
  teardown(
    // Some stacks hold settings the tests broke on purpose; their destroy may fail.
    ...stacks.map((stack) => () => stack.dispose().catch(() => undefined)),
    () => proxy?.close(),
    () => emulator?.close(),
  ),
);

beforeEach(() => emulator.resetCounters());

function memberProgram(name: string, address: string) {
  return async () => {
    const member = new PoolMember(name, { poolId: POOL, subnetId: SUBNET, address, protocolPort: 80, name });
    return { memberId: member.id };
  };
}

async function createStack(options: Parameters<typeof EngineStack.create>[0]): Promise<EngineStack> {
  const engine = await EngineStack.create(options);
  stacks.push(engine);
  return engine;
}

/** The issued tokens and the security token as named secrets, for the scan. */
function tokensSeen(): Record<string, string> {
  const secrets: Record<string, string> = {};
  [...proxy.issuedTokens].forEach((token, i) => (secrets[`issued token #${i + 1}`] = token));
  [...proxy.sentCredentials.get("x-auth-token")!].forEach((token, i) => (secrets[`sent X-Auth-Token #${i + 1}`] = token));
  [...proxy.sentCredentials.get("x-security-token")!].forEach((token, i) => (secrets[`sent X-Security-Token #${i + 1}`] = token));
  return secrets;
}

interface Lifecycle {
  memberId: string;
  states: StateResource[][];
}

/** up creates the member (proved by the emulator and the state), destroy removes it. */
async function upAndDestroy(engine: EngineStack, name: string, address: string): Promise<Lifecycle> {
  const up = await engine.up();
  expect(up.summary.resourceChanges?.create).toBe(2);
  const member = emulator.members(POOL).find((m) => m.address === address);
  // Made in the project the credentials are scoped to.
  expect(member).toMatchObject({ address, protocol_port: 80, name, tenant_id: emulator.projectId });
  expect(up.outputs.memberId.value).toBe(member!.id);
  const afterUp = await engine.exportState();
  const [resource] = resourcesOfType(afterUp, POOL_MEMBER_TYPE);
  expect(resource.id).toBe(member!.id);
  expect(resource.outputs).toMatchObject({ address, name });

  const destroy = await engine.destroy();
  expect(destroy.summary.resourceChanges?.delete).toBe(2);
  expect(emulator.members(POOL).find((m) => m.address === address)).toBeUndefined();
  return { memberId: member!.id, states: [afterUp, await engine.exportState()] };
}

/** The scan must be able to find things: non-secrets of this run are in the haystack. */
function expectHaystackHolds(stacksText: Record<string, string>, lifecycle: Lifecycle, name: string): void {
  expect(stacksText["exported state #1"]).toContain(lifecycle.memberId);
  expect(stacksText["exported state #1"]).toContain("__provider");
  expect(stacksText["CLI transcript"]).toContain(name);
  const stateFiles = Object.keys(stacksText).filter((where) => where.includes(`${path.sep}state${path.sep}`));
  expect(stateFiles.filter((file) => stacksText[file].includes(lifecycle.memberId)).length).toBeGreaterThan(0);
}

test("AK/SK from secret stack config: up and destroy sign every call; no secret anywhere", async () => {
  const name = "aksk-member";
  const engine = await createStack({
    projectName: "credentials-aksk",
    program: memberProgram(name, "192.168.0.31"),
    config: {
      "elb:endpoint": { value: proxy.url },
      "elb:projectId": { value: emulator.projectId },
      "elb:accessKey": { value: ACCESS_KEY, secret: true },
      "elb:secretKey": { value: SECRET_KEY, secret: true },
      "elb:securityToken": { value: SECURITY_TOKEN, secret: true },
    },
  });
  const lifecycle = await upAndDestroy(engine, name, "192.168.0.31");

  // Every ELB call was signed with these keys and carried the security token; no IAM token was used.
  expect(proxy.signedWith).toEqual(new Set([ACCESS_KEY]));
  expect(proxy.sentCredentials.get("x-security-token")).toEqual(new Set([SECURITY_TOKEN]));
  expect(emulator.counters().auth ?? {}).toEqual({});

  // The exported state shows secrets decrypted, and the secret config does reach the state: as the
  // default provider's inputs, marked secret (so the files below hold it encrypted). Nowhere else.
  const holders = lifecycle.states[0].filter((resource) => JSON.stringify(resource).includes(SECRET_KEY));
  expect(holders.map((resource) => resource.type)).toEqual(["pulumi:providers:pulumi-nodejs"]);
  expect(holders[0].inputs?.["elb:secretKey"]).toEqual({ [SECRET_SIGNATURE]: expect.any(String), plaintext: JSON.stringify(SECRET_KEY) });

  const text = haystacks(engine, lifecycle.states);
  expectHaystackHolds(text, lifecycle, name);
  // The secret config is in the stack's settings file, encrypted.
  const settingsFile = text[path.join(engine.workDir, "Pulumi.test.yaml")];
  expect(settingsFile).toMatch(/elb:secretKey:\s+secure: /);
  // The CLI itself prints secret config values as "[secret]", so here the state and the files are
  // the checks that matter; the environment and clouds.yaml stacks below have no such mask.
  expect(secretHits(text, { secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN, accessKey: ACCESS_KEY, ...tokensSeen() })).toEqual([]);
});

test("a password from OS_* environment variables: IAM issues tokens; neither password nor token anywhere", async () => {
  const name = "env-member";
  const tokensBefore = proxy.issuedTokens.size;
  const engine = await createStack({
    projectName: "credentials-env",
    program: memberProgram(name, "192.168.0.32"),
    env: {
      OS_USERNAME: ENV_USER.name,
      OS_PASSWORD: ENV_USER.password,
      OS_DOMAIN_NAME: ENV_USER.domainName,
      OS_PROJECT_NAME: "eu-de",
      OS_AUTH_URL: `${proxy.url}/v3`,
      ELB_ENDPOINT: proxy.url,
    },
  });
  const lifecycle = await upAndDestroy(engine, name, "192.168.0.32");

  const issued = emulator.counters().auth?.token_issued ?? 0;
  expect(issued).toBeGreaterThanOrEqual(1);
  expect(proxy.issuedTokens.size - tokensBefore).toBe(issued);
  expect(emulator.counters().auth).toEqual({ token_issued: issued });

  const text = haystacks(engine, lifecycle.states);
  expectHaystackHolds(text, lifecycle, name);
  expect(secretHits(text, { password: ENV_USER.password, ...tokensSeen() })).toEqual([]);
});

test("clouds.yaml in the program folder with the password in secure.yaml, endpoint from the catalog: nothing leaks", async () => {
  const name = "yaml-member";
  const tokensBefore = proxy.issuedTokens.size;
  const engine = await createStack({
    projectName: "credentials-clouds-yaml",
    program: memberProgram(name, "192.168.0.33"),
    env: { OS_CLOUD: "emulated" },
  });
  // The provider runs in the program folder, where ./clouds.yaml is the second place looked at.
  fs.writeFileSync(
    path.join(engine.workDir, "clouds.yaml"),
    [
      "clouds:",
      "  emulated:",
      "    auth:",
      `      auth_url: ${proxy.url}/v3`,
      `      username: ${YAML_USER.name}`,
      `      user_domain_name: ${YAML_USER.domainName}`,
      `      project_id: ${emulator.projectId}`,
      "",
    ].join("\n"),
  );
  fs.writeFileSync(path.join(engine.workDir, "secure.yaml"), ["clouds:", "  emulated:", "    auth:", `      password: "${YAML_USER.password}"`, ""].join("\n"));

  const lifecycle = await upAndDestroy(engine, name, "192.168.0.33");
  expect(emulator.counters().auth?.token_issued ?? 0).toBeGreaterThanOrEqual(1);
  expect(proxy.issuedTokens.size).toBeGreaterThan(tokensBefore);

  const text = haystacks(engine, lifecycle.states);
  expectHaystackHolds(text, lifecycle, name);
  expect(secretHits(text, { password: YAML_USER.password, ...tokensSeen() })).toEqual([]);
});

test("OpenStack: an application credential from OS_* variables, the load-balancer service from the catalog, Octavia's /v2 path: nothing leaks", async () => {
  const name = "openstack-member";
  const tokensBefore = proxy.issuedTokens.size;
  const engine = await createStack({
    projectName: "credentials-openstack",
    program: memberProgram(name, "192.168.0.35"),
    config: { "elb:cloud": { value: "openstack" } },
    env: {
      OS_AUTH_URL: `${proxy.url}/v3`,
      OS_APPLICATION_CREDENTIAL_ID: APP_CREDENTIAL.id,
      OS_APPLICATION_CREDENTIAL_SECRET: APP_CREDENTIAL.secret,
      // Left in the environment for another cloud: never used on OpenStack.
      OS_ACCESS_KEY: ACCESS_KEY,
      OS_SECRET_KEY: SECRET_KEY,
    },
  });
  proxy.signedWith.clear();
  const lifecycle = await upAndDestroy(engine, name, "192.168.0.35");

  expect(proxy.issuedTokens.size).toBeGreaterThan(tokensBefore);
  expect(proxy.signedWith).toEqual(new Set());
  // Every member call took Octavia's path, found through the catalog, and none was AK/SK-signed.
  const memberRoutes = Object.keys(emulator.counters()).filter((route) => route.includes("/members"));
  expect(memberRoutes.length).toBeGreaterThan(0);
  expect(memberRoutes.filter((route) => !/ \/v2\/lbaas\//.test(route))).toEqual([]);

  const text = haystacks(engine, lifecycle.states);
  expectHaystackHolds(text, lifecycle, name);
  expect(secretHits(text, { applicationCredentialSecret: APP_CREDENTIAL.secret, secretKey: SECRET_KEY, ...tokensSeen() })).toEqual([]);
});

test("a wrong password: up fails naming the method and what to check, and the password is nowhere", async () => {
  const name = "wrong-member";
  const engine = await createStack({
    projectName: "credentials-wrong-password",
    program: memberProgram(name, "192.168.0.34"),
    env: {
      OS_USERNAME: ENV_USER.name,
      OS_PASSWORD: WRONG_PASSWORD,
      OS_DOMAIN_NAME: ENV_USER.domainName,
      OS_PROJECT_ID: emulator.projectId,
      OS_AUTH_URL: `${proxy.url}/v3`,
      ELB_ENDPOINT: proxy.url,
    },
  });
  let failure: Error | undefined;
  try {
    await engine.up();
  } catch (error) {
    failure = error as Error;
  }
  expect(failure).toBeDefined();
  const said = `${failure!.message}\n${engine.transcript.join("\n")}`;
  expect(said).toContain("IAM rejected password authentication (HTTP 401)");
  expect(said).toContain(`user "${ENV_USER.name}" in domain "${ENV_USER.domainName}"`);
  expect(said).toContain("check the user name, password, domain and project");
  expect(emulator.members(POOL).find((m) => m.address === "192.168.0.34")).toBeUndefined();
  expect(emulator.counters().auth).toMatchObject({ "failure:bad_password": expect.any(Number) });

  const text = haystacks(engine, [await engine.exportState()], { "up error": `${failure!.message}\n${failure!.stack ?? ""}` });
  expect(text["up error"]).toContain(name);
  expect(secretHits(text, { wrongPassword: WRONG_PASSWORD, password: ENV_USER.password })).toEqual([]);
});
