// `make release`: everything a release uploads, under dist/release, with the one version
// package.json holds: the TypeScript SDK's npm tarball, the plugin archives with SHA256SUMS, the
// Python sdist and wheel and the Go SDK generated from schema.json with the release's
// pluginDownloadURL, that schema.json, docs/, LICENSE and CHANGELOG.md.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildPlugin } from "./build-plugin";
import { checkoutRoot } from "./lib/checkout";
import { buildPythonDist } from "./lib/python-dist";
import { toolchainDir } from "./lib/toolchain";

const repo = checkoutRoot;

/** Where the engine looks for the plugin when a program needs it: the GitHub releases of elb-poolmember/pulumi-elb. */
export const DEFAULT_PLUGIN_DOWNLOAD_URL = JSON.parse(fs.readFileSync(path.join(repo, "schema.json"), "utf8")).pluginDownloadURL as string;

export interface ReleaseOptions {
  pluginDownloadURL?: string;
  outDir?: string;
}

export interface Release {
  version: string;
  outDir: string;
  /** Every file, relative to outDir, sorted. */
  files: string[];
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

function copyInto(outDir: string, file: string, name = path.basename(file)): string {
  fs.cpSync(file, path.join(outDir, name), { recursive: true });
  return name;
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export function buildRelease(options: ReleaseOptions = {}): Release {
  const pluginDownloadURL = options.pluginDownloadURL || DEFAULT_PLUGIN_DOWNLOAD_URL;
  const outDir = options.outDir ?? path.join(repo, "dist", "release");
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  const version: string = manifest.version;
  const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema.json"), "utf8"));
  if (schema.version !== version) throw new Error(`release: schema.json says version ${schema.version}, package.json ${version}; they must agree`);

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "elb-release-"));
  try {
    // The plugin archives, and their checksums in the form `sha256sum -c` and `pulumi plugin install --checksum` take.
    const plugin = buildPlugin();
    const archives = Object.values(plugin.archives).map((archive) => copyInto(outDir, archive));
    fs.writeFileSync(path.join(outDir, "SHA256SUMS"), archives.map((name) => `${sha256(path.join(outDir, name))}  ${name}\n`).join(""));

    // The npm package, exactly as `npm publish` would upload it.
    execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", outDir], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });

    // schema.json as the plugin's users' tools read it, with where to download the plugin from.
    const releaseSchema = path.join(outDir, "schema.json");
    fs.writeFileSync(releaseSchema, `${JSON.stringify({ ...schema, pluginDownloadURL }, null, 2)}\n`);

    // The SDKs that carry pluginDownloadURL, generated from that schema.
    buildPythonDist({ pluginDownloadURL, outDir, version, schema: releaseSchema });
    execFileSync(path.join(toolchainDir(), "sdkgen"), [releaseSchema, work], { stdio: ["ignore", "ignore", "inherit"] });
    execFileSync("tar", ["-czf", path.join(outDir, `pulumi-elb-sdk-go-v${version}.tar.gz`), "-C", path.join(work, "go"), "."]);

    for (const file of ["LICENSE", "CHANGELOG.md", "docs"]) copyInto(outDir, path.join(repo, file));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { version, outDir, files: listFiles(outDir) };
}

if (require.main === module) {
  const release = buildRelease({ pluginDownloadURL: process.env.PLUGIN_DOWNLOAD_URL, outDir: process.env.RELEASE_DIR });
  console.log(`release ${release.version} in ${path.relative(process.cwd(), release.outDir) || "."}:`);
  for (const file of release.files) console.log(`  ${file}  ${fs.statSync(path.join(release.outDir, file)).size} bytes`);
}
