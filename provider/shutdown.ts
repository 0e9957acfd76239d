// The provider process's own life. The engine starts it and normally ends it; when the engine
// dies without a word (`kill -9` of `pulumi up`, a CI runner torn down), nothing else would:
// the process would carry on with queued creates that no state records, and stay alive.
//
// How we notice, fastest and most certain first. Each is an EngineSignal; watchEngine acts on the
// first that speaks:
// - The engine's own ends of what joins it to us close when it dies: the kernel closes a dead
//   process's files at once, before anything else of its exit. Its gRPC connection to us is one
//   (the resource plugin owns its server and watches it: plugin/engine-connections.ts; the
//   dynamic-provider host's server is Pulumi's and shows us nothing). Our stdin is the other: the
//   engine starts every plugin with a pipe there and never writes to it or closes it while it
//   runs, so end-of-file on it means the engine's end is gone. It needs no polling and works
//   through a launcher shell too, which hands its stdin to node.
// - Parent death, as a fallback for a process whose stdin is not that pipe: the engine is our
//   parent (a launcher that `exec`s node), and a process that dies re-parents its children at
//   once. getppid() is a cheap system call, so it is asked often. With a launcher shell that does
//   not exec (Pulumi's own `pulumi-resource-pulumi-nodejs` runs node as its child) the engine is
//   the shell's parent, which only /proc tells; that is read less often. Only links recorded at
//   start are watched: a CLI whose own parent goes away (nohup, a closed terminal) keeps its
//   providers, and a new process that happens to get the old pid cannot fool the check.
//
// What we do: the runtime's ShutdownSignal, which the HTTP client checks before every attempt and
// again as a request is written to its socket, and the change queue and batches check before every
// change, is raised, so nothing not yet sent is sent; requests already on the wire get a short
// grace to finish (what they did is then for the documented recovery: pulumi cancel, refresh
// --clear-pending-creates, adoptExisting); then exit.
import * as fs from "node:fs";
import type { ShutdownSignal } from "./client/shutdown-signal";

/**
 * One way of noticing that the engine is gone: starts watching, calls `gone` (once or more) when it
 * sees it, and returns what stops the watching. Nothing it starts may keep the process alive.
 */
export type EngineSignal = (gone: (reason: string) => void) => () => void;

/** getppid() is a system call without /proc: asked this often, a dead parent is seen within the 100 ms the README promises. */
export const PARENT_POLL_MS = 50;
/** The launcher shell's parent needs a read of /proc: the fallback of a fallback (stdin comes first), so less often. */
export const LAUNCHER_POLL_MS = 250;

export interface EngineWatchOptions {
  /** What tells that the engine is gone; the first to speak wins. */
  signals: EngineSignal[];
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
 * Once a signal says the engine is gone: sets the shutting-down flag, lets requests on the wire
 * finish (at most graceMs) and exits.
 */
export function watchEngine(options: EngineWatchOptions): EngineWatch {
  const { shutdown } = options;
  const log = options.log ?? ((message: string) => console.error(`elb: ${message}`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const graceMs = options.graceMs ?? 5_000;
  const stops: Array<() => void> = [];
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const stopOne of stops.splice(0)) stopOne();
  };
  const gone = (reason: string) => {
    if (stopped) return;
    stop();
    shutdown.begin(`the pulumi engine that started it is gone: ${reason}`);
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
        `the pulumi engine that started this provider is gone (${reason}); sending nothing more` +
          `${waiting ? `, waiting up to ${graceMs / 1000} s for ${waiting} request(s) on the wire` : ""}, then exiting. ` +
          "Recover with pulumi cancel, pulumi refresh --clear-pending-creates and elb:adoptExisting (see the README).",
      );
    } catch {
      // Nobody is listening.
    }
  };
  for (const signal of options.signals) {
    if (stopped) break;
    const stopOne = signal(gone);
    // A signal may have spoken while it started (stdin already closed).
    if (stopped) stopOne();
    else stops.push(stopOne);
  }
  return { stop };
}

/** The watches of the engine's process: its end of our stdin, then our parent, then the launcher shell's parent. */
export function engineProcessSignals(view: ProcessView = realProcesses, input: StdinView = realStdin): EngineSignal[] {
  return [stdinClosed(input), parentExited(view), launcherParentExited(view)];
}

/** Looks every intervalMs; the timer never keeps the process alive. */
export function polled(check: () => string | undefined, intervalMs: number): EngineSignal {
  return (gone) => {
    const timer = setInterval(() => {
      const reason = check();
      if (reason !== undefined) gone(reason);
    }, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  };
}

/** The readable end of stdin, as far as the watch needs it. */
export interface StdinView {
  /** Whether stdin is a pipe (a file, a terminal or /dev/null says nothing about the engine). */
  isPipe: () => boolean;
  open: () => {
    on(event: "data" | "end" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
    off(event: "data" | "end" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
    pause(): unknown;
    unref?: () => unknown;
  };
}

const realStdin: StdinView = {
  isPipe: () => {
    try {
      return fs.fstatSync(0).isFIFO();
    } catch {
      return false;
    }
  },
  open: () => process.stdin,
};

/**
 * End-of-file on stdin: the engine holds the only writing end of the pipe, so it closes when the
 * engine exits or dies, and at no other time. Whatever arrives on it is read and dropped.
 */
export function stdinClosed(input: StdinView = realStdin): EngineSignal {
  return (gone) => {
    if (!input.isPipe()) return () => undefined;
    const stream = input.open();
    const discard = () => undefined;
    const closed = () => gone("its end of this process's stdin closed");
    stream.on("data", discard);
    for (const event of ["end", "close", "error"] as const) stream.on(event, closed);
    // Reading stdin must not keep the process alive when nothing else does.
    stream.unref?.();
    return () => {
      for (const event of ["data", "end", "close", "error"] as const) stream.off(event, event === "data" ? discard : closed);
      stream.pause();
    };
  };
}

/** Our parent, as it was at start, is no longer our parent: it died, and we were re-parented. */
export function parentExited(view: ProcessView = realProcesses, intervalMs = PARENT_POLL_MS): EngineSignal {
  return (gone) => {
    const parent = view.ppid();
    return polled(() => (view.ppid() !== parent ? `its process ${parent}, this process's parent, exited` : undefined), intervalMs)(gone);
  };
}

/**
 * With a launcher shell that does not exec, the engine is the shell's parent: the shell outlives
 * the engine, so only the shell's own parent link (from /proc) shows the engine's death.
 */
export function launcherParentExited(view: ProcessView = realProcesses, intervalMs = LAUNCHER_POLL_MS): EngineSignal {
  return (gone) => {
    const launcher = view.ppid();
    if (!(view.commandLine(launcher) ?? "").includes("pulumi-resource-pulumi-nodejs")) return () => undefined;
    const engine = view.parentOf(launcher);
    if (engine === undefined) return () => undefined;
    return polled(() => (view.parentOf(launcher) !== engine ? `its process ${engine}, the launcher shell's parent, exited` : undefined), intervalMs)(gone);
  };
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
  // getppid(), asked anew each time.
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

/** Whether this process is the Node dynamic-provider host the engine starts (not a program). */
export function isDynamicProviderHost(argv: readonly string[] = process.argv): boolean {
  return /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(argv[1] ?? "");
}
