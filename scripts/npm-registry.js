// A local npm registry (Verdaccio) for test/engine/npm-registry.test.ts, which publishes this
// package to it and installs it back as a user would. The test may not reach the internet, yet
// npm install needs the package's dependencies, so set-up fills a Verdaccio storage once through
// an uplink to the public registry (Verdaccio keeps what it proxies), and the test serves a copy
// of that storage with no uplink at all.
//
//   node scripts/npm-registry.js CACHE_DIR [TOOLCHAIN_DIR]   fills the storage (quick when it is there)
//
// Verdaccio itself is installed by scripts/setup-registries.sh ($ELB_TOOLCHAIN/verdaccio). The
// storage's folder name carries a hash of what it was made for (the dependency ranges, the
// @pulumi/pulumi pin, Verdaccio's version), so a changed pin fills a new one beside the old.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");

/** A KEY=VALUE of toolchain.env. */
function toolchainPin(key) {
  const text = fs.readFileSync(path.join(repo, "toolchain.env"), "utf8");
  const value = new RegExp(`^${key}=(\\S+)`, "m").exec(text)?.[1];
  if (!value) throw new Error(`toolchain.env has no ${key}`);
  return value;
}

/**
 * What the storage must hold: what `npm install pulumi-elb-poolmember @pulumi/pulumi@<pin>`
 * needs besides the package itself, i.e. its dependencies as package.json states their ranges
 * (npm picks within them, so the storage must have the packuments set-up saw) and the
 * @pulumi/pulumi the repo develops against, for the peer dependency.
 */
function registrySpec() {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  const pulumi = manifest.devDependencies?.["@pulumi/pulumi"];
  if (!/^\d+\.\d+\.\d+$/.test(pulumi ?? "")) throw new Error(`devDependencies["@pulumi/pulumi"] is ${JSON.stringify(pulumi)}: expected an exact version`);
  return {
    verdaccioVersion: toolchainPin("VERDACCIO_VERSION"),
    pulumiVersion: pulumi,
    packages: { ...manifest.dependencies, "@pulumi/pulumi": pulumi },
  };
}

/** The filled storage for a spec, under the cache. */
function storageDir(cacheDir, spec = registrySpec()) {
  const hash = crypto
    .createHash("sha256")
    .update(JSON.stringify([spec.verdaccioVersion, spec.packages]))
    .digest("hex")
    .slice(0, 12);
  return path.join(cacheDir, "npm-registry", `storage-${hash}`);
}

/** Verdaccio's entry script as set-up installed it, checked against the pin. */
function verdaccioBin(toolchainDir, spec = registrySpec()) {
  const dir = path.join(toolchainDir, "verdaccio", "node_modules", "verdaccio");
  const manifest = path.join(dir, "package.json");
  const version = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, "utf8")).version : undefined;
  if (version !== spec.verdaccioVersion) {
    throw new Error(`Verdaccio ${spec.verdaccioVersion} is not installed at ${dir} (found ${version ?? "none"}): run \`make setup-registries\``);
  }
  return path.join(dir, "bin", "verdaccio");
}

/** A port free on loopback just now (Verdaccio takes its address from its config file). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Verdaccio's configuration. Without `uplink` there is no uplinks section and no package has a
 * proxy: Verdaccio answers only from its storage. Publishing needs a user (htpasswd); reading
 * is open, as on the public registry.
 */
function verdaccioConfig({ storage, htpasswd, port, uplink }) {
  const proxy = uplink ? "\n    proxy: upstream" : "";
  return [
    `storage: ${JSON.stringify(storage)}`,
    "auth:",
    "  htpasswd:",
    `    file: ${JSON.stringify(htpasswd)}`,
    ...(uplink ? ["uplinks:", "  upstream:", `    url: ${JSON.stringify(uplink)}`, "    timeout: 60s", "    max_fails: 5"] : []),
    "packages:",
    "  '@*/*':",
    `    access: $all\n    publish: $authenticated${proxy}`,
    "  '**':",
    `    access: $all\n    publish: $authenticated${proxy}`,
    "web:",
    "  enable: false",
    // npm's audit would be forwarded to the uplink; the installs here ask for none.
    "middlewares:",
    "  audit:",
    "    enabled: false",
    "log:",
    "  type: stdout",
    "  format: pretty",
    "  level: warn",
    `listen: 127.0.0.1:${port}`,
    "",
  ].join("\n");
}

/**
 * Starts Verdaccio on a free loopback port in its own process group, and resolves once it
 * answers /-/ping. `stop()` ends the whole group.
 */
async function startVerdaccio({ bin, storage, home, uplink, env = {} }) {
  fs.mkdirSync(home, { recursive: true });
  const logFile = path.join(home, "verdaccio.log");
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = path.join(home, "config.yaml");
    fs.writeFileSync(config, verdaccioConfig({ storage, htpasswd: path.join(home, "htpasswd"), port, uplink }));
    const log = fs.openSync(logFile, "w");
    const child = spawn(process.execPath, [bin, "--config", config], {
      cwd: home,
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, ...env },
    });
    fs.closeSync(log);
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    let gone = false;
    exited.then(() => (gone = true));
    // Its own group is out of reach of the caller's Ctrl-C, so a caller that exits without
    // stop() (a crashed test, Jest's --forceExit) still takes it along.
    const onExit = () => signalGroup(child.pid, "SIGKILL");
    process.once("exit", onExit);
    const url = `http://127.0.0.1:${port}/`;
    const stop = async () => {
      process.removeListener("exit", onExit);
      if (!gone) {
        signalGroup(child.pid, "SIGTERM");
        const timer = setTimeout(() => signalGroup(child.pid, "SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      // Whatever Verdaccio started is in its group; nothing of it may outlive the test.
      signalGroup(child.pid, "SIGKILL");
    };
    const started = Date.now();
    while (!gone && Date.now() - started < 60_000) {
      if (await answers(`${url}-/ping`)) return { url, port, pid: child.pid, stop, log: () => fs.readFileSync(logFile, "utf8") };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await stop();
    lastError = new Error(`Verdaccio did not start on port ${port}:\n${fs.readFileSync(logFile, "utf8")}`);
    // Another process may have taken the port between freePort() and Verdaccio's listen.
    if (!/EADDRINUSE/.test(lastError.message)) break;
  }
  throw lastError;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * npm with nothing but what we give it: an empty user and global config (so no ~/.npmrc setting,
 * such as another registry or omit-lockfile-registry-resolved, takes part) plus `settings`, and
 * no npm_config_* variable from the caller's environment. Asynchronous, so servers in the
 * calling process (a test's) keep answering while npm runs.
 */
function npm(args, { cwd, home, settings, cache, env = {} }) {
  fs.mkdirSync(home, { recursive: true });
  const userconfig = path.join(home, "npmrc");
  const globalconfig = path.join(home, "npmrc-global");
  fs.writeFileSync(
    userconfig,
    Object.entries(settings)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(""),
  );
  fs.writeFileSync(globalconfig, "");
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
  const child = spawn(
    "npm",
    [...args, "--userconfig", userconfig, "--globalconfig", globalconfig, "--cache", cache, "--update-notifier=false", "--no-audit", "--no-fund"],
    // A hung npm is ended rather than holding the test (or set-up) until its own time limit.
    { cwd, env: { ...cleanEnv, ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: 240_000, killSignal: "SIGKILL" },
  );
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => (out.stdout += chunk));
  child.stderr.on("data", (chunk) => (out.stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`npm ${args[0]} could not run (${error.message}); is npm on PATH?`)));
    child.once("close", (status) => resolve({ status, ...out }));
  });
}

/** The registry npm is set up to use here (the user's own config), for the uplink. */
function configuredRegistry() {
  const result = spawnSync("npm", ["config", "get", "registry"], { encoding: "utf8" });
  const url = result.status === 0 ? result.stdout.trim() : "";
  return /^https?:\/\//.test(url) ? url : "https://registry.npmjs.org/";
}

/** Fills the storage for the current spec unless it is there; returns its folder. */
async function ensureStorage(cacheDir, toolchainDir) {
  const spec = registrySpec();
  const dir = storageDir(cacheDir, spec);
  if (fs.existsSync(dir)) return dir;
  const bin = verdaccioBin(toolchainDir, spec);
  const uplink = configuredRegistry();
  console.error(`setup-registries: filling a Verdaccio storage for ${Object.keys(spec.packages).join(", ")} from ${uplink} into ${dir}`);
  // Filled beside its final place and renamed: a half-filled storage is never taken for a full one.
  const work = `${dir}.partial-${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  const storage = path.join(work, "storage");
  fs.mkdirSync(storage, { recursive: true });
  try {
    const verdaccio = await startVerdaccio({ bin, storage, home: path.join(work, "verdaccio"), uplink });
    try {
      const project = path.join(work, "closure");
      fs.mkdirSync(project);
      fs.writeFileSync(path.join(project, "package.json"), `${JSON.stringify({ name: "npm-registry-closure", private: true }, null, 2)}\n`);
      // A fresh npm cache: npm would otherwise take tarballs it already has from its own cache,
      // and Verdaccio would never see (nor keep) them.
      const install = await npm(["install", "--ignore-scripts", ...Object.entries(spec.packages).map(([name, range]) => `${name}@${range}`)], {
        cwd: project,
        home: path.join(work, "npm-home"),
        settings: { registry: verdaccio.url },
        cache: path.join(work, "npm-cache"),
      });
      if (install.status !== 0) throw new Error(`npm install through Verdaccio failed (exit ${install.status}):\n${install.stderr}\n${verdaccio.log()}`);
    } finally {
      await verdaccio.stop();
    }
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      fs.renameSync(storage, dir);
    } catch (error) {
      // Another set-up finished first; its storage is as good as ours.
      if (!fs.existsSync(dir)) throw error;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

module.exports = { registrySpec, storageDir, verdaccioBin, startVerdaccio, npm };

if (require.main === module) {
  const [cacheDir, toolchainDir] = process.argv.slice(2);
  if (!cacheDir) {
    console.error("usage: node scripts/npm-registry.js CACHE_DIR [TOOLCHAIN_DIR]");
    process.exit(2);
  }
  ensureStorage(cacheDir, toolchainDir ?? path.join(cacheDir, "toolchain")).catch((error) => {
    console.error(`setup-registries: error: ${error.message}`);
    process.exit(1);
  });
}
