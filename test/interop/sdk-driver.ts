// Runs a driver script (openstacksdk_members.py unless told) with openstacksdk's Python: one JSON
// request on stdin, one JSON answer on stdout. A crash of the script fails with its stderr, so the
// test shows the traceback.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { openstackPython } from "../engine/toolchain";

const SCRIPT = path.join(__dirname, "openstacksdk_members.py");
const TIMEOUT_MS = 60_000;

/** A member as the script prints it: openstacksdk's attribute names. */
export interface SdkMember {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  subnet_id: string;
  weight: number;
  is_admin_state_up: boolean;
  operating_status: string;
  project_id: string | null;
  pool_id: string;
}

export type SdkOutput<T> = { result: T; error?: undefined } | { result?: undefined; error: { type: string; status: number; message: string } };

/** openstack.connect() arguments: a Keystone v3 password login to the emulator's IAM, as a clouds.yaml would give. */
export function passwordConnect(authUrl: string, user: { name: string; password: string; domainName: string }, extra: Record<string, unknown> = {}) {
  return {
    auth_type: "password",
    auth: {
      auth_url: authUrl,
      username: user.name,
      password: user.password,
      user_domain_name: user.domainName,
      project_name: "eu-de",
      project_domain_name: user.domainName,
    },
    region_name: "eu-de",
    interface: "public",
    ...extra,
  };
}

export function runSdk<T>(request: Record<string, unknown>, script = SCRIPT): Promise<SdkOutput<T>> {
  return new Promise((resolve, reject) => {
    // No OS_* variables leak in from whoever runs the test; the script ignores them anyway.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OS_")));
    const child = spawn(openstackPython(), [script], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || last === "") {
        reject(new Error(`${path.basename(script)} exited with ${code ?? signal}:\n${stderr}${stdout}`));
        return;
      }
      resolve(JSON.parse(last) as SdkOutput<T>);
    });
    child.stdin.end(JSON.stringify(request));
  });
}
