// The emulator as a foreground process: prints its URL on the first line of stdout (then the
// demo ids and credentials as key=value lines) and runs until SIGINT or SIGTERM.
import * as fs from "node:fs";
import type { Writable } from "node:stream";
import { CliArgs, parseCliArgs, USAGE } from "./cli-args";
import { DEMO_IDS, DEMO_IPV6_SUBNET_CIDR, DEMO_SUBNET_CIDR, demoSeed } from "./demo-seed";
import { EmulatorConfigError } from "./errors";
import { Emulator, startEmulator } from "./index";
import type { AuthConfig, SeedData } from "./types";

/** Credentials the CLI configures for --auth token when no --auth-config is given. */
export const CLI_DEFAULT_AUTH = {
  users: [{ name: "demo", password: "demo-password", domainName: "demo-domain" }],
  credentials: [{ accessKey: "DEMOACCESSKEY0000000", secretKey: "demo-secret-key-0000000000000000000000000" }],
  applicationCredentials: [{ id: "demo-application-credential", name: "demo", secret: "demo-application-secret", userName: "demo", domainName: "demo-domain" }],
} satisfies AuthConfig;

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (err) {
    throw new EmulatorConfigError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

function authConfig(args: CliArgs): "none" | AuthConfig {
  if (args.auth === "none") return "none";
  return args.authFile ? readJson<AuthConfig>(args.authFile, "auth config") : CLI_DEFAULT_AUTH;
}

function seedOf(args: CliArgs): SeedData {
  const demo = args.demo ? demoSeed() : {};
  const file = args.seedFile ? readJson<SeedData>(args.seedFile, "seed file") : {};
  // A seed file adds to (or overrides by id) the demo world.
  return {
    projectId: file.projectId ?? demo.projectId,
    subnets: [...(demo.subnets ?? []), ...(file.subnets ?? [])],
    loadbalancers: [...(demo.loadbalancers ?? []), ...(file.loadbalancers ?? [])],
    listeners: [...(demo.listeners ?? []), ...(file.listeners ?? [])],
    pools: [...(demo.pools ?? []), ...(file.pools ?? [])],
    healthmonitors: [...(demo.healthmonitors ?? []), ...(file.healthmonitors ?? [])],
    members: [...(demo.members ?? []), ...(file.members ?? [])],
    memberHealth: { ...demo.memberHealth, ...file.memberHealth },
  };
}

/** Starts the emulator and prints how to reach it; the caller decides when to close it. */
export async function runCli(argv: string[], out: Writable): Promise<Emulator | undefined> {
  const args = parseCliArgs(argv);
  if (args.help) {
    out.write(`${USAGE}\n`);
    return undefined;
  }
  const auth = authConfig(args);
  const emulator = await startEmulator({
    port: args.port,
    busyMs: args.busyMs,
    auth,
    errorStyle: args.errorStyle,
    seed: seedOf(args),
    persistFile: args.persistFile,
  });
  const lines = [emulator.url, `project_id=${emulator.projectId}`];
  if (args.demo) {
    lines.push(`loadbalancer_id=${DEMO_IDS.loadbalancerId}`, `pool_id=${DEMO_IDS.poolId}`, `subnet_id=${DEMO_IDS.subnetId}`, `subnet_cidr=${DEMO_SUBNET_CIDR}`);
  }
  lines.push(`auth=${args.auth}`);
  if (auth !== "none") {
    lines.push(`auth_url=${emulator.authUrl}`);
    for (const u of auth.users ?? []) lines.push(`user=${u.name} password=${u.password} domain=${u.domainName}`);
    for (const c of auth.credentials ?? []) lines.push(`access_key=${c.accessKey} secret_key=${c.secretKey}`);
    for (const c of auth.applicationCredentials ?? []) {
      lines.push(`application_credential_id=${c.id} application_credential_secret=${c.secret} name=${c.name} user=${c.userName}`);
    }
  }
  if (args.demo) {
    // Last, after every line a parser of older output reads first: the dedicated (v3) world.
    lines.push(
      `dedicated_loadbalancer_id=${DEMO_IDS.dedicatedLoadbalancerId}`,
      `dedicated_pool_id=${DEMO_IDS.dedicatedPoolId}`,
      `ipv6_subnet_id=${DEMO_IDS.ipv6SubnetId}`,
      `ipv6_subnet_cidr=${DEMO_IPV6_SUBNET_CIDR}`,
    );
  }
  out.write(`${lines.join("\n")}\n`);
  return emulator;
}

async function main(): Promise<void> {
  let emulator: Emulator | undefined;
  try {
    emulator = await runCli(process.argv.slice(2), process.stdout);
  } catch (err) {
    process.stderr.write(`elb emulator: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (!emulator) return;
  const running = emulator;
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) void main();
