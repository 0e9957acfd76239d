// `make plugin`'s release: one archive per platform, named as Pulumi expects, each with the
// launcher its platform needs (or the single executable) and the one-file bundle, nothing from
// node_modules; the bundle needs no module but Node's own; the executable and the bundle start
// and print the port the engine reads. Builds the plugin (esbuild, and the SEA on linux-amd64).
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import { isBuiltin } from "node:module";
import * as path from "node:path";
import { buildPlugin, PluginBuild, RELEASE_DIR } from "./build-plugin";
import { BUNDLE_FILE } from "./plugin/launchers";
import { hostPlatform, launchOf, PLATFORMS } from "./plugin/platforms";

jest.setTimeout(180_000);

let build: PluginBuild;
beforeAll(() => {
  build = buildPlugin();
});

/** The archive's entries with their modes, as tar lists them. */
function entries(archive: string): Map<string, string> {
  const listing = execFileSync("tar", ["-tvzf", archive], { encoding: "utf8" });
  const found = new Map<string, string>();
  for (const line of listing.trim().split("\n")) {
    const [mode] = line.split(/\s+/);
    const name = line.slice(line.lastIndexOf(" ") + 1).replace(/^\.\//, "");
    if (name !== "" && name !== ".") found.set(name, mode);
  }
  return found;
}

/** Starts a plugin and resolves with the first line it prints (the port), then stops it. */
function firstLine(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("\n")) {
        child.kill();
        resolve(stdout.split("\n")[0]);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`exited (${code}) before printing a port: ${stderr}`)));
  });
}

test("one archive per platform, pulumi-resource-elb-v<version>-<os>-<arch>.tar.gz in dist/plugin-release/, this machine's as tarball", () => {
  expect(Object.keys(build.archives).sort()).toEqual([...PLATFORMS].sort());
  for (const platform of PLATFORMS) {
    expect(build.archives[platform]).toBe(path.join(RELEASE_DIR, `pulumi-resource-elb-v${build.version}-${platform}.tar.gz`));
    expect(fs.statSync(build.archives[platform]).size).toBeGreaterThan(0);
  }
  expect(build.tarball).toBe(build.archives[hostPlatform()!]);
  expect(build.folder).toBe(build.folders[hostPlatform()!]);
});

test.each([...PLATFORMS])("%s: the launcher its platform needs, the bundle, the notices; no node_modules", (platform) => {
  const found = entries(build.archives[platform]);
  const executable = (name: string) => expect(found.get(name)).toMatch(/^-rwx/);
  switch (launchOf(platform)) {
    case "self-contained":
      expect([...found.keys()].sort()).toEqual(["THIRD-PARTY-NOTICES.txt", "pulumi-resource-elb"]);
      executable("pulumi-resource-elb");
      break;
    case "sh":
      expect([...found.keys()].sort()).toEqual(["THIRD-PARTY-NOTICES.txt", "pulumi-resource-elb", BUNDLE_FILE]);
      executable("pulumi-resource-elb");
      expect(fs.readFileSync(path.join(build.folders[platform], "pulumi-resource-elb"), "utf8")).toMatch(/^#!\/bin\/sh\n[^]*needs Node\.js 22[^]*exec node /);
      break;
    case "cmd": {
      expect([...found.keys()].sort()).toEqual(["THIRD-PARTY-NOTICES.txt", "pulumi-resource-elb.cmd", BUNDLE_FILE]);
      const cmd = fs.readFileSync(path.join(build.folders[platform], "pulumi-resource-elb.cmd"), "utf8");
      // cmd.exe wants CRLF; every line ends so.
      expect(cmd.split("\r\n").every((line) => !line.includes("\n"))).toBe(true);
      expect(cmd).toContain("needs Node.js 22 or newer on PATH, and found no node");
      expect(cmd).toContain(`node "%~dp0${BUNDLE_FILE}" %*`);
      break;
    }
  }
  expect([...found.keys()].filter((name) => name.split("/").includes("node_modules"))).toEqual([]);
  // The folder is what the archive holds.
  expect(fs.readdirSync(build.folders[platform]).sort()).toEqual([...found.keys()].sort());
});

test("the bundle requires nothing but Node's built-in modules (all a single executable can load)", () => {
  const code = fs.readFileSync(build.bundle, "utf8");
  const required = [...new Set([...code.matchAll(/\brequire\(\s*(?:\/\*[^]*?\*\/\s*)?"([^"]+)"\s*\)/g)].map((match) => match[1]))];
  expect(required.length).toBeGreaterThan(0);
  expect(required.filter((name) => !isBuiltin(name))).toEqual([]);
  expect(code).toContain(`"${build.version}"`);
});

test("the bundle, run by node, prints the port it listens on", async () => {
  const line = await firstLine(process.execPath, [build.bundle], { PATH: process.env.PATH });
  expect(line).toMatch(/^\d+$/);
});

const selfContained = launchOf("linux-amd64") === "self-contained" ? test : test.skip;
selfContained("the single executable starts with an empty environment (no node anywhere) and prints its port", async () => {
  const line = await firstLine(path.join(build.folders["linux-amd64"], "pulumi-resource-elb"), [], {});
  expect(line).toMatch(/^\d+$/);
});
