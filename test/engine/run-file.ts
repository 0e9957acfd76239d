// Runs a program to its end, as the engine tests start language tools (python, go, pip, the
// pulumi CLI); a failure carries everything it printed.
import { execFile } from "node:child_process";
import * as path from "node:path";

export interface RunOptions {
  /** The whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function runFile(file: string, args: string[], options: RunOptions = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { env: options.env ?? process.env, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(file)} ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`)) : resolve({ stdout, stderr }),
    ),
  );
}
