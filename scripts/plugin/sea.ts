// A single executable application (Node's SEA): the bundle injected into a copy of the Node.js
// binary, so the plugin starts with no Node.js installed. Inside it `require` loads only Node's
// built-in modules, which is why the bundle must hold everything else.
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The marker Node's binary carries for postject to flip once a blob is injected (Node's SEA docs). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export function buildSingleExecutable(options: { bundleFile: string; nodeBinary: string; output: string; workDir: string }): void {
  const { bundleFile, nodeBinary, output, workDir } = options;
  fs.mkdirSync(workDir, { recursive: true });
  const blob = path.join(workDir, "sea-prep.blob");
  const config = path.join(workDir, "sea-config.json");
  fs.writeFileSync(
    config,
    JSON.stringify({
      main: bundleFile,
      output: blob,
      // The engine reads the plugin's stdout and shows its stderr; the warning would be noise there.
      disableExperimentalSEAWarning: true,
      // V8's compiled code in the blob: the start-up skips parsing and compiling the bundle. It
      // only fits the binary that made it, hence the same binary makes the blob and receives it.
      useCodeCache: true,
    }),
  );
  // Quiet unless it fails (postject's ELF library warns about notes it does not parse): a failure's
  // error carries what the tool printed.
  const quiet: ExecFileSyncOptions = { stdio: ["ignore", "pipe", "pipe"] };
  execFileSync(nodeBinary, ["--experimental-sea-config", config], quiet);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.copyFileSync(nodeBinary, output);
  fs.chmodSync(output, 0o755);
  const postject = require.resolve("postject/dist/cli.js");
  execFileSync(process.execPath, [postject, output, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE], quiet);
}
