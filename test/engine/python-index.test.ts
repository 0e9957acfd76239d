// The Python release as a user meets it, on loopback only: pulumi_elb built into a real sdist and
// wheel (scripts/lib/python-dist.ts) with a pluginDownloadURL that points at a loopback HTTP server
// holding the plugin archive, uploaded with twine to a pypiserver that also serves a wheelhouse of
// every dependency (`make setup-python-dist`), pip-installed from that index alone into a fresh
// venv. A program run with that venv and an empty PULUMI_HOME, automatic plugin acquisition on,
// makes the engine download pulumi-resource-elb itself, install it and run it. Then the downloads
// that go wrong (404, a dropped connection, a short archive, a wrong checksum) must fail saying so
// and leave no plugin behind.
import { ChildProcess, spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { buildPlugin, PluginBuild } from "../../scripts/build-plugin";
import { buildPythonDist, PythonDist, pythonDistTools } from "../../scripts/lib/python-dist";
import { toolchainDir } from "../../scripts/lib/toolchain";
import { runFile } from "./run-file";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const ADDRESSES = ["192.168.0.81", "192.168.0.82"];

/** What the plugin server does with a request for the archive. */
type Mode = "archive" | "missing" | "dropped" | "short";

/**
 * Where the SDK's pluginDownloadURL points: the archive under the name the engine asks for
 * (pulumi-resource-elb-v<version>-<os>-<arch>.tar.gz, appended to the URL), or one way of failing.
 */
class PluginServer {
  mode: Mode = "archive";
  readonly requests: string[] = [];
  private server!: http.Server;
  constructor(
    private archive: Buffer,
    private archiveName: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      this.requests.push(`${request.method} ${request.url}`);
      if (request.url !== `/${this.archiveName}` || this.mode === "missing") {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      } else if (this.mode === "dropped") {
        // The full length announced, half of it sent, then the connection is gone.
        response.writeHead(200, { "content-type": "application/gzip", "content-length": this.archive.length });
        response.write(this.archive.subarray(0, this.archive.length >> 1), () => response.destroy());
      } else {
        // "short": a well-formed response whose archive ends in the middle.
        const body = this.mode === "short" ? this.archive.subarray(0, this.archive.length >> 1) : this.archive;
        response.writeHead(200, { "content-type": "application/gzip", "content-length": body.length }).end(body);
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let root: string;
let plugin: PluginBuild;
let pluginServer: PluginServer;
let emulator: Emulator;
let dist: PythonDist;
let index: ChildProcess | undefined;
let indexUrl: string;
let indexLog = "";
/** The fresh venv pulumi_elb was pip-installed into from the loopback index. */
let venvPython: string;
let pipOutput: string;

/** The environment of a user's machine with nothing installed: this process's, less the switch the other engine tests set. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
  delete env.PYTHONPATH;
  return env;
}

/** A fresh Pulumi home, state backend and program folder: no plugin installed, no stack. */
function freshHome(name: string) {
  const base = path.join(root, name);
  const home = { pulumiHome: path.join(base, "home"), backend: path.join(base, "state"), workDir: path.join(base, "program") };
  for (const dir of Object.values(home)) fs.mkdirSync(dir, { recursive: true });
  return home;
}

interface Report {
  sdk: string;
  changes?: Record<string, number>;
  error?: string;
  output: string;
  providers: Record<string, unknown>[];
}

async function programStep(op: "up" | "destroy", home: ReturnType<typeof freshHome>): Promise<Report> {
  const env = {
    PULUMI_HOME: home.pulumiHome,
    PULUMI_CONFIG_PASSPHRASE: "python-index-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PATH: `${path.join(toolchainDir(), "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const step = {
    op,
    addresses: ADDRESSES,
    poolId: POOL,
    subnetId: SUBNET,
    workDir: home.workDir,
    pulumiHome: home.pulumiHome,
    backendUrl: `file://${home.backend}?metadata=skip`,
    toolchain: toolchainDir(),
    env,
    config: { "elb:endpoint": emulator.url, "elb:auth": "none" },
  };
  const { stdout } = await runFile(venvPython, [path.join(__dirname, "python", "index_members.py"), JSON.stringify(step)], { env: userEnv(env) });
  const report = JSON.parse(stdout.trim().split("\n").pop()!) as Report;
  // The program ran on the package pip installed from the index, not on the checkout's sdk/python.
  expect(report.sdk.startsWith(path.join(root, "venv") + path.sep)).toBe(true);
  return report;
}

/**
 * What an install left in PULUMI_HOME/plugins for elb: the plugin folder, a .partial beside it.
 * The engine's empty lock file (resource-elb-v<version>.lock, which it leaves after a good install
 * as well) holds nothing of the plugin, so it is not counted unless it has content.
 */
function elbPluginEntries(pulumiHome: string): string[] {
  const plugins = path.join(pulumiHome, "plugins");
  if (!fs.existsSync(plugins)) return [];
  return fs
    .readdirSync(plugins)
    .filter((name) => name.startsWith("resource-elb"))
    .filter((name) => !(name.endsWith(".lock") && fs.statSync(path.join(plugins, name)).size === 0));
}

async function waitForIndex(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (index?.exitCode !== null) throw new Error(`pypiserver exited (${index?.exitCode}):\n${indexLog}`);
    try {
      if ((await fetch(`${url}health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`pypiserver did not answer on ${url} within 30 s:\n${indexLog}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  const tools = pythonDistTools();
  plugin = buildPlugin();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-python-index-"));
  pluginServer = new PluginServer(fs.readFileSync(plugin.tarball), path.basename(plugin.tarball));
  await pluginServer.start();
  emulator = await startEmulator({ seed: demoSeed() });

  // The release: the SDK's version is the plugin's, so the engine asks for the archive built here.
  dist = buildPythonDist({ pluginDownloadURL: pluginServer.url, outDir: path.join(root, "dist"), version: plugin.version });

  // The index: uploads land in the first folder; the wheelhouse is the rest of "PyPI".
  // -a . -P .: no authentication, for uploads too; --disable-fallback: a package it lacks is not
  // looked up on pypi.org, so a dependency missing from the wheelhouse fails the install.
  const uploads = path.join(root, "uploads");
  fs.mkdirSync(uploads);
  const port = await freePort();
  indexUrl = `http://127.0.0.1:${port}/`;
  const pypiServer = path.join(path.dirname(tools.python), "pypi-server");
  index = spawn(pypiServer, ["run", "--host", "127.0.0.1", "--port", String(port), "-a", ".", "-P", ".", "--disable-fallback", uploads, tools.wheelhouse], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  index.stdout!.on("data", (chunk) => (indexLog += chunk));
  index.stderr!.on("data", (chunk) => (indexLog += chunk));
  await waitForIndex(indexUrl);

  await runFile(tools.python, ["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", indexUrl, dist.sdist, dist.wheel], {
    env: {
      ...process.env,
      TWINE_USERNAME: "release",
      TWINE_PASSWORD: "unused",
      // twine would otherwise look for a system keyring (D-Bus) it does not need.
      PYTHON_KEYRING_BACKEND: "keyring.backends.null.Keyring",
    },
  });

  // A user's fresh venv; pip sees this index only: no config files, no cache, no other index.
  await runFile(tools.python, ["-m", "venv", path.join(root, "venv")]);
  venvPython = path.join(root, "venv", "bin", "python");
  const pip = await runFile(
    venvPython,
    ["-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check", "--no-input", "--index-url", `${indexUrl}simple/`, `pulumi_elb==${dist.version}`],
    { env: { ...process.env, PIP_CONFIG_FILE: os.devNull } },
  );
  pipOutput = pip.stdout + pip.stderr;
});

afterAll(async () => {
  if (index && index.exitCode === null) {
    const exited = new Promise((resolve) => index!.once("exit", resolve));
    index.kill("SIGTERM");
    await exited;
  }
  await Promise.all([pluginServer?.close(), emulator?.close()]);
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test("the index serves the uploaded sdist and wheel, and pip installs pulumi_elb and every dependency from it alone", async () => {
  const page = await (await fetch(`${indexUrl}simple/pulumi-elb/`)).text();
  expect(page).toContain(path.basename(dist.sdist));
  expect(page).toContain(path.basename(dist.wheel));
  // Every file pip fetched came from the loopback index, the wheel this test built among them.
  const downloads = [...pipOutput.matchAll(/Downloading (\S+)/g)].map((match) => match[1]);
  expect(downloads).toEqual(
    expect.arrayContaining([expect.stringContaining(path.basename(dist.wheel)), expect.stringMatching(/pulumi-3\.\d+\.\d+-py3-none-any\.whl$/)]),
  );
  for (const url of downloads) expect(url.startsWith(`${indexUrl}packages/`)).toBe(true);
  const baked = await runFile(venvPython, [
    "-c",
    "import json, importlib.resources as r; print(r.files('pulumi_elb').joinpath('pulumi-plugin.json').read_text())",
  ]);
  expect(JSON.parse(baked.stdout)).toMatchObject({ name: "elb", version: plugin.version, server: pluginServer.url });
});

test("up with no plugin installed: the engine downloads it from pluginDownloadURL, installs it and creates the members; destroy removes them", async () => {
  const home = freshHome("auto-install");
  expect(elbPluginEntries(home.pulumiHome)).toEqual([]);
  const up = await programStep("up", home);
  console.log(`engine output of the up that installed the plugin:\n${up.output}`);
  expect(up.error).toBeUndefined();
  expect(up.changes).toEqual({ create: 3 });
  expect(pluginServer.requests).toContain(`GET /${path.basename(plugin.tarball)}`);
  expect(up.output).toContain("Downloading provider: elb");
  // The engine was given the URL by the SDK (it keeps it without the trailing slash).
  expect(up.providers).toEqual([expect.objectContaining({ version: plugin.version, __internal: { pluginDownloadURL: pluginServer.url.replace(/\/$/, "") } })]);
  const installed = path.join(home.pulumiHome, "plugins", `resource-elb-v${plugin.version}`);
  expect(elbPluginEntries(home.pulumiHome)).toContain(`resource-elb-v${plugin.version}`);
  expect(fs.statSync(path.join(installed, "pulumi-resource-elb")).mode & 0o111).not.toBe(0);
  expect(fs.existsSync(`${installed}.partial`)).toBe(false);
  expect(
    emulator
      .members(POOL)
      .map((m) => m.address)
      .sort(),
  ).toEqual(ADDRESSES);

  // The plugin is installed now: destroy loads it without asking the server again.
  const asked = pluginServer.requests.length;
  const destroy = await programStep("destroy", home);
  expect(destroy.error).toBeUndefined();
  expect(destroy.changes).toEqual({ delete: 3 });
  expect(pluginServer.requests.length).toBe(asked);
  expect(emulator.members(POOL)).toEqual([]);
});

describe("a download that goes wrong fails naming the problem and installs nothing", () => {
  afterEach(() => {
    pluginServer.mode = "archive";
  });

  async function failedUp(mode: Mode, name: string): Promise<Report> {
    pluginServer.mode = mode;
    const home = freshHome(name);
    const before = pluginServer.requests.length;
    const members = emulator.members(POOL);
    const report = await programStep("up", home);
    expect(pluginServer.requests.slice(before)).toContain(`GET /${path.basename(plugin.tarball)}`);
    expect(report.error).toContain(`Could not automatically download and install resource plugin 'pulumi-resource-elb' at version v${plugin.version}`);
    expect(elbPluginEntries(home.pulumiHome)).toEqual([]);
    // No provider, so no member: the engine stopped before it could create one.
    expect(emulator.members(POOL)).toEqual(members);
    return report;
  }

  test("the server answers 404", async () => {
    const report = await failedUp("missing", "missing");
    expect(report.error).toContain(`404 HTTP error fetching plugin from ${pluginServer.url}${path.basename(plugin.tarball)}`);
  });

  test("the connection drops halfway through the archive", async () => {
    const report = await failedUp("dropped", "dropped");
    // The engine retries a read that broke off, says why each time, then gives up.
    expect(report.error).toContain("error downloading provider: unexpected EOF");
    // Both, in whichever order the CLI prints its live lines and its diagnostics.
    expect(report.error).toMatch(/Will retry in \S+ \[1\/\d+\]/);
    expect(report.error).toMatch(/failed all \d+ attempts/);
  });

  test("the archive ends halfway (a well-formed response)", async () => {
    const report = await failedUp("short", "short");
    // The download itself looked whole; unpacking finds the end missing, and what was unpacked goes.
    expect(report.error).toMatch(/error installing provider elb: untarring file \S+: unexpected EOF/);
  });

  test("pulumi plugin install --checksum with a checksum the archive does not have", async () => {
    const home = freshHome("checksum");
    const right = crypto.createHash("sha256").update(fs.readFileSync(plugin.tarball)).digest("hex");
    const wrong = crypto.createHash("sha256").update("not the archive").digest("hex");
    const args = ["plugin", "install", "resource", "elb", plugin.version, "--server", pluginServer.url, "--non-interactive"];
    const env = userEnv({ PULUMI_HOME: home.pulumiHome, PULUMI_SKIP_UPDATE_CHECK: "true" });
    const failure = await runFile(path.join(toolchainDir(), "bin", "pulumi"), [...args, "--checksum", wrong], { env }).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toContain(`invalid checksum, expected ${wrong}, actual ${right}`);
    expect(elbPluginEntries(home.pulumiHome)).toEqual([]);

    // The same command with the right checksum installs it: the failure above was the checksum's.
    await runFile(path.join(toolchainDir(), "bin", "pulumi"), [...args, "--checksum", right], { env });
    expect(elbPluginEntries(home.pulumiHome)).toContain(`resource-elb-v${plugin.version}`);
  });
});
