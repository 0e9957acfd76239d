// The OpenStack part of the cached toolchain, which only the tests use (`make setup-openstack`).
import * as fs from "node:fs";
import * as path from "node:path";
import { toolchainDir } from "../../scripts/lib/toolchain";

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

/**
 * The Python of the cached virtual environment with Pulumi's Python SDK (`make setup-python-sdk`),
 * for the Automation API test of the resource plugin; ELB_PULUMI_PYTHON overrides it.
 */
export function pulumiPython(): string {
  const python = process.env.ELB_PULUMI_PYTHON ?? path.join(toolchainDir(), "python-sdk", "bin", "python");
  if (!fs.existsSync(python)) {
    throw new Error(`no Python SDK virtual environment at ${python}: run \`make setup-python-sdk\` first`);
  }
  return python;
}
