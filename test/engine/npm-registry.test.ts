// The release as a user gets it: the package's `npm pack` tarball is published to a real npm
// registry server (Verdaccio) on loopback, installed from it by name into a fresh program folder
// (no file: or link), and that installed copy takes a PoolMember through `pulumi up` and
// `pulumi destroy` against the emulator with the real CLI.
//
// Nothing here reaches the internet: Verdaccio serves a copy of the storage that
// `make setup-registries` filled with the dependencies (scripts/npm-registry.js) and has no
// uplink; npm has only the loopback registry, and both are pointed at a trap proxy on loopback
// for any other host, so a request meant for the internet is caught and fails the test.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { cacheDir, toolchainDir } from "../../scripts/lib/toolchain";
import { Backend, startBackend } from "./backends";
import { EngineStack, resourcesOfType, teardown } from "./harness";

interface Verdaccio {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  log(): string;
}
interface NpmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}
const registry = require("../../scripts/npm-registry.js") as {
  registrySpec(): { verdaccioVersion: string; pulumiVersion: string; packages: Record<string, string> };
  storageDir(cache: string): string;
  verdaccioBin(toolchain: string): string;
  startVerdaccio(options: { bin: string; storage: string; home: string; env?: Record<string, string> }): Promise<Verdaccio>;
  npm(
    args: string[],
    options: { cwd: string; home: string; settings: Record<string, string>; cache: string; env?: Record<string, string> },
  ): Promise<NpmResult>;
};

jest.setTimeout(300_000);

const repo = path.resolve(__dirname, "..", "..");
const PACKAGE = "pulumi-elb-poolmember";
const MEMBER = "elb:PoolMember";
const { pulumiVersion } = registry.registrySpec();
const { version } = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));

interface Trap {
  url: string;
  /** The first line of every request that reached the trap ("CONNECT host:443 HTTP/1.1"). */
  requests: string[];
  close(): Promise<void>;
}

/** A proxy on loopback that refuses every request and remembers it. */
async function startTrap(): Promise<Trap> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.once("data", (chunk) => {
      requests.push(chunk.toString("latin1").split("\r\n")[0]);
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Records, per process, every file of this package or of @pulumi/pulumi that Node resolves. */
const MODULE_TRACE = `"use strict";
const Module = require("node:module");
const fs = require("node:fs");
const seen = new Set();
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolve.apply(this, args);
  if (!seen.has(file) && /[\\\\/](pulumi-elb-poolmember|@pulumi[\\\\/]pulumi)[\\\\/]/.test(file)) {
    seen.add(file);
    fs.appendFileSync(process.env.ELB_MODULE_TRACE, process.pid + " " + file + "\\n");
  }
  return file;
};
`;

/** What a registry answers for a package name (the fields used here). */
interface Packument {
  "dist-tags": Record<string, string>;
  versions: Record<string, { dist: { integrity: string; tarball: string } }>;
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
}

describe(`${PACKAGE} published to Verdaccio on loopback and installed from it`, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-npm-registry-"));
  const app = path.join(root, "app");
  const modules = path.join(app, "node_modules");
  const installed = path.join(modules, PACKAGE);
  const trace = path.join(root, "module-trace.txt");
  let trap: Trap;
  let verdaccio: Verdaccio;
  let backend: Backend;
  let engine: EngineStack | undefined;
  let packed: { filename: string; integrity: string; files: string[] };
  let proxySettings: Record<string, string>;
  let proxyEnv: Record<string, string>;

  const npm = (args: string[], cwd: string, settings: Record<string, string>, name: string) =>
    registry.npm(args, {
      cwd,
      home: path.join(root, `npm-${name}`),
      cache: path.join(root, `npm-cache-${name}`),
      settings: { ...proxySettings, ...settings },
      env: proxyEnv,
    });
  const get = async (pathname: string): Promise<{ status: number; body?: Packument }> => {
    const response = await fetch(new URL(pathname, verdaccio.url));
    return { status: response.status, body: response.ok ? ((await response.json()) as Packument) : undefined };
  };

  beforeAll(async () => {
    const storage = registry.storageDir(cacheDir());
    if (!fs.existsSync(storage)) throw new Error(`no registry storage at ${storage}: run \`make setup-registries\``);
    if (!fs.existsSync(path.join(repo, "dist", "sdk", "index.js"))) throw new Error("no build in dist/: run `make build`");
    const bin = registry.verdaccioBin(toolchainDir());
    trap = await startTrap();
    // Anything not on loopback goes to the trap, for npm (its own settings) and for Verdaccio
    // and install scripts (the usual variables).
    proxySettings = { proxy: trap.url, "https-proxy": trap.url, noproxy: "127.0.0.1" };
    proxyEnv = { HTTP_PROXY: trap.url, HTTPS_PROXY: trap.url, http_proxy: trap.url, https_proxy: trap.url, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" };
    // A copy: publishing writes into the storage, and the cached one stays as set-up left it.
    fs.cpSync(storage, path.join(root, "storage"), { recursive: true });
    verdaccio = await registry.startVerdaccio({ bin, storage: path.join(root, "storage"), home: path.join(root, "verdaccio"), env: proxyEnv });
    backend = await startBackend("emulator");
  });

  afterAll(() =>
    teardown(
      () => engine?.dispose(),
      () => backend?.close(),
      () => verdaccio?.stop(),
      () => trap?.close(),
      () => fs.rmSync(root, { recursive: true, force: true }),
    ),
  );

  test("the trap catches a request for a registry off loopback (so its silence below means something)", async () => {
    const view = await npm(["view", "left-pad", "version", "--fetch-retries=0"], root, { registry: "https://registry.invalid/" }, "trap-check");
    expect(view.status).not.toBe(0);
    expect(trap.requests).toEqual([expect.stringMatching(/^CONNECT registry\.invalid:443 /)]);
    trap.requests.length = 0;
  });

  test("the registry has no uplink, holds the dependencies and not yet the package", async () => {
    const config = fs.readFileSync(path.join(root, "verdaccio", "config.yaml"), "utf8");
    expect(config).not.toMatch(/uplinks|proxy:/);
    expect(config).toMatch(/^listen: 127\.0\.0\.1:\d+$/m);
    expect((await get("/undici")).status).toBe(200);
    expect((await get(`/${encodeURIComponent("@pulumi/pulumi")}`)).body?.versions?.[pulumiVersion]).toBeDefined();
    expect((await get(`/${PACKAGE}`)).status).toBe(404);
  });

  test("npm publish puts the packed tarball in the registry", async () => {
    const pack = await npm(["pack", "--ignore-scripts", "--json", "--pack-destination", root], repo, {}, "pack");
    expect(pack.status).toBe(0);
    const [info] = JSON.parse(pack.stdout);
    packed = { filename: path.join(root, info.filename), integrity: info.integrity, files: info.files.map((file: { path: string }) => file.path).sort() };
    expect(info).toMatchObject({ name: PACKAGE, version });

    // A user of the htpasswd plugin, signed up as `npm adduser` does; its token authorizes the publish.
    const signup = await fetch(new URL("/-/user/org.couchdb.user:publisher", verdaccio.url), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "publisher", password: "publisher-password" }),
    });
    expect(signup.status).toBe(201);
    const { token } = (await signup.json()) as { token: string };
    const auth = { [`//127.0.0.1:${verdaccio.port}/:_authToken`]: token };
    const publish = await npm(["publish", packed.filename], root, { registry: verdaccio.url, ...auth }, "publish");
    expect({ status: publish.status, stderr: publish.status === 0 ? "" : publish.stderr }).toEqual({ status: 0, stderr: "" });

    const { status, body } = await get(`/${PACKAGE}`);
    expect(status).toBe(200);
    expect(body?.["dist-tags"]).toEqual({ latest: version });
    expect(body?.versions[version]?.dist).toMatchObject({ integrity: packed.integrity, tarball: `${verdaccio.url}${PACKAGE}/-/${PACKAGE}-${version}.tgz` });
  });

  test("npm install by name from the registry, with an empty npm cache, gets that tarball and every dependency from it", async () => {
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), `${JSON.stringify({ name: "registry-user", version: "1.0.0", private: true }, null, 2)}\n`);
    const install = await npm(["install", `${PACKAGE}@${version}`, `@pulumi/pulumi@${pulumiVersion}`], app, { registry: verdaccio.url }, "install");
    // First: a request meant for another host makes npm fail too, and this names the host.
    expect(trap.requests).toEqual([]);
    expect({ status: install.status, stderr: install.status === 0 ? "" : install.stderr }).toEqual({ status: 0, stderr: "" });

    const lock: { packages: Record<string, LockEntry> } = JSON.parse(fs.readFileSync(path.join(app, "package-lock.json"), "utf8"));
    const entries = Object.entries(lock.packages).filter(([key]) => key !== "");
    expect(entries.length).toBeGreaterThan(50); // @pulumi/pulumi's tree
    const notFromRegistry = entries
      .filter(([, entry]) => entry.link || !entry.resolved?.startsWith(verdaccio.url))
      .map(([key, entry]) => `${key}: ${entry.resolved}`);
    expect(notFromRegistry).toEqual([]);
    expect(lock.packages[`node_modules/${PACKAGE}`]).toMatchObject({
      version,
      resolved: `${verdaccio.url}${PACKAGE}/-/${PACKAGE}-${version}.tgz`,
      integrity: packed.integrity,
    });
    expect(lock.packages["node_modules/@pulumi/pulumi"]).toMatchObject({ version: pulumiVersion });

    // A real folder holding exactly what was packed; one @pulumi/pulumi, which the package uses.
    expect(fs.lstatSync(installed).isDirectory()).toBe(true);
    const files = (dir: string, prefix = ""): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
    expect(files(installed).sort()).toEqual(packed.files);
    expect(fs.existsSync(path.join(installed, "node_modules"))).toBe(false);
    const pulumiSeen = fs.realpathSync(require.resolve("@pulumi/pulumi/package.json", { paths: [path.join(installed, "dist", "sdk")] }));
    expect(pulumiSeen).toBe(fs.realpathSync(path.join(modules, "@pulumi", "pulumi", "package.json")));
  });

  test("up with the installed copy creates the member; the engine's provider host ran that copy", async () => {
    fs.writeFileSync(path.join(root, "module-trace.js"), MODULE_TRACE);
    const installedPulumi = path.join(modules, "@pulumi", "pulumi");
    const loadPackage = () => require(installed);
    engine = await EngineStack.create({
      projectName: "npm-registry",
      // The program, its runtime and the Automation API are the installed @pulumi/pulumi: the
      // package registers its resource with the runtime it requires itself.
      pulumiPackage: installedPulumi,
      // The program folder links to the installed node_modules, from which the engine's launcher
      // starts the dynamic-provider host and the host loads the serialized provider.
      nodeModules: modules,
      env: { NODE_OPTIONS: `--require ${path.join(root, "module-trace.js")}`, ELB_MODULE_TRACE: trace },
      program: async () => {
        const { PoolMember } = loadPackage();
        const member = new PoolMember("web-1", {
          poolId: backend.poolId,
          subnetId: backend.subnetId,
          address: "10.0.0.31",
          protocolPort: 80,
          name: "web-1",
          weight: 3,
        });
        return { memberId: member.id };
      },
      config: backend.config,
    });
    expect(loadPackage().PoolMember.prototype).toBeInstanceOf(require(installedPulumi).dynamic.Resource);

    const result = await engine.up();
    expect(result.summary.resourceChanges).toEqual({ create: 2 }); // the stack and the member
    const members = await backend.members();
    expect(members).toEqual([expect.objectContaining({ address: "10.0.0.31", protocol_port: 80, weight: 3, name: "web-1" })]);
    expect(result.outputs.memberId.value).toBe(members[0].id);
    const [state] = resourcesOfType(await engine.exportState(), MEMBER);
    expect(state.id).toBe(members[0].id);
    // The serializer found the provider under node_modules, so the state names it by package.
    expect(String(state.outputs?.__provider)).toContain(`require("${PACKAGE}/dist/sdk/provider-adapter.js")`);

    // What the provider processes (not this one: the trace is only in the CLI's environment)
    // loaded: the host from the installed @pulumi/pulumi, the provider from the installed package.
    const inside = fs.realpathSync(modules) + path.sep;
    const loaded = fs
      .readFileSync(trace, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.slice(line.indexOf(" ") + 1));
    expect(loaded).toContain(path.join(fs.realpathSync(installedPulumi), "cmd", "dynamic-provider", "index.js"));
    expect(loaded).toContain(path.join(fs.realpathSync(installed), "dist", "sdk", "dynamic-host.js"));
    expect(loaded.filter((file) => !file.startsWith(inside))).toEqual([]);
    expect(trap.requests).toEqual([]);
  });

  test("destroy removes the member from the pool and the state", async () => {
    const result = await engine!.destroy();
    expect(result.summary.resourceChanges).toEqual({ delete: 2 });
    expect(await backend.members()).toEqual([]);
    expect(resourcesOfType(await engine!.exportState(), MEMBER)).toEqual([]);
    expect(trap.requests).toEqual([]);
  });

  test("stopping the registry ends its whole process group", async () => {
    await verdaccio.stop();
    let probe: unknown;
    try {
      process.kill(-verdaccio.pid, 0);
    } catch (error) {
      probe = (error as NodeJS.ErrnoException).code;
    }
    expect(probe).toBe("ESRCH");
  });
});
