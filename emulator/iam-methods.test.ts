// The other IAM methods: application credentials (by id, or by name and owner) and the token
// method that re-scopes an existing token; unsupported methods.
import { DEMO_IDS, demoSeed, startEmulator } from "./index";
import { domainIdOf } from "./auth/directory";
import { TestClient } from "./testing/client";
import { iamWorld, issue, OTHER_PROJECT, passwordIdentity, T0 } from "./testing/iam";

const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;

const world = iamWorld();

const appCred = (cred: Record<string, unknown>) => ({ methods: ["application_credential"], application_credential: cred });

async function listWith(token: string | undefined) {
  return world.client.call("GET", members, { headers: { "X-Auth-Token": token ?? "" } });
}

describe("application_credential", () => {
  test.each([
    ["by id", { id: "appcred-alice", secret: "s3cret" }],
    ["by name and owner name with domain name", { name: "ci", secret: "s3cret", user: { name: "alice", domain: { name: "acme" } } }],
    ["by name and owner name with domain id", { name: "ci", secret: "s3cret", user: { name: "alice", domain: { id: domainIdOf("acme") } } }],
  ])("%s: a token for the owner's project that ELB accepts", async (_how, cred) => {
    const { res, token } = await issue(world.client, appCred(cred));
    expect(res.status).toBe(201);
    const body = res.json.token;
    expect(body.methods).toEqual(["application_credential"]);
    expect(body.application_credential).toEqual({ id: "appcred-alice", name: "ci", restricted: true });
    expect(body.project).toMatchObject({ id: DEMO_IDS.projectId, name: "eu-de" });
    expect(body.user.name).toBe("alice");
    expect(body.catalog.map((s: { type: string }) => s.type)).toContain("load-balancer");
    expect((await listWith(token)).status).toBe(200);
  });

  test("by name and owner id", async () => {
    const password = await issue(world.client, passwordIdentity("alice", "alice-pw"), { project: { name: "eu-de" } });
    const userId = password.res.json.token.user.id;
    const { res } = await issue(world.client, appCred({ name: "ci", secret: "s3cret", user: { id: userId } }));
    expect(res.status).toBe(201);
    expect(res.json.token.application_credential.id).toBe("appcred-alice");
  });

  test("the same name under another owner is that owner's credential, in that owner's project", async () => {
    const { res, token } = await issue(world.client, appCred({ name: "ci", secret: "b0b", user: { name: "bob", domain: { name: "acme" } } }));
    expect(res.status).toBe(201);
    expect(res.json.token.project.id).toBe(OTHER_PROJECT);
    expect((await listWith(token)).status).toBe(403);
  });

  test.each([
    ["a wrong secret", { id: "appcred-alice", secret: "nope" }],
    ["an unknown id", { id: "appcred-nobody", secret: "s3cret" }],
    ["a name under the wrong owner", { name: "ci", secret: "s3cret", user: { name: "bob", domain: { name: "acme" } } }],
  ])("%s is 401 in the Keystone shape, and counted", async (_what, cred) => {
    const { res, token } = await issue(world.client, appCred(cred));
    expect(res.status).toBe(401);
    expect(token).toBeUndefined();
    expect(res.json.error).toMatchObject({ code: 401, title: "Unauthorized" });
    expect(world.emu.counters().auth).toEqual({ failure: 1, "failure:bad_application_credential": 1 });
  });

  test("asking for a scope is 401: the credential is bound to its project", async () => {
    const { res } = await issue(world.client, appCred({ id: "appcred-alice", secret: "s3cret" }), { project: { id: DEMO_IDS.projectId } });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe("Application credentials cannot request a scope.");
  });

  test("incomplete references are 400", async () => {
    for (const cred of [{ id: "appcred-alice" }, { name: "ci", secret: "s3cret" }, { name: "ci", secret: "s3cret", user: { name: "alice" } }]) {
      const { res } = await issue(world.client, appCred(cred));
      expect(res.status).toBe(400);
    }
  });
});

describe("token (re-scoping)", () => {
  test("a domain-scoped token re-scoped to the project works on ELB and keeps its expiry", async () => {
    const domain = await issue(world.client, passwordIdentity("alice", "alice-pw"), { domain: { name: "acme" } });
    expect((await listWith(domain.token)).status).toBe(403);
    world.clock = T0 + 60_000;
    const { res, token } = await issue(world.client, { methods: ["token"], token: { id: domain.token } }, { project: { name: "eu-de" } });
    expect(res.status).toBe(201);
    expect(token).not.toBe(domain.token);
    expect(res.json.token.methods).toEqual(["token"]);
    expect(res.json.token.project.id).toBe(DEMO_IDS.projectId);
    expect(res.json.token.user.name).toBe("alice");
    expect(res.json.token.issued_at).toBe("2026-01-15T12:01:00.000000Z");
    expect(res.json.token.expires_at).toBe(domain.res.json.token.expires_at);
    expect((await listWith(token)).status).toBe(200);
    world.clock = T0 + 600_000;
    expect((await listWith(token)).status).toBe(401);
  });

  test("without a scope the new token keeps the old one's", async () => {
    const project = await issue(world.client, passwordIdentity("alice", "alice-pw"), { project: { id: DEMO_IDS.projectId } });
    const { res } = await issue(world.client, { methods: ["token"], token: { id: project.token } });
    expect(res.status).toBe(201);
    expect(res.json.token.project.id).toBe(DEMO_IDS.projectId);
  });

  test("a project the token's user cannot reach is 401", async () => {
    const domain = await issue(world.client, passwordIdentity("bob", "bob-pw"), { domain: { name: "acme" } });
    const { res } = await issue(world.client, { methods: ["token"], token: { id: domain.token } }, { project: { id: DEMO_IDS.projectId } });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe(`The user has no access to project ${DEMO_IDS.projectId}.`);
  });

  test("unknown and expired tokens are 401; a missing id is 400", async () => {
    const unknown = await issue(world.client, { methods: ["token"], token: { id: "MIIbogus" } }, { project: { name: "eu-de" } });
    expect(unknown.res.status).toBe(401);
    expect(unknown.res.json.error.message).toBe("The token to re-scope is invalid: the token is not valid.");
    const old = await issue(world.client, passwordIdentity("alice", "alice-pw"), { domain: { name: "acme" } });
    world.clock = T0 + 600_000;
    const expired = await issue(world.client, { methods: ["token"], token: { id: old.token } }, { project: { name: "eu-de" } });
    expect(expired.res.status).toBe(401);
    expect(expired.res.json.error.message).toBe("The token to re-scope is invalid: the token has expired.");
    expect((await issue(world.client, { methods: ["token"], token: {} })).res.status).toBe(400);
  });
});

describe("methods", () => {
  test.each([[["totp"]], [["password", "token"]], [["saml2"]]])("%j is 401: unsupported", async (methods) => {
    const { res } = await issue(world.client, { methods }, { project: { name: "eu-de" } });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/^Attempted to authenticate with an unsupported method\./);
  });

  test("no methods is 400", async () => {
    expect((await issue(world.client, { methods: [] })).res.status).toBe(400);
    expect((await issue(world.client, {})).res.status).toBe(400);
  });
});

describe("auth none", () => {
  test("any application credential and any token method still get a token", async () => {
    const open = await startEmulator({ seed: demoSeed() });
    const openClient = new TestClient(open.url);
    try {
      const cred = await issue(openClient, appCred({ id: "anything", secret: "whatever" }));
      expect(cred.res.status).toBe(201);
      expect(cred.res.json.token.project.id).toBe(DEMO_IDS.projectId);
      const rescoped = await issue(openClient, { methods: ["token"], token: { id: cred.token } }, { project: { name: "eu-de" } });
      expect(rescoped.res.status).toBe(201);
    } finally {
      await openClient.close();
      await open.close();
    }
  });
});
