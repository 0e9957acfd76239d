// Command-line parsing for the emulator CLI, kept pure so it can be tested without a process.
// node:util's parseArgs splits the words (--flag value, --flag=value, -h, --); this file says
// which flags exist and what their values may be.
import { parseArgs } from "node:util";
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

const OPTIONS = {
  port: { type: "string" },
  seed: { type: "string" },
  demo: { type: "boolean" },
  "busy-ms": { type: "string" },
  auth: { type: "string" },
  "auth-config": { type: "string" },
  "error-style": { type: "string" },
  persist: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * What parseArgs leaves for a flag in non-strict mode: the last value given, true for a flag
 * given without one, undefined for a flag not given.
 */
type Given = string | boolean | undefined;

function intArg(flag: string, value: Given, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new EmulatorConfigError(`${flag} needs an integer ${min}-${max}, got ${typeof value === "string" ? value : "nothing"}`);
  }
  return Number(value);
}

function valueArg(flag: string, value: Given): string | undefined {
  if (value === undefined) return undefined;
  // A flag directly after another (--seed --demo) is taken as its value by parseArgs: refuse it.
  if (typeof value !== "string" || value.startsWith("--")) throw new EmulatorConfigError(`${flag} needs a value`);
  return value;
}

function oneOf<T extends string>(flag: string, value: Given, allowed: readonly T[]): T | undefined {
  const given = valueArg(flag, value);
  if (given === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(given)) {
    throw new EmulatorConfigError(`${flag} must be ${allowed.join(" or ")}, got ${given}`);
  }
  return given as T;
}

export function parseCliArgs(argv: string[]): CliArgs {
  // Non-strict, so that the messages below (and USAGE) are ours; the tokens say what was refused.
  const { values, tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === "option-terminator") throw new EmulatorConfigError(`unknown option --\n${USAGE}`);
    if (token.kind === "positional") throw new EmulatorConfigError(`unknown option ${token.value}\n${USAGE}`);
    if (!Object.hasOwn(OPTIONS, token.name)) throw new EmulatorConfigError(`unknown option ${token.rawName}\n${USAGE}`);
    if (OPTIONS[token.name as keyof typeof OPTIONS].type === "boolean" && token.value !== undefined) {
      throw new EmulatorConfigError(`${token.rawName} takes no value`);
    }
  }
  const port = intArg("--port", values.port, 0, 65535);
  const seedFile = valueArg("--seed", values.seed);
  const busyMs = intArg("--busy-ms", values["busy-ms"], 0, Number.MAX_SAFE_INTEGER);
  const auth = oneOf("--auth", values.auth, ["none", "token"] as const);
  const authFile = valueArg("--auth-config", values["auth-config"]);
  const errorStyle = oneOf("--error-style", values["error-style"], ["neutron", "apigw"] as const);
  const persistFile = valueArg("--persist", values.persist);
  // --auth-config implies --auth token, unless an --auth comes after it: the later flag wins.
  const authFlags = tokens.flatMap((token) => (token.kind === "option" && (token.name === "auth" || token.name === "auth-config") ? [token.name] : []));
  const args: CliArgs = {
    port: port ?? 0,
    demo: values.demo === true,
    busyMs: busyMs ?? 0,
    auth: authFlags.at(-1) === "auth-config" ? "token" : (auth ?? "none"),
    errorStyle: errorStyle ?? "neutron",
    help: values.help === true,
  };
  if (seedFile !== undefined) args.seedFile = seedFile;
  if (authFile !== undefined) args.authFile = authFile;
  if (persistFile !== undefined) args.persistFile = persistFile;
  return args;
}
