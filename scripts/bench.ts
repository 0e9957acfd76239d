// `make bench`: PoolMember at scale through the real pulumi CLI against the ELB emulator.
// For each case (N members over K load balancers, one provider mode) it starts a fresh emulator
// with busy time T per change and a per-request latency, runs `pulumi up`, a preview of the
// unchanged stack and `pulumi destroy`, and measures wall time, ELB calls, 409s, the provider
// process's memory and CPU, and state size. Prints a table and writes
// results/bench-<timestamp>.md with an SVG chart beside it.
//
// Environment: BENCH_QUICK=1 (N=10 only), BENCH_BUSY_MS (T, default 200), BENCH_LATENCY_MS
// (default 5), BENCH_PHASE_TIMEOUT_S (per operation; default 120 s + 20 x the serial bound),
// BENCH_ONLY (a regular expression over case labels such as "N=100/1LB ours (queue)", or
// "plugin packaging" for the plugin's size, start-up and preview by build: scripts/bench/packaging.ts).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toolchainDir } from "./lib/toolchain";
import type { CaseResult } from "./bench/metrics";
import { benchPlan, caseLabel, settingsFromEnv } from "./bench/plan";
import {
  Baselines,
  evaluateTargets,
  MachineFacts,
  renderMarkdown,
  renderMarkdownTable,
  renderSvg,
  renderTextTable,
  TABLE_HEADER,
  tableRow,
} from "./bench/report";
import { measureHostBaseline } from "./bench/host-baseline";
import { runCase } from "./bench/run-case";
import { measurePackaging, PACKAGING_CASE_LABEL, packagingPlan } from "./bench/packaging";
import { PACKAGING_HEADER, packagingRows, packagingTargets, renderPackagingSection, type PackagingResult } from "./bench/packaging-report";

const repoRoot = path.resolve(__dirname, "..", "..");

function tryRun(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

function machineFacts(): MachineFacts {
  const sdkPackage = path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json");
  const dirty = tryRun("git", ["-C", repoRoot, "status", "--porcelain"]);
  const commit = tryRun("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"]);
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    pulumi: tryRun(path.join(toolchainDir(), "bin", "pulumi"), ["version"]),
    pulumiSdk: fs.existsSync(sdkPackage) ? JSON.parse(fs.readFileSync(sdkPackage, "utf8")).version : "unknown",
    kernel: `${os.type()} ${os.release()}`,
    commit: `${commit}${dirty && dirty !== "unknown" ? " with uncommitted changes in the working tree" : ""}`,
  };
}

/** What the CLI uses without --parallel: it prints its default in `pulumi up --help`. */
function cliDefaultParallel(): number {
  const help = tryRun(path.join(toolchainDir(), "bin", "pulumi"), ["up", "--help"]);
  const match = /--parallel\b.*\(default (\d+)\)/.exec(help);
  return match ? Number(match[1]) : 4 * os.availableParallelism();
}

function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

async function main(): Promise<void> {
  const settings = settingsFromEnv(process.env);
  const plan = benchPlan(settings);
  const packaging = packagingPlan(settings);
  if (plan.length === 0 && !packaging) throw new Error("no case matches BENCH_ONLY");
  const startedAt = new Date();
  const machine = machineFacts();
  const defaultParallel = cliDefaultParallel();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `ELB bench: ${plan.length + (packaging ? 1 : 0)} cases, T = ${settings.busyMs} ms busy per change, ${settings.latencyMs} ms latency per request, ` +
      `${machine.cpus} CPUs, node ${machine.node}, pulumi ${machine.pulumi}, CLI default parallel ${defaultParallel}`,
  );

  // The host's own memory grows with the resources it serves: one baseline per member count.
  const baselines: Baselines = {};
  for (const members of [...new Set(plan.filter((spec) => spec.mode !== "peer").map((spec) => spec.members))].sort((a, b) => a - b)) {
    try {
      baselines[members] = (await measureHostBaseline(members)).peakRssMb;
      say(`dynamic-provider host with a provider that does nothing, ${members} resources: ${baselines[members].toFixed(1)} MB peak`);
    } catch (error) {
      say(`the host's baseline for ${members} resources could not be measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  let packagingResults: PackagingResult[] = [];
  if (packaging) {
    say(`[packaging] ${PACKAGING_CASE_LABEL}: ${packaging.startups} starts and ${packaging.previews} previews each`);
    packagingResults = await measurePackaging(packaging, say);
  }

  const results: CaseResult[] = [];
  for (const [index, spec] of plan.entries()) {
    say(`[${index + 1}/${plan.length}] ${caseLabel(spec)}${spec.parallel ? `, parallel ${spec.parallel}` : ""}`);
    results.push(await runCase(spec, settings, say));
  }
  const durationS = (Date.now() - startedAt.getTime()) / 1000;

  const rows = results.map((r) => tableRow(r, defaultParallel, baselines));
  const targets = [...(plan.length > 0 ? evaluateTargets(results, settings.busyMs, baselines) : []), ...packagingTargets(packagingResults)];
  say("");
  if (plan.length > 0) say(renderTextTable(TABLE_HEADER, rows));
  if (packagingResults.length > 0) say(`\n${renderTextTable(PACKAGING_HEADER, packagingRows(packagingResults))}`);
  for (const r of results.filter((r) => r.error)) say(`FAILED ${caseLabel(r.spec)}: ${r.error!.slice(0, 400)}`);
  say("");
  for (const t of targets) say(`${t.verdict.padEnd(4)}  ${t.target}: ${t.figure}`);

  const resultsDir = path.join(repoRoot, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const base = `bench-${timestamp(startedAt)}${settings.quick ? "-quick" : ""}`;
  const svgFile = `${base}.svg`;
  const title = `pulumi up wall time, T = ${settings.busyMs} ms, latency ${settings.latencyMs} ms`;
  fs.writeFileSync(path.join(resultsDir, svgFile), renderSvg(results, title));
  const markdown = renderMarkdown(
    {
      startedAt,
      durationS,
      busyMs: settings.busyMs,
      latencyMs: settings.latencyMs,
      defaultParallel,
      baselines,
      quick: settings.quick,
      machine,
      results,
      svgFile,
      sections: packagingResults.length > 0 ? [renderPackagingSection(packagingResults, renderMarkdownTable)] : [],
    },
    targets,
  );
  fs.writeFileSync(path.join(resultsDir, `${base}.md`), markdown);
  say("");
  say(`report: ${path.join(resultsDir, `${base}.md`)}`);
  say(`chart:  ${path.join(resultsDir, svgFile)}`);
  const failed = results.filter((r) => r.error).length + packagingResults.filter((r) => r.error).length;
  say(`${results.length + (packaging ? 1 : 0)} cases in ${(durationS / 60).toFixed(1)} min, ${failed} failed`);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
