// The oldest @pulumi/pulumi this package declares it works with, installed once into the cache
// for test/engine/compat.test.ts. The version is the lower bound of
// peerDependencies["@pulumi/pulumi"] in package.json, so the range users are told is the range
// the test checks. Beside it go this package's own runtime dependencies at the versions
// package-lock.json pins, so the old SDK is the only thing that differs from the repo's install.
//
//   node scripts/compat-sdk.js CACHE_DIR   installs it (quick when it is already there)
//
// The folder's name carries a hash of what it holds: a changed pin installs a new folder beside
// the old one, so worktrees on different pins do not take turns reinstalling one folder.
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");

/** What the compat folder holds: the oldest @pulumi/pulumi and our runtime dependencies, exact. */
function compatSpec() {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  const range = manifest.peerDependencies?.["@pulumi/pulumi"];
  const oldest = /^>=\s*(\d+\.\d+\.\d+)(\s|$)/.exec(range ?? "")?.[1];
  if (!oldest) {
    throw new Error(`peerDependencies["@pulumi/pulumi"] is ${JSON.stringify(range)}: the compat test needs a range that starts with ">=X.Y.Z"`);
  }
  const lock = JSON.parse(fs.readFileSync(path.join(repo, "package-lock.json"), "utf8"));
  const dependencies = { "@pulumi/pulumi": oldest };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const version = lock.packages?.[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is in package.json but not in package-lock.json: run npm install`);
    dependencies[name] = version;
  }
  return { pulumiVersion: oldest, dependencies };
}

/** The folder (its node_modules inside) for a spec, under the cache. */
function compatDir(cacheDir, spec = compatSpec()) {
  const hash = crypto.createHash("sha256").update(JSON.stringify(spec.dependencies)).digest("hex").slice(0, 10);
  return path.join(cacheDir, "compat", `pulumi-${spec.pulumiVersion}-${hash}`);
}

/** Installs the spec's packages unless a complete install is there; returns the folder. */
function ensureCompat(cacheDir) {
  const spec = compatSpec();
  const dir = compatDir(cacheDir, spec);
  if (fs.existsSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"))) return dir;
  console.error(`setup: installing @pulumi/pulumi ${spec.pulumiVersion} (the oldest supported) into ${dir}`);
  // Into a folder of our own first, then renamed: a half-done install is never taken for a
  // finished one, and two set-ups at once do not write into the same folder.
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const manifest = { name: "pulumi-elb-poolmember-compat", private: true, dependencies: spec.dependencies };
  fs.writeFileSync(path.join(partial, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], { cwd: partial, stdio: "inherit" });
  if (npm.status !== 0) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw new Error(`npm install in ${partial} failed (${npm.error?.message ?? `exit ${npm.status}`})`);
  }
  try {
    fs.renameSync(partial, dir);
  } catch (error) {
    // Another set-up finished first; its install is as good as ours.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error;
  }
  return dir;
}

module.exports = { compatSpec, compatDir };

if (require.main === module) {
  const cacheDir = process.argv[2];
  if (!cacheDir) {
    console.error("usage: node scripts/compat-sdk.js CACHE_DIR");
    process.exit(2);
  }
  try {
    ensureCompat(cacheDir);
  } catch (error) {
    console.error(`setup: error: ${error.message}`);
    process.exit(1);
  }
}
