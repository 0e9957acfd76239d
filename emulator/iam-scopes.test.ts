// Token scopes: domain-scoped tokens (by name, by id, or with no scope, as OTC's IAM documents),
// project over domain when both are given, and domain tokens refused by the project-level ELB.
import { DEMO_IDS } from "./index";
import { domainIdOf } from "./auth/directory";
import { iamWorld, issue, passwordIdentity } from "./testing/iam";

const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
const alice = passwordIdentity("alice", "alice-pw");

const world = iamWorld();

describe("domain-scoped tokens", () => {
  test.each([
    ["by name", { domain: { name: "acme" } }],
    ["by id", { domain: { id: domainIdOf("acme") } }],
    ["with no scope at all", undefined],
  ])("%s: token.domain, no project, an IAM-only catalog", async (_how, scope) => {
    const { res, token } = await issue(world.client, alice, scope);
    expect(res.status).toBe(201);
    expect(token).toMatch(/^MII/);
    const body = res.json.token;
    expect(body.domain).toEqual({ id: domainIdOf("acme"), name: "acme" });
    expect(body.project).toBeUndefined();
    expect(body.user).toMatchObject({ name: "alice", domain: { id: domainIdOf("acme"), name: "acme" } });
    expect(body.catalog.map((s: { type: string }) => s.type)).toEqual(["identity"]);
    expect(body.catalog[0].endpoints[0].url).toBe(`${world.emu.url}/v3`);
  });

  test("a configured domain id is what scoping by id checks", async () => {
    const carol = passwordIdentity("carol", "carol-pw", { name: "globex" });
    const { res } = await issue(world.client, carol, { domain: { id: "0123456789abcdef0123456789abcdef" } });
    expect(res.status).toBe(201);
    expect(res.json.token.domain).toEqual({ id: "0123456789abcdef0123456789abcdef", name: "globex" });
    const derived = await issue(world.client, carol, { domain: { id: domainIdOf("globex") } });
    expect(derived.res.status).toBe(401);
  });

  test("another domain is 401 in the Keystone shape, and counted", async () => {
    const { res } = await issue(world.client, alice, { domain: { name: "globex" } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 401, title: "Unauthorized", message: "The user has no access to domain globex." } });
    expect(world.emu.counters().auth).toEqual({ failure: 1, "failure:bad_scope": 1 });
  });

  test("a domain-scoped token does not authorize ELB calls: 403, nothing changes", async () => {
    const { token } = await issue(world.client, alice, { domain: { name: "acme" } });
    const headers = { "X-Auth-Token": token as string };
    const list = await world.client.call("GET", members, { headers });
    expect(list.status).toBe(403);
    expect(list.json.NeutronError).toEqual({ message: "Policy doesn't allow elb:members:list to be performed.", type: "PolicyNotAuthorized", detail: "" });
    const body = { member: { address: "192.168.0.30", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } };
    expect((await world.client.call("POST", members, { headers, body })).status).toBe(403);
    expect((await world.client.call("POST", `/v2${members.slice(5)}`, { headers, body })).status).toBe(403);
    expect(world.emu.members(DEMO_IDS.poolId)).toEqual([]);
  });

  test("a password user given by user id authenticates too", async () => {
    const first = await issue(world.client, alice, { project: { id: DEMO_IDS.projectId } });
    const userId = first.res.json.token.user.id;
    const { res } = await issue(
      world.client,
      { methods: ["password"], password: { user: { id: userId, password: "alice-pw" } } },
      { domain: { name: "acme" } },
    );
    expect(res.status).toBe(201);
    expect(res.json.token.user.id).toBe(userId);
  });
});

describe("project scope", () => {
  test("given both a project and a domain, the project wins (OTC's documented rule)", async () => {
    const { res, token } = await issue(world.client, alice, { project: { name: "eu-de" }, domain: { name: "acme" } });
    expect(res.status).toBe(201);
    expect(res.json.token.project.id).toBe(DEMO_IDS.projectId);
    expect(res.json.token.domain).toBeUndefined();
    expect((await world.client.call("GET", members, { headers: { "X-Auth-Token": token as string } })).status).toBe(200);
  });

  test("a scope naming nothing is 400", async () => {
    for (const scope of [{ project: {} }, { domain: { name: "" } }, { system: { all: true } }]) {
      const { res } = await issue(world.client, alice, scope);
      expect(res.status).toBe(400);
      expect(res.json.error.title).toBe("Bad Request");
    }
  });
});
