// What `npm pack` would publish, as npm itself lists it: only what a user's program loads (the
// SDK, the provider, the one schema.json they read, the README and licence), nothing from tests,
// the emulator or scripts, and everything the shipped code requires. Needs a build (`make build`).
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

const { packedFiles } = require("./install-local-package.js") as { packedFiles(): string[] };

const repo = path.resolve(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));

/** Every file in the tarball must match one of these. */
const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/schema\.json$/,
  // Compiled SDK and provider: code, declarations, source maps.
  /^dist\/(sdk|provider)\/([\w-]+\/)*[\w-]+\.(js|d\.ts|js\.map)$/,
];
/** Inside the allowed folders, still never these. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\.test\.[\w.]+$/, "a test"],
  [/(^|\/)testing\//, "a testing helper"],
];

function needed(): string[] {
  const files = [
    "package.json",
    "README.md",
    "LICENSE",
    "dist/sdk/index.js",
    "dist/sdk/index.d.ts",
    "dist/provider/index.js",
    "dist/schema.json",
    manifest.main,
    manifest.types,
  ];
  return [...new Set(files)].sort();
}

let files: string[];

beforeAll(() => {
  if (!fs.existsSync(path.join(repo, "dist", "sdk", "index.js"))) {
    throw new Error("dist/ is missing or incomplete (no dist/sdk/index.js): run `make build` before this test");
  }
  files = packedFiles();
});

test("every file in the package matches the allow-list, and none is a test or a testing helper", () => {
  const outside = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
  expect({ outsideTheAllowList: outside }).toEqual({ outsideTheAllowList: [] });
  const forbidden = files.flatMap((file) => FORBIDDEN.filter(([pattern]) => pattern.test(file)).map(([, what]) => `${file} (${what})`));
  expect({ forbidden }).toEqual({ forbidden: [] });
});

test("the package holds exactly one schema.json", () => {
  expect(files.filter((file) => path.posix.basename(file) === "schema.json")).toEqual(["dist/schema.json"]);
});

test("the package holds every file a program needs", () => {
  expect({ missing: needed().filter((file) => !files.includes(file)) }).toEqual({ missing: [] });
});

test("every compiled file in the package comes from a source file (no leftovers of an old build)", () => {
  const source = (file: string) => file.replace(/^dist\//, "").replace(/(\.d\.ts|\.js\.map|\.js)$/, ".ts");
  const orphans = files.filter((file) => /\.(js|d\.ts|js\.map)$/.test(file) && !fs.existsSync(path.join(repo, source(file))));
  expect({ orphans }).toEqual({ orphans: [] });
});

test("everything the shipped code requires is in the package, a dependency, a peer dependency or built into Node", () => {
  const packages = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const packed = new Set(files);
  const resolves = (file: string) => [file, `${file}.js`, `${file}.json`, `${file}/index.js`].some((candidate) => packed.has(candidate));
  const unresolved: string[] = [];
  for (const file of files.filter((name) => name.endsWith(".js"))) {
    const code = fs.readFileSync(path.join(repo, file), "utf8");
    for (const [, specifier] of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      const ok = specifier.startsWith(".")
        ? resolves(path.posix.join(path.posix.dirname(file), specifier))
        : specifier.startsWith(`${manifest.name}/`)
          ? resolves(specifier.slice(manifest.name.length + 1))
          : builtinModules.includes(specifier.replace(/^node:/, "")) || packages.has(packageName(specifier));
      if (!ok) unresolved.push(`${file}: require("${specifier}")`);
    }
  }
  expect({ unresolved }).toEqual({ unresolved: [] });
});

test("@pulumi/pulumi is a peer dependency (the user's copy), pinned only for development", () => {
  expect(manifest.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
  expect(manifest.peerDependencies?.["@pulumi/pulumi"]).toMatch(/^>=3\.\d+\.\d+ <4$/);
  expect(manifest.devDependencies?.["@pulumi/pulumi"]).toMatch(/^\d+\.\d+\.\d+$/);
  expect(manifest.private).toBeUndefined();
});

/** "@scope/name/sub/path" -> "@scope/name"; "name/sub" -> "name". */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
