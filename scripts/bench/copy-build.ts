// The bench's baseline, not the product: the resource plugin as `make plugin` built it before the
// single-file bundle (scripts/build-plugin.ts), a folder with the compiled provider/ and plugin/,
// a package.json, the runtime dependencies copied from this checkout's node_modules, and a
// launcher that runs it on the Node.js found on PATH; and its tarball. In dist/bench/.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkoutRoot } from "../lib/checkout";

/** The checkout: from sources (scripts/) and from dist/scripts/ alike, the folder with package.json and node_modules. */
/** Its archive as `make plugin` built it (packed, unpacked), MB. */
export const COPY_ARCHIVE_MB = { packed: 11, unpacked: 87 };
/** The plugin's peak at N=300, 1 LB, as this build (the bench of the commit before the bundle), MB. */
export const COPY_PLUGIN_PEAK_MB_300 = 100.1;

const repo = checkoutRoot;
const dist = path.join(repo, "dist");
const MINIMUM_NODE_MAJOR = 22;

/** What the plugin requires at run time; their own dependencies follow. */
const RUNTIME_ROOTS = ["@pulumi/pulumi", "@grpc/grpc-js", "google-protobuf", "undici", "js-yaml"];

export interface CopyBuild {
  version: string;
  folder: string;
  tarball: string;
}

/** The folder of `name` as Node would find it from `fromDir`: the nearest node_modules above it. */
function packageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir || dir === repo) throw new Error(`copy-build: ${name} is not installed (from ${fromDir}); run npm ci`);
  }
}

/** Every package the roots need, as folders under the repo's node_modules, nested ones included. */
function runtimeClosure(): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    let dir: string;
    try {
      dir = packageDir(name, fromDir);
    } catch (error) {
      if (optional) return;
      throw error;
    }
    if (found.has(dir)) return;
    found.add(dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir, false);
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) visit(dependency, dir, true);
  };
  for (const root of RUNTIME_ROOTS) visit(root, repo, false);
  return [...found].sort();
}

/** Copies a tree, leaving out nested node_modules (their packages are copied on their own) and what `skip` refuses. */
function copyTree(from: string, to: string, skip: (relative: string) => boolean = () => false, base = from): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const relative = path.relative(base, source);
    if (entry.name === "node_modules" || skip(relative)) continue;
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target, skip, base);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else fs.copyFileSync(source, target);
  }
}

const LAUNCHER = `#!/bin/sh
# pulumi-resource-elb: runs the ELB resource plugin on the Node.js found on PATH.
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
  echo "pulumi-resource-elb needs Node.js ${MINIMUM_NODE_MAJOR} or newer on PATH, and found no node" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt ${MINIMUM_NODE_MAJOR} ]; then
  echo "pulumi-resource-elb needs Node.js ${MINIMUM_NODE_MAJOR} or newer on PATH, and found $(node --version) at $(command -v node)" >&2
  exit 1
fi
exec node "$dir/dist/plugin/main.js" "$@"
`;

export function buildCopyOfNodeModules(): CopyBuild {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  const version: string = manifest.version;
  if (!fs.existsSync(path.join(dist, "plugin", "main.js"))) throw new Error("build-plugin: dist/plugin/main.js is missing: run the TypeScript build first");
  const folder = path.join(dist, "bench", "plugin-copy", `pulumi-resource-elb-v${version}`);
  fs.rmSync(folder, { recursive: true, force: true });
  const noTests = (relative: string) => /\.test\.(js|d\.ts|js\.map)$/.test(relative) || relative.split(path.sep).includes("testing");
  for (const part of ["provider", "plugin"]) copyTree(path.join(dist, part), path.join(folder, "dist", part), noTests);
  fs.copyFileSync(path.join(dist, "schema.json"), path.join(folder, "dist", "schema.json"));
  for (const dir of runtimeClosure()) copyTree(dir, path.join(folder, path.relative(repo, dir)));
  const dependencies = Object.fromEntries(
    RUNTIME_ROOTS.map((name) => [name, JSON.parse(fs.readFileSync(path.join(packageDir(name, repo), "package.json"), "utf8")).version]),
  );
  fs.writeFileSync(
    path.join(folder, "package.json"),
    `${JSON.stringify({ name: "pulumi-resource-elb", version, private: true, description: manifest.description, license: manifest.license, engines: manifest.engines, dependencies }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(folder, "pulumi-resource-elb"), LAUNCHER, { mode: 0o755 });
  const tarball = path.join(dist, "bench", "plugin-copy", `pulumi-resource-elb-v${version}-linux-${process.arch === "arm64" ? "arm64" : "amd64"}.tar.gz`);
  execFileSync("tar", ["-czf", tarball, "-C", folder, "."]);
  return { version, folder, tarball };
}
