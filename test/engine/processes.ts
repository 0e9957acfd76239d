// The processes a test started: the pulumi CLI the Automation API spawns, and what the CLI
// spawns in turn (the dynamic provider, the plugin, a launcher shell), found through /proc; and a
// launcher shaped like Pulumi's own.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface ProcessInfo {
  pid: number;
  parent: number;
  name: string;
}

function allProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (name) state ppid ...": the name may hold spaces, so split after its parenthesis.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const parent = Number(stat.slice(close + 2).split(" ")[1]);
      found.push({ pid: Number(entry), parent, name });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The pulumi CLI processes this process started, with all their descendants. */
export function pulumiProcessTrees(): number[] {
  const processes = allProcesses();
  const roots = processes.filter((p) => p.parent === process.pid && p.name === "pulumi").map((p) => p.pid);
  const tree = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (tree.has(p.parent) && !tree.has(p.pid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

/** A crash: every process of the running pulumi command dies at once, without cleanup. */
export function killPulumiHard(): number {
  const pids = pulumiProcessTrees();
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return pids.length;
}

/** A crash of the CLI alone: the pulumi processes this process started die; what they started lives on. */
export function killPulumiCliHard(): number {
  const roots = allProcesses().filter((p) => p.parent === process.pid && p.name === "pulumi");
  for (const { pid } of roots) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return roots.length;
}

/**
 * The dynamic-provider processes running for one test: the Node provider host, started with the
 * test's program folder as working directory. Found by command line and working directory, so
 * they are found after their CLI has died (they are then no longer its children).
 */
export function providerProcesses(workDir: string): number[] {
  return allProcesses()
    .filter(({ pid }) => {
      try {
        const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return commandLine.includes("@pulumi/pulumi/cmd/dynamic-provider") && fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(workDir);
      } catch {
        return false;
      }
    })
    .map(({ pid }) => pid);
}

/** The names of the processes whose children the test's provider processes are. */
export function providerParents(workDir: string): string[] {
  const processes = allProcesses();
  const providers = new Set(providerProcesses(workDir));
  const parents = new Set(processes.filter((p) => providers.has(p.pid)).map((p) => p.parent));
  return processes.filter((p) => parents.has(p.pid)).map((p) => p.name);
}

/** What the pulumi CLI processes this process started have started in turn (providers, launchers), without the CLIs. */
export function cliDescendants(): number[] {
  const roots = new Set(
    allProcesses()
      .filter((p) => p.parent === process.pid && p.name === "pulumi")
      .map((p) => p.pid),
  );
  return pulumiProcessTrees().filter((pid) => !roots.has(pid));
}

/** Whether a process still runs: it exists and is not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/**
 * A launcher shaped like Pulumi's own: a shell that runs node as its child instead of exec'ing it,
 * so the engine is the provider's grandparent. Put first on the CLI's PATH, it wins over ours.
 */
export function nonExecLauncherDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-launcher-"));
  const launcher = path.join(dir, "pulumi-resource-pulumi-nodejs");
  fs.writeFileSync(
    launcher,
    '#!/bin/sh\nhost=$(node -e "process.stdout.write(require.resolve(\'@pulumi/pulumi/cmd/dynamic-provider\'))") || exit 1\nnode "$host" "$@"\n',
    { mode: 0o755 },
  );
  return dir;
}

/** Ctrl-C to the pulumi CLI processes this process started (the CLI cancels: it waits for what is under way). */
export function interruptPulumiCli(): number {
  const roots = allProcesses().filter((p) => p.parent === process.pid && p.name === "pulumi");
  for (const { pid } of roots) process.kill(pid, "SIGINT");
  return roots.length;
}
