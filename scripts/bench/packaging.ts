// The plugin's packaging, measured: for the copy of node_modules `make plugin` built before (the
// baseline, scripts/bench/copy-build.ts), the bundle with its sh launcher and the single
// executable, the archive's size packed and unpacked, the start-up (process start until it prints
// its port, as the engine waits for it) and a 2-member `pulumi preview` through it.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { buildPlugin } from "../build-plugin";
import { EngineStack } from "../lib/engine-stack";
import { launchOf, PLATFORMS } from "../plugin/platforms";
import { buildCopyOfNodeModules } from "./copy-build";
import { median, PACKAGING_LABEL, type Packaging, type PackagingResult } from "./packaging-report";
import { benchSeed, pluginBenchProgram } from "./world";

/** The one bench case that measures all three: BENCH_ONLY selects it by this label. */
export const PACKAGING_CASE_LABEL = "plugin packaging: copy of node_modules vs bundle vs single executable";

/** Whether this run measures the packaging, and how often: every run does unless BENCH_ONLY leaves it out. */
export function packagingPlan(settings: { quick: boolean; only?: RegExp }): { startups: number; previews: number } | undefined {
  if (settings.only && !settings.only.test(PACKAGING_CASE_LABEL)) return undefined;
  return settings.quick ? { startups: 10, previews: 2 } : { startups: 20, previews: 3 };
}

interface Candidate {
  packaging: Packaging;
  folder: string;
  tarball: string;
}

/** Bytes of every file under a folder (links not followed). */
export function folderBytes(dir: string): number {
  let sum = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    sum += entry.isDirectory() ? folderBytes(file) : fs.lstatSync(file).size;
  }
  return sum;
}

/** One start: from spawn until the first line on stdout (the port), then the process is stopped. */
function startupMs(executable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(executable, [], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let took: number | undefined;
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (took === undefined && stdout.includes("\n")) {
        took = Number(process.hrtime.bigint() - start) / 1e6;
        child.kill();
      }
    });
    child.on("error", reject);
    // Resolved once it is gone, so the next start does not share the machine with it.
    child.on("exit", (code) => (took === undefined ? reject(new Error(`${executable} exited (${code}) before printing a port: ${stderr}`)) : resolve(took)));
  });
}

async function previewTimes(candidate: Candidate, version: string, runs: number): Promise<number[]> {
  const emulator = await startEmulator({ seed: benchSeed(1), busyMs: 0 });
  let stack: EngineStack | undefined;
  try {
    stack = await EngineStack.create({
      projectName: "elb-bench-packaging",
      stackName: `packaging-${candidate.packaging}`,
      program: pluginBenchProgram(2, 1),
      config: { "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } },
    });
    await stack.cli(["plugin", "install", "resource", "elb", version, "--file", candidate.tarball]);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const preview = await stack.preview();
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (preview.changeSummary?.create !== 3) throw new Error(`the preview planned ${JSON.stringify(preview.changeSummary)}, expected 3 creates`);
    }
    return times;
  } finally {
    await stack?.dispose();
    await emulator.close();
  }
}

export async function measurePackaging(options: { startups: number; previews: number }, log: (line: string) => void): Promise<PackagingResult[]> {
  const copy = buildCopyOfNodeModules();
  const product = buildPlugin();
  const launcherPlatform = PLATFORMS.find((platform) => launchOf(platform) === "sh")!;
  const candidates: Candidate[] = [
    { packaging: "copy", folder: copy.folder, tarball: copy.tarball },
    // The sh launcher and the bundle are the same files in every such archive; this machine runs them.
    { packaging: "bundle", folder: product.folders[launcherPlatform], tarball: product.archives[launcherPlatform] },
  ];
  if (launchOf("linux-amd64") === "self-contained") {
    candidates.push({ packaging: "self-contained", folder: product.folders["linux-amd64"], tarball: product.archives["linux-amd64"] });
  }
  const results = new Map<Packaging, PackagingResult>(
    candidates.map((c) => [
      c.packaging,
      { packaging: c.packaging, packedBytes: fs.statSync(c.tarball).size, unpackedBytes: folderBytes(c.folder), startupMs: [], previewS: [] },
    ]),
  );
  // Round by round, each build once a round, so a busy moment of the machine falls on all alike.
  for (let round = 0; round < options.startups; round++) {
    for (const candidate of candidates) {
      const result = results.get(candidate.packaging)!;
      if (result.error) continue;
      try {
        result.startupMs.push(await startupMs(path.join(candidate.folder, "pulumi-resource-elb")));
      } catch (error) {
        result.error = `start-up: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  }
  for (const candidate of candidates) {
    const result = results.get(candidate.packaging)!;
    try {
      result.previewS = await previewTimes(candidate, product.version, options.previews);
    } catch (error) {
      result.error ??= `preview: ${error instanceof Error ? error.message.slice(0, 600) : String(error)}`;
    }
    log(
      `  ${PACKAGING_LABEL[candidate.packaging]}: start-up median ${median(result.startupMs).toFixed(0)} ms, ` +
        `preview median ${median(result.previewS).toFixed(2)} s${result.error ? `, FAILED ${result.error}` : ""}`,
    );
  }
  return [...results.values()];
}
