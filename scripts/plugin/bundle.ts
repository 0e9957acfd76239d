// The plugin as one CommonJS file for Node 22: plugin/main.ts with everything it imports (grpc-js,
// the generated protobuf modules, undici, js-yaml, schema.json) inlined by esbuild, so neither a
// launcher nor a single executable application needs node_modules beside it.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";

export interface Bundle {
  file: string;
  /** The folders of the npm packages inlined into it (for their licence notices). */
  packages: string[];
}

/** The package folder of an input path such as node_modules/@grpc/grpc-js/build/src/index.js. */
export function packageFolderOf(input: string): string | undefined {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const length = parts[at + 1]?.startsWith("@") ? 2 : 1;
  return parts.slice(0, at + 1 + length).join("/");
}

export function bundlePlugin(repo: string, version: string, outfile: string): Bundle {
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const result = buildSync({
    absWorkingDir: repo,
    entryPoints: [path.join(repo, "plugin", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    // Smaller to read and parse at every start; names kept, as errors and logs show them.
    minify: true,
    keepNames: true,
    // The notices go into a file of their own (notices.ts), not scattered through the code.
    legalComments: "none",
    // The version the plugin reports (main.ts reads package.json only when run unbundled).
    define: { __ELB_PLUGIN_VERSION__: JSON.stringify(version) },
    metafile: true,
    logLevel: "silent",
  });
  // A warning here is usually a require esbuild cannot follow, which would fail only at run time.
  if (result.warnings.length > 0) {
    throw new Error(`build-plugin: esbuild warned:\n${result.warnings.map((w) => `${w.location?.file ?? ""}: ${w.text}`).join("\n")}`);
  }
  const inputs = Object.keys(result.metafile!.inputs);
  const packages = [...new Set(inputs.map(packageFolderOf).filter((dir): dir is string => dir !== undefined))].sort();
  return { file: outfile, packages: packages.map((dir) => path.join(repo, dir)) };
}
