// Where `make setup` put the toolchain (Node 22, pulumi, the dynamic-provider launcher).
// The Makefile exports ELB_TOOLCHAIN; the fallback mirrors scripts/setup.sh so a developer can
// run jest directly after one `make setup`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export function toolchainDir(): string {
  const cacheRoot =
    process.env.ELB_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-elb-poolmember");
  const dir = process.env.ELB_TOOLCHAIN ?? path.join(cacheRoot, "toolchain");
  const pulumi = path.join(dir, "bin", "pulumi");
  if (!fs.existsSync(pulumi)) {
    throw new Error(`no pulumi CLI at ${pulumi}: run \`make setup\` first`);
  }
  return dir;
}

/**
 * The Python of the cached OpenStack virtual environment (Octavia's API server, openstacksdk),
 * which `make setup-openstack` creates; ELB_OPENSTACK_PYTHON overrides it.
 */
export function openstackPython(): string {
  const python = process.env.ELB_OPENSTACK_PYTHON ?? path.join(toolchainDir(), "openstack", "bin", "python");
  if (!fs.existsSync(python)) {
    throw new Error(`no OpenStack virtual environment at ${python}: run \`make setup-openstack\` first`);
  }
  return python;
}
