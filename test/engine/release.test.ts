// `make release` as the release's uploader sees it: one version everywhere, every platform's
// plugin archive with a checksum that verifies, and the pluginDownloadURL it was given in the
// schema and in every SDK that carries one. The artifacts themselves are installed from real
// registries in npm-registry.test.ts and python-index.test.ts.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildRelease, Release } from "../../scripts/release";
import { pythonDistTools } from "../../scripts/lib/python-dist";

jest.setTimeout(300_000);

const repo = path.join(__dirname, "..", "..");
const URL = "https://downloads.example.org/elb/v0.1.0";
const version = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")).version;
const PLATFORMS = ["darwin-amd64", "darwin-arm64", "linux-amd64", "linux-arm64", "windows-amd64", "windows-arm64"];

let root: string;
let release: Release;
const inRelease = (name: string) => path.join(release.outDir, name);

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "elb-release-test-"));
  release = buildRelease({ pluginDownloadURL: URL, outDir: path.join(root, "release") });
});

afterAll(() => root && fs.rmSync(root, { recursive: true, force: true }));

test("the release holds exactly what is uploaded, each named with the one version", () => {
  expect(release.version).toBe(version);
  expect(release.files).toEqual(
    [
      "CHANGELOG.md",
      "LICENSE",
      "SHA256SUMS",
      "docs/_index.md",
      "docs/installation-configuration.md",
      `pulumi-elb-poolmember-${version}.tgz`,
      `pulumi-elb-sdk-go-v${version}.tar.gz`,
      ...PLATFORMS.map((platform) => `pulumi-resource-elb-v${version}-${platform}.tar.gz`),
      `pulumi_elb-${version}-py3-none-any.whl`,
      `pulumi_elb-${version}.tar.gz`,
      "schema.json",
    ].sort(),
  );
});

test("SHA256SUMS lists every plugin archive with its checksum", () => {
  const lines = fs.readFileSync(inRelease("SHA256SUMS"), "utf8").trim().split("\n");
  const listed = Object.fromEntries(lines.map((line) => line.split(/ {2}/).reverse()));
  expect(Object.keys(listed).sort()).toEqual(PLATFORMS.map((platform) => `pulumi-resource-elb-v${version}-${platform}.tar.gz`));
  for (const [name, sum] of Object.entries(listed)) {
    expect(
      createHash("sha256")
        .update(fs.readFileSync(inRelease(name)))
        .digest("hex"),
    ).toBe(sum);
  }
});

test("schema.json, the Python wheel and the Go SDK point the engine at the given download URL", () => {
  const schema = JSON.parse(fs.readFileSync(inRelease("schema.json"), "utf8"));
  expect(schema).toMatchObject({ version, pluginDownloadURL: URL });
  const wheelPlugin = execFileSync(
    pythonDistTools().python,
    [
      "-c",
      "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('pulumi_elb/pulumi-plugin.json').decode())",
      inRelease(`pulumi_elb-${version}-py3-none-any.whl`),
    ],
    { encoding: "utf8" },
  );
  expect(JSON.parse(wheelPlugin)).toEqual({ resource: true, name: "elb", version, server: URL });
  const goSdk = path.join(root, "go");
  fs.mkdirSync(goSdk);
  execFileSync("tar", ["-xzf", inRelease(`pulumi-elb-sdk-go-v${version}.tar.gz`), "-C", goSdk]);
  expect(JSON.parse(fs.readFileSync(path.join(goSdk, "elb", "pulumi-plugin.json"), "utf8"))).toEqual({ resource: true, name: "elb", version, server: URL });
  expect(fs.readFileSync(path.join(goSdk, "go.mod"), "utf8")).toMatch(/^module github\.com\/elb-poolmember\/pulumi-elb\/sdk\/go$/m);
});

test("the checkout is left as it was: its schema and SDKs keep the default URL", () => {
  const committed = JSON.parse(fs.readFileSync(path.join(repo, "schema.json"), "utf8")).pluginDownloadURL;
  expect(committed).not.toBe(URL);
  expect(JSON.parse(fs.readFileSync(path.join(repo, "sdk", "python", "pulumi_elb", "pulumi-plugin.json"), "utf8")).server).toBe(committed);
});

test("the npm tarball is the package as npm publishes it", () => {
  const listing = execFileSync("tar", ["-tzf", inRelease(`pulumi-elb-poolmember-${version}.tgz`)], { encoding: "utf8" }).split("\n");
  expect(listing).toEqual(expect.arrayContaining(["package/package.json", "package/LICENSE", "package/dist/sdk/index.js", "package/dist/schema.json"]));
  expect(listing.filter((file) => /\.test\.|\/testing\//.test(file))).toEqual([]);
});
