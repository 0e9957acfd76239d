// TLS as users get it: verified by default, a custom CA when given, no verification only when
// asked. The server is a local HTTPS server with a self-signed certificate made for these tests
// (testing/tls-*.pem, for 127.0.0.1 only).
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { ManualClock } from "../../emulator";
import { settlesWithoutSleeping } from "../../emulator/testing/promises";
import { clientFor } from "../context";
import { ProviderRuntime } from "../runtime";
import { resolveSettings } from "../settings";
import { configuredBy } from "../testing/lifecycle";
import { Transports } from "./transport";
import { Deadline } from "./deadline";

const certFile = path.join(__dirname, "testing", "tls-cert.pem");
const server = https.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(path.join(__dirname, "testing", "tls-key.pem")) }, (_req, res) =>
  res.writeHead(200, { "content-type": "application/json" }).end('{"members":[]}'),
);
let endpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function listWith(config: Record<string, string>, deadline = Deadline.after(5_000, "listing")) {
  const settings = resolveSettings({
    config: (key) => ({ "elb:endpoint": endpoint, "elb:auth": "none", ...config })[key],
    env: {},
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined),
    homeDir: __dirname,
    cwd: __dirname,
  });
  const { client } = await clientFor(settings, { transports: new Transports() });
  return client.call<{ members: unknown[] }>("GET", "/v2.0/lbaas/pools/p/members", { deadline });
}

test("an unknown certificate is refused by default, at once, saying what to set", async () => {
  // At once: no retry, so nothing ever sleeps on the deadline's clock.
  const clock = new ManualClock();
  const listing = listWith({}, Deadline.after(5_000, "listing", clock));
  expect(await settlesWithoutSleeping(listing, clock)).toBe(true);
  await expect(listing).rejects.toMatchObject({
    kind: "configuration",
    message: expect.stringMatching(/TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); give its CA with elb:caCert/),
  });
});

test("a custom CA file makes it trusted", async () => {
  await expect(listWith({ "elb:caCert": certFile })).resolves.toMatchObject({ status: 200, body: { members: [] } });
});

test("insecure skips verification, only when asked", async () => {
  await expect(listWith({ "elb:insecure": "true" })).resolves.toMatchObject({ status: 200 });
  await expect(listWith({ "elb:insecure": "false" })).rejects.toMatchObject({ kind: "configuration" });
});

test("insecure is announced in the provider's output, naming where it was set", async () => {
  const printed: string[] = [];
  const runtime = new ProviderRuntime(configuredBy({ "elb:endpoint": endpoint, "elb:auth": "none", "elb:insecure": "true" }), {
    log: (line) => printed.push(line),
  });
  await runtime.context();
  expect(printed).toEqual(["TLS certificates are not verified (insecure is set by stack config elb:insecure)"]);
});
