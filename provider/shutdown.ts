// The provider process's own life. The engine starts it and normally ends it; when the engine
// dies without a word (`kill -9` of `pulumi up`, a CI runner torn down), nothing else would:
// the process would carry on with queued creates that no state records, and stay alive.
//
// How we notice: the engine is this process's parent (the launcher `exec`s node), or, with a
// launcher shell that does not exec (Pulumi's own `pulumi-resource-pulumi-nodejs` runs node as
// its child), the shell's parent. When that process dies, its child is re-parented at once, so a
// changed parent pid is the signal; it needs no traffic to the engine and cannot be fooled by a
// new process that happens to get the old pid. Only links recorded at start are watched: a CLI
// whose own parent goes away (nohup, a closed terminal) keeps its providers.
//
// What we do: the runtime's ShutdownSignal, which the HTTP client checks before every attempt
// and the change queue checks before every change, is raised, so nothing not yet sent is sent;
// requests already on the wire get a short grace to finish (what they did is then for the
// documented recovery: pulumi cancel, refresh --clear-pending-creates, adoptExisting); then exit.
import * as fs from "node:fs";
import type { ShutdownSignal } from "./client/shutdown-signal";

export interface EngineWatchOptions {
  /** Whether the engine that started this process still runs. */
  isEngineAlive: () => boolean;
  /** How often to look (default 1 s). */
  intervalMs?: number;
  /** How long requests already on the wire may take to finish before the exit (default 5 s). */
  graceMs?: number;
  /** What the runtime's clients and queues check before they send. */
  shutdown: ShutdownSignal;
  log?: (message: string) => void;
  exit?: (code: number) => void;
}

export interface EngineWatch {
  stop(): void;
}

/**
 * Looks at the engine every intervalMs; once it is gone, sets the shutting-down flag, lets
 * requests on the wire finish (at most graceMs) and exits. The timers never keep the process
 * alive on their own.
 */
export function watchEngine(options: EngineWatchOptions): EngineWatch {
  const { shutdown } = options;
  const log = options.log ?? ((message: string) => console.error(`elb: ${message}`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const graceMs = options.graceMs ?? 5_000;
  const timer = setInterval(() => {
    if (options.isEngineAlive()) return;
    clearInterval(timer);
    shutdown.begin("the pulumi engine that started it is gone");
    const waiting = shutdown.requestsInFlight;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(graceTimer);
      exit(1);
    };
    const graceTimer = setTimeout(finish, graceMs);
    graceTimer.unref?.();
    void shutdown.whenIdle().then(finish);
    try {
      // The engine read our stderr; with it gone the write may fail, which must not stop the exit.
      log(
        `the pulumi engine that started this provider is gone; sending nothing more` +
          `${waiting ? `, waiting up to ${graceMs / 1000} s for ${waiting} request(s) on the wire` : ""}, then exiting. ` +
          "Recover with pulumi cancel, pulumi refresh --clear-pending-creates and elb:adoptExisting (see the README).",
      );
    } catch {
      // Nobody is listening.
    }
  }, options.intervalMs ?? 1_000);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}

/** Reads a process's parent pid from /proc (Linux); undefined when it is gone or unknown. */
export function parentOf(pid: number, readFile: (file: string) => string = (file) => fs.readFileSync(file, "utf8")): number | undefined {
  try {
    // "pid (name) state ppid ...": the name may hold spaces and parentheses.
    const stat = readFile(`/proc/${pid}/stat`);
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(parent) ? parent : undefined;
  } catch {
    return undefined;
  }
}

export interface ProcessView {
  /** This process's parent pid now. */
  ppid: () => number;
  /** A process's parent pid now, undefined when it is gone or cannot be read. */
  parentOf: (pid: number) => number | undefined;
  /** A process's command line, undefined when it cannot be read. */
  commandLine: (pid: number) => string | undefined;
}

const realProcesses: ProcessView = {
  ppid: () => process.ppid,
  parentOf: (pid) => parentOf(pid),
  commandLine: (pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
      return undefined;
    }
  },
};

/**
 * "Is the engine alive", from the process tree as it is now: our parent must stay our parent,
 * and when that parent is the launcher shell, the shell's parent (the engine) must stay its
 * parent too. A process that dies re-parents its children, so either link breaks at once.
 */
export function engineAliveCheck(view: ProcessView = realProcesses): () => boolean {
  const parent = view.ppid();
  const launcher = (view.commandLine(parent) ?? "").includes("pulumi-resource-pulumi-nodejs");
  const grandparent = launcher ? view.parentOf(parent) : undefined;
  return () => {
    if (view.ppid() !== parent) return false;
    if (grandparent !== undefined && view.parentOf(parent) !== grandparent) return false;
    return true;
  };
}

/** Whether this process is the Node dynamic-provider host the engine starts (not a program). */
export function isDynamicProviderHost(argv: readonly string[] = process.argv): boolean {
  return /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(argv[1] ?? "");
}
