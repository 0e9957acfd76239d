// Memory and CPU of the dynamic provider process(es) the pulumi CLI starts for one stack, read
// from /proc while an operation runs. The launcher execs
// `node .../@pulumi/pulumi/cmd/dynamic-provider/index.js` with the stack's program folder as
// working directory, which tells our provider apart from other stacks' on the same machine.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

export interface ProcessUsage {
  /** Provider processes seen during the operation. */
  pids: number[];
  /** Highest VmHWM (peak resident set) of any of them, MB. */
  peakRssMb: number;
  /** utime + stime summed over them, seconds (up to one sample interval may be missed at exit). */
  cpuSeconds: number;
  samples: number;
}

interface PidUsage {
  hwmKb: number;
  cpuTicks: number;
}

let clockTicks: number | undefined;

/** `getconf CLK_TCK`, 100 when it cannot be asked. */
export function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** The args of a process, or undefined when it is gone or unreadable. */
function readArgs(pid: number): string[] | undefined {
  try {
    return fs
      .readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .filter((arg) => arg !== "");
  } catch {
    return undefined;
  }
}

/** A dynamic-provider host, not the `node -e require.resolve(...)` the launcher runs first. */
export function isDynamicProviderHost(args: string[]): boolean {
  return !args.includes("-e") && args.some((arg) => /@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider/.test(arg));
}

/** VmHWM (kB) from /proc/<pid>/status text. */
export function parseHwmKb(status: string): number {
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** utime + stime (clock ticks) from /proc/<pid>/stat text; the command name may hold spaces. */
export function parseCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * The resource plugin's process, installed under this PULUMI_HOME: node running its script (the
 * bundle, or main.js of the bench's copy-of-node_modules build), or the single executable itself.
 */
export function isPluginProcess(args: string[], pulumiHome: string): boolean {
  const prefix = `${pulumiHome}/plugins/resource-elb-`;
  const plugin = (arg: string) => arg.startsWith(prefix) && /(\/main\.js|\/pulumi-resource-elb\.js|\/pulumi-resource-elb)$/.test(arg);
  // The single executable is args[0]; node has the script after it. A launcher's shell (args[1]
  // without .js) is not the plugin yet: it execs node in the same process.
  return plugin(args[0] ?? "") || args.slice(1).some((arg) => plugin(arg) && arg.endsWith(".js"));
}

/** The stack's provider processes: dynamic-provider hosts running in its folder, or with `pulumiHome` the plugin installed there. */
export function findProviderPids(workDir: string, pulumiHome?: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const args = readArgs(pid);
    if (!args) continue;
    if (pulumiHome !== undefined) {
      if (isPluginProcess(args, pulumiHome)) found.push(pid);
      continue;
    }
    if (!isDynamicProviderHost(args)) continue;
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`) === workDir) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

export class ProviderSampler {
  private readonly usage = new Map<number, PidUsage>();
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;
  private readonly workDir: string;

  /** `pulumiHome`: sample the resource plugin installed there instead of dynamic-provider hosts. */
  constructor(
    workDir: string,
    private readonly intervalMs = 100,
    private readonly pulumiHome?: string,
  ) {
    this.workDir = fs.realpathSync(workDir);
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): ProcessUsage {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    const all = [...this.usage.values()];
    return {
      pids: [...this.usage.keys()],
      peakRssMb: Math.max(0, ...all.map((u) => u.hwmKb)) / 1024,
      cpuSeconds: all.reduce((sum, u) => sum + u.cpuTicks, 0) / clockTicksPerSecond(),
      samples: this.samples,
    };
  }

  /** Kills the provider processes of this stack (used when an operation overruns its time). */
  killProviders(): number[] {
    const pids = findProviderPids(this.workDir, this.pulumiHome);
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    return pids;
  }

  private sample(): void {
    this.samples++;
    let pids: number[];
    try {
      pids = findProviderPids(this.workDir, this.pulumiHome);
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        const hwmKb = parseHwmKb(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        const cpuTicks = parseCpuTicks(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
        const previous = this.usage.get(pid);
        this.usage.set(pid, {
          hwmKb: Math.max(previous?.hwmKb ?? 0, hwmKb),
          cpuTicks: Math.max(previous?.cpuTicks ?? 0, cpuTicks),
        });
      } catch {
        // Exited between the scan and the read.
      }
    }
  }
}
