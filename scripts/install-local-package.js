// Installs the freshly built package into node_modules/pulumi-elb-poolmember as a plain copy of
// its published files, so engine tests, the demo and the examples load it exactly as a user's
// program does (from node_modules, by package name).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
const target = path.join(repo, "node_modules", manifest.name);

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
fs.copyFileSync(path.join(repo, "package.json"), path.join(target, "package.json"));
// Negated entries ("!dist/**/*.test.*") are what isTestFile leaves out.
for (const entry of manifest.files.filter((file) => !file.startsWith("!"))) {
  const source = path.join(repo, entry);
  if (!fs.existsSync(source)) throw new Error(`${entry} is missing: run the TypeScript build first`);
  fs.cpSync(source, path.join(target, entry), { recursive: true, filter: (file) => !isTestFile(file) });
}

/** Tests and their helpers are compiled into dist/ too, but are no part of the package. */
function isTestFile(file) {
  return /\.test\.(js|d\.ts|js\.map)$/.test(file) || file.split(path.sep).includes("testing");
}
