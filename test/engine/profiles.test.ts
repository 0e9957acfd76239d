// Two targets in one stack, through the real pulumi CLI: the default target (top-level elb:*
// config, AK/SK) is one emulator, the profile "shared" (elb:profiles.shared.*, a password that
// IAM exchanges for tokens) another, each behind a recording proxy and each knowing only its own
// credentials. Members in both are created, updated and destroyed; lookups run per target; a
// member moved to the profile is replaced; profiles that are not defined or lack credentials are
// refused at preview; and no secret of either target is found in state, output or files.
import { demoSeed, DEMO_IDS, Emulator, signRequest, startEmulator } from "../../emulator";
import type { SeedData } from "../../emulator";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { getPoolMembers, PoolMember } from "pulumi-elb-poolmember";
import { haystacks, RecordingProxy, secretHits, startRecordingProxy } from "./credential-scan";
import { exampleProgram } from "../../scripts/lib/examples";
import { EngineStack, resourcesOfType, StateResource, stepsWithOp, teardown } from "./harness";

jest.setTimeout(600_000);

// The same pool and subnet ids in both on purpose: a member can then move between the targets
// with only its profile changed. Each emulator is its own project.
const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const SHARED_PROJECT_ID = "5a4b3c2d1e0f4a1b2c3d4e5f60718293";
const sharedSeed = (): SeedData => ({ ...demoSeed(), projectId: SHARED_PROJECT_ID });

// Distinctive values, so a search that finds nothing means something.
const MAIN_KEYS = { accessKey: "AKPROFILESMAIN000001", secretKey: "sk-profiles-main-71c9a2e4-must-never-appear" };
const SHARED_USER = {
  name: "shared-operator",
  password: "pw-profiles-shared-2d8e0b63-must-never-appear",
  domainName: "acme-domain",
  projectName: "eu-de_shared",
};
const PARTIAL_ACCESS_KEY = "AKPROFILESPARTIAL001";

let main: Emulator;
let shared: Emulator;
let mainProxy: RecordingProxy;
let sharedProxy: RecordingProxy;
let engine: EngineStack;
const states: StateResource[][] = [];

beforeAll(async () => {
  [main, shared] = await Promise.all([
    startEmulator({ seed: demoSeed(), auth: { credentials: [MAIN_KEYS] } }),
    startEmulator({ seed: sharedSeed(), auth: { users: [{ ...SHARED_USER, projectId: SHARED_PROJECT_ID }] } }),
  ]);
  [mainProxy, sharedProxy] = await Promise.all([startRecordingProxy(main.url), startRecordingProxy(shared.url)]);
});

let example: EngineStack | undefined;

afterAll(() =>
  teardown(
    () => engine?.dispose(),
    () => example?.dispose(),
    () => mainProxy?.close(),
    () => sharedProxy?.close(),
    () => main?.close(),
    () => shared?.close(),
  ),
);

interface Layout {
  weight: number;
  /** Where the member "mover" lives: the default target or the profile. */
  moverProfile?: string;
  /** A member with this profile is added (for the preview refusals). */
  extraProfile?: string;
}

function program(layout: Layout) {
  return async () => {
    const common = { poolId: POOL, subnetId: SUBNET, protocolPort: 80, weight: layout.weight };
    const inMain = new PoolMember("in-main", { ...common, address: "192.168.0.51", name: "in-main" });
    const inShared = new PoolMember("in-shared", { ...common, address: "192.168.0.52", name: "in-shared", profile: "shared" });
    const mover = new PoolMember("mover", {
      ...common,
      address: "192.168.0.53",
      name: "mover",
      ...(layout.moverProfile ? { profile: layout.moverProfile } : {}),
    });
    if (layout.extraProfile) new PoolMember("extra", { ...common, address: "192.168.0.54", profile: layout.extraProfile });
    // The lookups run once the members exist (not at preview, where their ids are unknown).
    const ready = pulumi.all([inMain.id, inShared.id, mover.id]);
    const addresses = (profile?: string) =>
      ready.apply(async () => (await getPoolMembers({ poolId: POOL, ...(profile ? { profile } : {}) })).map((m) => `${m.address} ${m.tenantId}`).sort());
    // A read-only member of the profile's target, by "<poolId>/<memberId>".
    const readBack = PoolMember.get("read-shared", pulumi.interpolate`${POOL}/${inShared.id}`, { profile: "shared" });
    return { inMain: inMain.id, inShared: inShared.id, mover: mover.id, mainLookup: addresses(), sharedLookup: addresses("shared"), readBack: readBack.name };
  };
}

function setProgram(layout: Layout): void {
  engine.stack.workspace.program = program(layout);
}

/** The default target: top-level config, AK/SK as secrets. */
const mainTarget = (): ConfigMap => ({
  "elb:endpoint": { value: mainProxy.url },
  "elb:projectId": { value: main.projectId },
  "elb:accessKey": { value: MAIN_KEYS.accessKey, secret: true },
  "elb:secretKey": { value: MAIN_KEYS.secretKey, secret: true },
});

/** The profile "shared", set as a user would with `pulumi config set --path [--secret]`. */
const sharedProfile = (): ConfigMap => ({
  "elb:profiles.shared.endpoint": { value: sharedProxy.url },
  "elb:profiles.shared.authUrl": { value: `${sharedProxy.url}/v3` },
  "elb:profiles.shared.username": { value: SHARED_USER.name },
  "elb:profiles.shared.domainName": { value: SHARED_USER.domainName },
  "elb:profiles.shared.projectName": { value: SHARED_USER.projectName },
  "elb:profiles.shared.password": { value: SHARED_USER.password, secret: true },
});

const addressesIn = (emulator: Emulator) =>
  emulator
    .members(POOL)
    .map((m) => m.address)
    .sort();

/** Every secret either target has, and every token the shared target's IAM issued or was sent. */
function secrets(): Record<string, string> {
  const found: Record<string, string> = { mainSecretKey: MAIN_KEYS.secretKey, sharedPassword: SHARED_USER.password };
  [...sharedProxy.issuedTokens].forEach((token, i) => (found[`issued token #${i + 1}`] = token));
  [...sharedProxy.sentCredentials.get("x-auth-token")!].forEach((token, i) => (found[`sent X-Auth-Token #${i + 1}`] = token));
  return found;
}

test("the emulators refuse each other's credentials", async () => {
  const path = `/v2.0/lbaas/pools/${POOL}/members`;
  const signed = signRequest({ method: "GET", url: path, headers: { host: new URL(shared.url).host }, ...MAIN_KEYS });
  expect((await fetch(`${shared.url}${path}`, { headers: signed })).status).toBe(401);
  const tokenAnswer = await fetch(`${shared.url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: SHARED_USER.name, password: SHARED_USER.password, domain: { name: SHARED_USER.domainName } } },
        },
        scope: { project: { name: SHARED_USER.projectName } },
      },
    }),
  });
  expect(tokenAnswer.status).toBe(201);
  expect((await fetch(`${main.url}${path}`, { headers: { "x-auth-token": tokenAnswer.headers.get("x-subject-token")! } })).status).toBe(401);
});

test("up: members in both targets, each call with its own target's credentials; a lookup per target", async () => {
  main.resetCounters();
  shared.resetCounters();
  engine = await EngineStack.create({
    projectName: "profiles",
    program: program({ weight: 1 }),
    config: mainTarget(),
    pathConfig: {
      ...sharedProfile(),
      // Defined, but half a credential: refused at preview when a member uses it.
      "elb:profiles.partial.endpoint": { value: mainProxy.url },
      "elb:profiles.partial.accessKey": { value: PARTIAL_ACCESS_KEY },
    },
  });
  const up = await engine.up();
  expect(up.summary.resourceChanges?.create).toBe(4);
  expect(addressesIn(main)).toEqual(["192.168.0.51", "192.168.0.53"]);
  expect(addressesIn(shared)).toEqual(["192.168.0.52"]);
  expect(up.outputs.inShared.value).toBe(shared.members(POOL)[0].id);
  // Each target's lookup sees its own project's members only.
  expect(up.outputs.mainLookup.value).toEqual([`192.168.0.51 ${main.projectId}`, `192.168.0.53 ${main.projectId}`]);
  expect(up.outputs.sharedLookup.value).toEqual([`192.168.0.52 ${SHARED_PROJECT_ID}`]);
  expect(up.outputs.readBack.value).toBe("in-shared");

  // The default target signed every call with its keys and was never sent a token; the profile
  // used tokens its own IAM issued and signed nothing. Neither emulator refused a call.
  expect(mainProxy.signedWith).toEqual(new Set([MAIN_KEYS.accessKey]));
  expect(mainProxy.sentCredentials.get("x-auth-token")).toEqual(new Set());
  expect(sharedProxy.signedWith).toEqual(new Set());
  expect(sharedProxy.issuedTokens.size).toBeGreaterThanOrEqual(1);
  expect([...sharedProxy.sentCredentials.get("x-auth-token")!].every((token) => sharedProxy.issuedTokens.has(token))).toBe(true);
  expect(main.counters().auth ?? {}).toEqual({});
  expect(shared.counters().auth).toEqual({ token_issued: sharedProxy.issuedTokens.size });

  // The state names the target by the profile's name; the profile's settings are only in the
  // default provider's inputs, as one secret.
  const state = await engine.exportState();
  states.push(state);
  const byName = Object.fromEntries(resourcesOfType(state, "elb:PoolMember").map((r) => [r.urn.split("::").pop(), r]));
  expect(byName["in-shared"].outputs).toMatchObject({ profile: "shared" });
  expect(byName["in-main"].outputs).not.toHaveProperty("profile");
  const [provider] = resourcesOfType(state, "pulumi:providers:pulumi-nodejs");
  expect(provider.inputs?.["elb:profiles"]).toEqual(expect.objectContaining({ plaintext: expect.stringContaining(SHARED_USER.password) }));
});

test("a weight change updates each member in its own target", async () => {
  setProgram({ weight: 6 });
  const preview = await engine.preview();
  expect(preview.changeSummary).toMatchObject({ update: 3 });
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 3 });
  expect(main.members(POOL).map((m) => m.weight)).toEqual([6, 6]);
  expect(shared.members(POOL).map((m) => m.weight)).toEqual([6]);
  states.push(await engine.exportState());
});

test("moving a member to the profile replaces it: gone from the default target, made in the profile's", async () => {
  const moverBefore = main.members(POOL).find((m) => m.address === "192.168.0.53")!.id;
  setProgram({ weight: 6, moverProfile: "shared" });
  const preview = await engine.preview();
  expect(stepsWithOp(preview, "replace").map((step) => step.urn.split("::").pop())).toEqual(["mover"]);
  expect(preview.stdout).toMatch(/\+ *profile *: *"shared"/);
  const up = await engine.up();
  expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
  expect(addressesIn(main)).toEqual(["192.168.0.51"]);
  expect(addressesIn(shared)).toEqual(["192.168.0.52", "192.168.0.53"]);
  expect(up.outputs.mover.value).not.toBe(moverBefore);
  expect(up.outputs.sharedLookup.value).toEqual([`192.168.0.52 ${SHARED_PROJECT_ID}`, `192.168.0.53 ${SHARED_PROJECT_ID}`]);
  states.push(await engine.exportState());
});

test.each([
  ["not defined", "nope", 'profile "nope" is not defined (the profiles defined are partial, shared)'],
  [
    "without its secret key",
    "partial",
    'profile "partial": found an access key (stack config elb:profiles.partial.accessKey) but no secret key: set stack config elb:profiles.partial.secretKey',
  ],
])("a profile %s is refused at preview, naming it, before any change or any use of its credentials", async (_what, profile, message) => {
  main.resetCounters();
  shared.resetCounters();
  setProgram({ weight: 6, moverProfile: "shared", extraProfile: profile });
  const failed = await engine.preview().then(
    () => undefined,
    (error: Error) => error,
  );
  expect(failed?.message).toContain(message);
  // Nothing changed anywhere, and the half-configured profile's key was never used. (The
  // program's read-only lookups of the existing members may run before the engine stops.)
  const changing = (emulator: Emulator) => Object.keys(emulator.counters()).filter((route) => /^(POST|PUT|DELETE) /.test(route));
  expect([...changing(main), ...changing(shared)]).toEqual([]);
  expect(mainProxy.signedWith.has(PARTIAL_ACCESS_KEY)).toBe(false);
});

test("destroy removes every member from both targets; no secret of either anywhere", async () => {
  setProgram({ weight: 6, moverProfile: "shared" });
  const destroy = await engine.destroy();
  expect(destroy.summary.resourceChanges?.delete).toBe(4);
  expect(addressesIn(main)).toEqual([]);
  expect(addressesIn(shared)).toEqual([]);
  states.push(await engine.exportState());

  const text = haystacks(engine, states);
  // The scan can find things: this run's member ids and profile name are in the haystack.
  expect(text["exported state #1"]).toContain('"profile":"shared"');
  expect(text["CLI transcript"]).toContain("in-shared");
  expect(Object.keys(secrets()).length).toBeGreaterThan(3);
  expect(secretHits(text, secrets())).toEqual([]);
  // The stack's settings file holds the profile's password encrypted.
  const settings = text[Object.keys(text).find((where) => where.endsWith("Pulumi.test.yaml"))!];
  expect(settings).toMatch(/password:\s+secure: /);
});

test("examples/two-projects: up puts each tier in its own project, destroy empties both", async () => {
  example = await EngineStack.create({
    projectName: "two-projects",
    program: exampleProgram("two-projects"),
    config: {
      ...mainTarget(),
      "two-projects:webPoolId": { value: POOL },
      "two-projects:webSubnetId": { value: SUBNET },
      "two-projects:batchPoolId": { value: POOL },
      "two-projects:batchSubnetId": { value: SUBNET },
    },
    pathConfig: sharedProfile(),
  });
  const up = await example.up();
  expect(up.summary.resourceChanges?.create).toBe(5);
  expect(addressesIn(main)).toEqual(["192.168.0.21", "192.168.0.22"]);
  expect(addressesIn(shared)).toEqual(["192.168.0.31", "192.168.0.32"]);
  expect(up.outputs.poolContents.value).toEqual([
    ["web-1 192.168.0.21", "web-2 192.168.0.22"],
    ["batch-1 192.168.0.31", "batch-2 192.168.0.32"],
  ]);
  expect(up.outputs.memberIds.value["batch-1"]).toBe(shared.members(POOL).find((m) => m.name === "batch-1")!.id);
  await example.destroy();
  expect(addressesIn(main)).toEqual([]);
  expect(addressesIn(shared)).toEqual([]);
});
