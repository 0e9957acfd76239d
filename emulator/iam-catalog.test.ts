// GET /v3/auth/catalog for token and AK/SK callers, the catalog's entries (the load-balancer one
// included), GET /v3, and the rule that every error under /v3 is in Keystone's shape.
import { DEMO_IDS, demoSeed, signRequest, startEmulator } from "./index";
import { TestClient } from "./testing/client";
import { iamWorld, issue, passwordIdentity } from "./testing/iam";

const world = iamWorld({ errorStyle: "apigw" });
beforeEach(() => {
  world.emu.setFaults({ rules: [] });
});

const alice = passwordIdentity("alice", "alice-pw");
const types = (catalog: { type: string }[]) => catalog.map((s) => s.type);

function signedGet(path: string, extra: Record<string, string> = {}) {
  const host = new URL(world.emu.url).host;
  const headers = { host, ...extra };
  const sig = signRequest({ method: "GET", url: path, headers, accessKey: "AK1", secretKey: "SK1", date: world.clock });
  const { host: _host, ...rest } = headers;
  return { ...rest, ...sig };
}

describe("the catalog", () => {
  test("a project token's catalog: identity, elb, network and load-balancer (octavia), all pointing here", async () => {
    const { res } = await issue(world.client, alice, { project: { id: DEMO_IDS.projectId } });
    const catalog = res.json.token.catalog;
    expect(types(catalog)).toEqual(["identity", "elb", "network", "load-balancer"]);
    const octavia = catalog.find((s: { type: string }) => s.type === "load-balancer");
    expect(octavia).toMatchObject({ name: "octavia", endpoints: [{ url: world.emu.url, interface: "public", region: "eu-de", region_id: "eu-de" }] });
    expect(catalog.find((s: { type: string }) => s.type === "elb").endpoints[0].url).toBe(world.emu.url);
  });

  test("GET /v3/auth/catalog with a project token: the same catalog, Keystone's list shape", async () => {
    const { res, token } = await issue(world.client, alice, { project: { id: DEMO_IDS.projectId } });
    const got = await world.client.call("GET", "/v3/auth/catalog", { headers: { "X-Auth-Token": token as string } });
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ catalog: res.json.token.catalog, links: { self: `${world.emu.url}/v3/auth/catalog`, previous: null, next: null } });
  });

  test("with a domain token: IAM only", async () => {
    const { token } = await issue(world.client, alice, { domain: { name: "acme" } });
    const got = await world.client.call("GET", "/v3/auth/catalog", { headers: { "X-Auth-Token": token as string } });
    expect(got.status).toBe(200);
    expect(types(got.json.catalog)).toEqual(["identity"]);
  });

  test("AK/SK-signed: the project catalog", async () => {
    const project = await issue(world.client, alice, { project: { id: DEMO_IDS.projectId } });
    const got = await world.client.call("GET", "/v3/auth/catalog", { headers: signedGet("/v3/auth/catalog", { "x-project-id": DEMO_IDS.projectId }) });
    expect(got.status).toBe(200);
    expect(got.json.catalog).toEqual(project.res.json.token.catalog);
  });

  test("no credentials, an unknown token or a bad signature: 401 in the Keystone shape although the ELB style is apigw", async () => {
    const none = await world.client.call("GET", "/v3/auth/catalog");
    expect(none.status).toBe(401);
    expect(none.json).toEqual({
      error: { code: 401, title: "Unauthorized", message: "Authentication required: no X-Auth-Token or Authorization header" },
    });
    const unknown = await world.client.call("GET", "/v3/auth/catalog", { headers: { "X-Auth-Token": "MIIbogus" } });
    expect(unknown.json.error).toMatchObject({ code: 401, message: "Authentication required: the token is not valid" });
    const badSig = { ...signedGet("/v3/auth/catalog"), Authorization: signedGet("/v3/auth/catalog").Authorization.replace(/Signature=\w+/, "Signature=00") };
    const bad = await world.client.call("GET", "/v3/auth/catalog", { headers: badSig });
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe(401);
    expect(world.emu.counters().auth).toMatchObject({ failure: 3 });
  });

  test("with auth none anyone gets the project catalog", async () => {
    const open = await startEmulator({ seed: demoSeed() });
    const openClient = new TestClient(open.url);
    try {
      const got = await openClient.call("GET", "/v3/auth/catalog");
      expect(got.status).toBe(200);
      expect(types(got.json.catalog)).toContain("load-balancer");
    } finally {
      await openClient.close();
      await open.close();
    }
  });
});

describe("GET /v3", () => {
  test("is an identity version document, without auth", async () => {
    const res = await world.client.call("GET", "/v3");
    expect(res.status).toBe(200);
    expect(res.json.version).toMatchObject({ id: "v3.0", status: "stable", links: [{ rel: "self", href: `${world.emu.url}/v3/` }] });
  });
});

describe("every error under /v3 is Keystone-shaped", () => {
  const keystone = (status: number, title: string) => ({ error: { code: status, title, message: expect.any(String) } });

  test("unknown route, wrong method, malformed body", async () => {
    expect((await world.client.call("GET", "/v3/projects")).json).toEqual(keystone(404, "Not Found"));
    const wrongMethod = await world.client.call("GET", "/v3/auth/tokens");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toEqual(keystone(405, "Method Not Allowed"));
    expect((await world.client.call("POST", "/v3/auth/tokens", { raw: "{" })).json).toEqual(keystone(400, "Bad Request"));
  });

  test("injected faults on IAM routes", async () => {
    const { token } = await issue(world.client, alice, { project: { id: DEMO_IDS.projectId } });
    world.emu.setFaults({
      rules: [
        { kind: "error", status: 503, route: "POST /v3/auth/tokens" },
        { kind: "throttle", route: "GET /v3/auth/catalog" },
      ],
    });
    const faulted = await issue(world.client, alice, { project: { id: DEMO_IDS.projectId } });
    expect(faulted.res.status).toBe(503);
    expect(faulted.res.json).toEqual(keystone(503, "Service Unavailable"));
    const throttled = await world.client.call("GET", "/v3/auth/catalog", { headers: { "X-Auth-Token": token as string } });
    expect(throttled.status).toBe(429);
    expect(throttled.json).toEqual(keystone(429, "Too Many Requests"));
  });

  test("while ELB routes keep the selected style", async () => {
    const res = await world.client.call("GET", "/v2.0/nowhere");
    expect(res.json).toMatchObject({ error_code: "APIGW.0101" });
  });
});
