// Where `make setup` put the toolchain (Node 22, pulumi, the dynamic-provider launcher) and the
// rest of its cache. The Makefile exports ELB_TOOLCHAIN; the fallbacks mirror scripts/setup.sh
// so a developer can run jest or a script directly after one `make setup`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The cache folder outside the repo (ELB_CACHE_DIR, else the XDG cache). */
export function cacheDir(): string {
  return process.env.ELB_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-elb-poolmember");
}

export function toolchainDir(): string {
  const dir = process.env.ELB_TOOLCHAIN ?? path.join(cacheDir(), "toolchain");
  const pulumi = path.join(dir, "bin", "pulumi");
  if (!fs.existsSync(pulumi)) {
    throw new Error(`no pulumi CLI at ${pulumi}: run \`make setup\` first`);
  }
  return dir;
}
