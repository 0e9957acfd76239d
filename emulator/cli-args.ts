// Command-line parsing for the emulator CLI, kept pure so it can be tested without a process.
import { EmulatorConfigError } from "./errors";

export interface CliArgs {
  port: number;
  seedFile?: string;
  demo: boolean;
  busyMs: number;
  auth: "none" | "token";
  /** JSON AuthConfig (users, credentials, applicationCredentials, tokenLifetimeSeconds); implies --auth token. */
  authFile?: string;
  errorStyle: "neutron" | "apigw";
  persistFile?: string;
  help: boolean;
}

export const USAGE = `usage: node dist/emulator/cli.js [options]
  --port N                  listen on 127.0.0.1:N (0 = any free port; default 0)
  --seed FILE               seed the world from a JSON SeedData file
  --demo                    seed the demo world (one load balancer, pool and subnet)
  --busy-ms N               PENDING_UPDATE time after each member change (default 0)
  --auth none|token         "token" requires X-Auth-Token or AK/SK signatures (default none)
  --auth-config FILE        users, AK/SK and application credentials as JSON (implies --auth token)
  --error-style neutron|apigw  error body shape (default neutron)
  --persist FILE            load the world from FILE and save every change to it
  --help                    print this text`;

function intArg(flag: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new EmulatorConfigError(`${flag} needs an integer ${min}-${max}, got ${value ?? "nothing"}`);
  }
  return Number(value);
}

function valueArg(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith("--")) throw new EmulatorConfigError(`${flag} needs a value`);
  return value;
}

export function parseCliArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 0, demo: false, busyMs: 0, auth: "none", errorStyle: "neutron", help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i];
    switch (flag) {
      case "--port":
        args.port = intArg(flag, next(), 0, 65535);
        break;
      case "--seed":
        args.seedFile = valueArg(flag, next());
        break;
      case "--demo":
        args.demo = true;
        break;
      case "--busy-ms":
        args.busyMs = intArg(flag, next(), 0, Number.MAX_SAFE_INTEGER);
        break;
      case "--auth": {
        const v = valueArg(flag, next());
        if (v !== "none" && v !== "token") throw new EmulatorConfigError(`--auth must be none or token, got ${v}`);
        args.auth = v;
        break;
      }
      case "--auth-config":
        args.authFile = valueArg(flag, next());
        args.auth = "token";
        break;
      case "--error-style": {
        const v = valueArg(flag, next());
        if (v !== "neutron" && v !== "apigw") throw new EmulatorConfigError(`--error-style must be neutron or apigw, got ${v}`);
        args.errorStyle = v;
        break;
      }
      case "--persist":
        args.persistFile = valueArg(flag, next());
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      default:
        throw new EmulatorConfigError(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return args;
}
