// The CLI: argument parsing, and a run that prints the URL first, then the demo ids.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { parseCliArgs } from "./cli-args";
import { CLI_DEFAULT_AUTH, runCli } from "./cli";
import { DEMO_IDS } from "./demo-seed";
import type { Emulator } from "./index";
import { TestClient } from "./testing/client";

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString("utf8") };
}

describe("parseCliArgs", () => {
  test("defaults", () => {
    expect(parseCliArgs([])).toEqual({ port: 0, demo: false, busyMs: 0, auth: "none", errorStyle: "neutron", help: false });
  });

  test("every option", () => {
    expect(
      parseCliArgs(["--port", "8080", "--seed", "s.json", "--demo", "--busy-ms", "250", "--auth", "token", "--error-style", "apigw", "--persist", "w.json"]),
    ).toEqual({ port: 8080, seedFile: "s.json", demo: true, busyMs: 250, auth: "token", errorStyle: "apigw", persistFile: "w.json", help: false });
    expect(parseCliArgs(["--auth-config", "a.json"])).toMatchObject({ auth: "token", authFile: "a.json" });
  });

  test("--flag=value, -h, and the later of --auth and --auth-config decides the auth", () => {
    expect(parseCliArgs(["--port=8080", "--seed=s.json", "-h"])).toMatchObject({ port: 8080, seedFile: "s.json", help: true });
    expect(parseCliArgs(["--auth", "none", "--auth-config", "a.json"])).toMatchObject({ auth: "token", authFile: "a.json" });
    expect(parseCliArgs(["--auth-config", "a.json", "--auth", "none"])).toMatchObject({ auth: "none", authFile: "a.json" });
  });

  test.each([
    [["--port", "70000"], /--port needs an integer 0-65535/],
    [["--port"], /--port needs an integer/],
    [["--auth", "magic"], /--auth must be none or token/],
    [["--error-style", "xml"], /--error-style must be neutron or apigw/],
    [["--seed", "--demo"], /--seed needs a value/],
    [["--verbose"], /unknown option --verbose/],
    [["seed.json"], /unknown option seed\.json/],
    [["--demo=yes"], /--demo takes no value/],
  ])("%j is refused", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe("runCli", () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  test("--demo --port 0 prints the URL on the first line, then the demo ids, and serves the demo world", async () => {
    const { out, text } = capture();
    emulator = await runCli(["--demo", "--port", "0"], out);
    const lines = text().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
    expect(lines[0]).toBe(emulator?.url);
    expect(lines).toEqual(
      expect.arrayContaining([
        `project_id=${DEMO_IDS.projectId}`,
        `loadbalancer_id=${DEMO_IDS.loadbalancerId}`,
        `pool_id=${DEMO_IDS.poolId}`,
        `subnet_id=${DEMO_IDS.subnetId}`,
        "auth=none",
      ]),
    );
    // The dedicated (v3) world's lines come last.
    expect(lines.slice(-4)).toEqual([
      `dedicated_loadbalancer_id=${DEMO_IDS.dedicatedLoadbalancerId}`,
      `dedicated_pool_id=${DEMO_IDS.dedicatedPoolId}`,
      `ipv6_subnet_id=${DEMO_IDS.ipv6SubnetId}`,
      "ipv6_subnet_cidr=2001:db8:a::/64",
    ]);
    const client = new TestClient(lines[0]);
    const res = await client.call("GET", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`);
    await client.close();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ members: [] });
  });

  test("--auth token prints the credentials and requires auth; --seed adds to the demo", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-cli-"));
    const seedFile = path.join(dir, "seed.json");
    fs.writeFileSync(
      seedFile,
      JSON.stringify({ members: [{ poolId: DEMO_IDS.poolId, address: "192.168.0.50", protocolPort: 443, subnetId: DEMO_IDS.subnetId }] }),
    );
    try {
      const { out, text } = capture();
      emulator = await runCli(["--demo", "--auth", "token", "--seed", seedFile, "--busy-ms", "5"], out);
      const printed = text();
      const user = CLI_DEFAULT_AUTH.users[0];
      expect(printed).toContain(`user=${user.name} password=${user.password} domain=${user.domainName}`);
      expect(printed).toContain(`access_key=${CLI_DEFAULT_AUTH.credentials[0].accessKey}`);
      expect(printed).toContain(`auth_url=${emulator?.url}/v3`);
      const appCred = CLI_DEFAULT_AUTH.applicationCredentials[0];
      expect(printed).toContain(`application_credential_id=${appCred.id} application_credential_secret=${appCred.secret}`);
      expect(emulator?.members(DEMO_IDS.poolId).map((m) => m.address)).toEqual(["192.168.0.50"]);
      const client = new TestClient(emulator?.url ?? "");
      expect((await client.call("GET", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`)).status).toBe(401);
      const token = await client.call("POST", "/v3/auth/tokens", {
        body: { auth: { identity: { methods: ["application_credential"], application_credential: { id: appCred.id, secret: appCred.secret } } } },
      });
      expect(token.status).toBe(201);
      await client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--seed may declare health monitors, added to the demo world's pool", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-cli-"));
    const seedFile = path.join(dir, "seed.json");
    fs.writeFileSync(seedFile, JSON.stringify({ healthmonitors: [{ id: "hm-cli", poolId: DEMO_IDS.poolId, delay: 0.2, timeout: 0.2, maxRetries: 2 }] }));
    try {
      emulator = await runCli(["--demo", "--seed", seedFile], capture().out);
      expect(emulator?.state().pools.map((p) => p.healthmonitor_id)).toEqual(["hm-cli", null]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--help prints usage and starts nothing", async () => {
    const { out, text } = capture();
    expect(await runCli(["--help"], out)).toBeUndefined();
    expect(text()).toMatch(/^usage: node dist\/emulator\/cli\.js/);
  });
});
