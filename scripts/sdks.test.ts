// The typed SDKs under sdk/ are generated from schema.json by `make sdks` and committed (the Go
// module is fetched from the repository itself). This test generates them afresh into a temp
// folder and fails when what is committed differs, so a schema change cannot land without them.
// It also holds the schema's package metadata together: one repository, from which the Go
// module path follows, and package names that do not clash with the dynamic SDK's.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toolchainDir } from "./lib/toolchain";

const repo = path.join(__dirname, "..");
const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema.json"), "utf8"));
const packageJson = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
const GENERATED = ["go", "python", "nodejs-generated"];

/** Every file under a folder, relative to it, with its content. */
function tree(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, file), fs.readFileSync(file, "utf8"));
  }
  return files;
}

describe("the committed SDKs are what `make sdks` makes of schema.json", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "elb-sdks-"));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  beforeAll(() => {
    const sdkgen = path.join(toolchainDir(), "sdkgen");
    if (!fs.existsSync(sdkgen)) throw new Error(`no SDK generator at ${sdkgen}: run \`make setup-sdkgen\` (make test does)`);
    execFileSync(sdkgen, [path.join(repo, "schema.json"), out], { stdio: "pipe" });
  });

  test.each(GENERATED)("sdk/%s", (folder) => {
    const committed = tree(path.join(repo, "sdk", folder));
    const generated = tree(path.join(out, folder));
    const stale = [...generated.keys()].filter((file) => committed.get(file) !== generated.get(file));
    const extra = [...committed.keys()].filter((file) => !generated.has(file));
    // Names, not contents, so the failure says what to do instead of printing whole files.
    expect({ stale, extra, hint: "run `make sdks` and commit sdk/" }).toEqual({ stale: [], extra: [], hint: expect.any(String) });
    expect(generated.size).toBeGreaterThan(5);
  });
});

describe("the schema's package metadata", () => {
  const repository = new URL(schema.repository);
  const moduleRoot = `${repository.host}${repository.pathname.replace(/\/$/, "")}`;

  test("the Go module sits where its path says, under the schema's repository", () => {
    const importBasePath: string = schema.language.go.importBasePath;
    expect(importBasePath).toBe(`${moduleRoot}/sdk/go/${schema.name}`);
    const goMod = fs.readFileSync(path.join(repo, "sdk", "go", "go.mod"), "utf8");
    expect(goMod).toMatch(new RegExp(`^module ${path.posix.dirname(importBasePath).replace(/\./g, "\\.")}$`, "m"));
  });

  test("homepage and repository agree, and every SDK carries the schema's version", () => {
    expect(schema.homepage).toBe(schema.repository);
    expect(schema.version).toBe(packageJson.version);
    const generatedNode = JSON.parse(fs.readFileSync(path.join(repo, "sdk", "nodejs-generated", "package.json"), "utf8"));
    expect(generatedNode.version).toBe(schema.version);
    expect(fs.readFileSync(path.join(repo, "sdk", "python", "pyproject.toml"), "utf8")).toContain(`version = "${schema.version}"`);
  });

  test("the generated Node.js package has a name of its own, beside the dynamic SDK's", () => {
    expect(schema.language.nodejs.packageName).not.toBe(packageJson.name);
    expect(schema.language.python.packageName).toBe("pulumi_elb");
    expect(schema.language.python.requires.pulumi).toBe(">=3.139.0,<4.0.0");
  });

  test("the plugin's download location is the schema's repository's releases", () => {
    // github://api.github.com/<owner> means the releases of <owner>/pulumi-<name>.
    expect(`${repository.host}${repository.pathname}`).toBe(
      `github.com/${schema.pluginDownloadURL.replace("github://api.github.com/", "")}/pulumi-${schema.name}`,
    );
  });
});

test("no description in schema.json holds only for the dynamic provider", () => {
  // The plugin serves the same schema to every language and to `pulumi import`; what differs on
  // the dynamic path is said in the TypeScript SDK's doc comments and the README.
  const descriptions: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "description" && typeof child === "string") descriptions.push(child);
        else collect(child);
      }
    }
  };
  collect(schema);
  expect(descriptions.length).toBeGreaterThan(30);
  expect(descriptions.filter((text) => /dynamic|does not work|not enforce/i.test(text))).toEqual([]);
});
