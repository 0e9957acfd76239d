// The Python SDK's release artifacts: schema.json with a given pluginDownloadURL (the address the
// Pulumi engine downloads pulumi-resource-elb from when a user's program needs it and it is not
// installed), generated into pulumi_elb with the cached generator (`make setup-sdkgen`), then
// built into a real sdist and wheel with PyPA's build (`make setup-python-dist`). The checkout's
// schema.json and sdk/python are left as they are. Used by the release and by
// test/engine/python-index.test.ts.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkoutRoot } from "./checkout";
import { toolchainDir } from "./toolchain";

export interface PythonDistOptions {
  /** Written into the SDK (pulumi-plugin.json's `server`), e.g. `https://example.com/releases/v1.2.3/`. */
  pluginDownloadURL: string;
  /** Where the sdist and the wheel go; created when missing. */
  outDir: string;
  /** The package's version (schema.json's `version`, which is also the plugin version the SDK asks for); default: schema.json's. */
  version?: string;
  /** Default: the checkout's schema.json. */
  schema?: string;
}

export interface PythonDist {
  /** The version as the schema has it (the plugin's); the file names carry Python's normalized form. */
  version: string;
  sdist: string;
  wheel: string;
}

export interface PythonDistTools {
  /** The venv's Python, with build, twine, pypiserver, setuptools and wheel. */
  python: string;
  /** Wheels of every package pulumi_elb's install needs, for an offline index. */
  wheelhouse: string;
}

/** What `make setup-python-dist` installed; ELB_PYTHON_DIST overrides the folder. */
export function pythonDistTools(): PythonDistTools {
  const dir = process.env.ELB_PYTHON_DIST ?? path.join(toolchainDir(), "python-dist");
  const tools = { python: path.join(dir, "venv", "bin", "python"), wheelhouse: path.join(dir, "wheelhouse") };
  if (!fs.existsSync(tools.python) || !fs.existsSync(tools.wheelhouse)) {
    throw new Error(`no Python release tools in ${dir}: run \`make setup-python-dist\` first`);
  }
  return tools;
}

function run(file: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { message: string; stdout?: string; stderr?: string };
    throw new Error(`python-dist: ${path.basename(file)} ${args.join(" ")} failed: ${failed.message}\n${failed.stdout ?? ""}\n${failed.stderr ?? ""}`);
  }
}

export function buildPythonDist(options: PythonDistOptions): PythonDist {
  if (!/^(https?|github|gitlab):\/\/./.test(options.pluginDownloadURL)) {
    throw new Error(`python-dist: pluginDownloadURL ${JSON.stringify(options.pluginDownloadURL)} is not an http(s)://, github:// or gitlab:// URL`);
  }
  const sdkgen = path.join(toolchainDir(), "sdkgen");
  if (!fs.existsSync(sdkgen)) throw new Error(`python-dist: no SDK generator at ${sdkgen}: run \`make setup-sdkgen\` first`);
  const tools = pythonDistTools();

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "elb-python-dist-"));
  try {
    const schema = JSON.parse(fs.readFileSync(options.schema ?? path.join(checkoutRoot, "schema.json"), "utf8"));
    schema.pluginDownloadURL = options.pluginDownloadURL;
    if (options.version) schema.version = options.version;
    const schemaFile = path.join(work, "schema.json");
    fs.writeFileSync(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);
    run(sdkgen, [schemaFile, path.join(work, "sdk")]);

    const source = path.join(work, "sdk", "python");
    // The generator bakes the URL here; the engine reads it through the SDK. A generator that
    // dropped it would ship a package whose plugin no engine can find, so check before building.
    const baked = JSON.parse(fs.readFileSync(path.join(source, "pulumi_elb", "pulumi-plugin.json"), "utf8"));
    if (baked.server !== options.pluginDownloadURL || baked.version !== schema.version) {
      throw new Error(
        `python-dist: the generated pulumi-plugin.json has ${JSON.stringify(baked)}, not server ${options.pluginDownloadURL}, version ${schema.version}`,
      );
    }
    // pyproject.toml names README.md beside it, the generator writes it into the package: without
    // the copy the index page of the release has no description.
    fs.copyFileSync(path.join(source, "pulumi_elb", "README.md"), path.join(source, "README.md"));

    // No flags: build makes the sdist, then the wheel from the unpacked sdist, so a file missing
    // from the sdist breaks the build here rather than a user's install from it.
    // --no-isolation: the venv's pinned setuptools, offline.
    const built = path.join(work, "dist");
    run(tools.python, ["-m", "build", "--no-isolation", "--outdir", built, source]);
    const files = fs.readdirSync(built);
    const sdists = files.filter((name) => name.endsWith(".tar.gz"));
    const wheels = files.filter((name) => name.endsWith(".whl"));
    if (sdists.length !== 1 || wheels.length !== 1) throw new Error(`python-dist: build made ${files.join(", ")}, not one sdist and one wheel`);
    // What an index rejects or renders badly (the long description, the metadata) fails here.
    run(tools.python, ["-m", "twine", "check", "--strict", ...files.map((name) => path.join(built, name))]);

    fs.mkdirSync(options.outDir, { recursive: true });
    const sdist = path.join(options.outDir, sdists[0]);
    const wheel = path.join(options.outDir, wheels[0]);
    fs.copyFileSync(path.join(built, sdists[0]), sdist);
    fs.copyFileSync(path.join(built, wheels[0]), wheel);
    return { version: schema.version, sdist, wheel };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
