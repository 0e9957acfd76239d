// Installs the freshly built package into node_modules/pulumi-elb-poolmember as a plain copy of
// exactly the files `npm pack` would publish, so engine tests, the demo and the examples load it
// as a user's program does (from node_modules, by package name), and scripts/package-contents.test.ts
// checks the same list.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");

/** The paths (relative, with "/") `npm pack` puts in the tarball, as npm itself lists them. */
function packedFiles() {
  const npm = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repo, encoding: "utf8" });
  if (npm.error) throw new Error(`npm pack --dry-run could not run (${npm.error.message}); is npm on PATH?`);
  if (npm.status !== 0) throw new Error(`npm pack --dry-run failed (exit ${npm.status}): ${npm.stderr.trim()}`);
  const [pack] = JSON.parse(npm.stdout);
  return pack.files.map((file) => file.path).sort();
}

module.exports = { packedFiles };

if (require.main === module) {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  if (!fs.existsSync(path.join(repo, manifest.main))) {
    console.error(`install-local-package: ${manifest.main} is missing: run the TypeScript build first`);
    process.exit(1);
  }
  let files;
  try {
    files = packedFiles();
  } catch (error) {
    console.error(`install-local-package: ${error.message}`);
    process.exit(1);
  }
  const target = path.join(repo, "node_modules", manifest.name);
  fs.rmSync(target, { recursive: true, force: true });
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.copyFileSync(path.join(repo, file), path.join(target, file));
  }
}
