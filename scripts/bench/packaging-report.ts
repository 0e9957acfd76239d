// The packaging case's table and targets, in the shape of the rest of the report (report.ts).
// Pure functions over the figures scripts/bench/packaging.ts measures.
import { COPY_ARCHIVE_MB } from "./copy-build";
import type { TargetOutcome } from "./report";

export type Packaging = "copy" | "bundle" | "self-contained";

export const PACKAGING_LABEL: Record<Packaging, string> = {
  copy: "copy of node_modules (before)",
  bundle: "bundle + sh launcher",
  "self-contained": "single executable",
};

export interface PackagingResult {
  packaging: Packaging;
  packedBytes: number;
  unpackedBytes: number;
  /** Start-up of each run, ms, in the order run. */
  startupMs: number[];
  /** Wall time of each 2-member preview, s. */
  previewS: number[];
  error?: string;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const PACKAGING_HEADER = [
  "plugin build",
  "packed MB",
  "unpacked MB",
  "start-up ms (median)",
  "start-up ms (min-max)",
  "runs",
  "2-member preview s (median)",
  "previews",
];

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export function packagingRows(results: PackagingResult[]): string[][] {
  return results.map((r) => [
    PACKAGING_LABEL[r.packaging],
    mb(r.packedBytes),
    mb(r.unpackedBytes),
    r.startupMs.length > 0 ? median(r.startupMs).toFixed(0) : "-",
    r.startupMs.length > 0 ? `${Math.min(...r.startupMs).toFixed(0)}-${Math.max(...r.startupMs).toFixed(0)}` : "-",
    String(r.startupMs.length),
    r.previewS.length > 0 ? median(r.previewS).toFixed(2) : "-",
    String(r.previewS.length),
  ]);
}

export function packagingTargets(results: PackagingResult[]): TargetOutcome[] {
  const out: TargetOutcome[] = [];
  const copy = results.find((r) => r.packaging === "copy");
  const verdict = (ok: boolean): TargetOutcome["verdict"] => (ok ? "PASS" : "MISS");
  for (const r of results.filter((r) => r.packaging !== "copy")) {
    const label = PACKAGING_LABEL[r.packaging];
    const startup = `plugin start-up, ${label}: process start until it prints its port, at most half the copy of node_modules's (median)`;
    if (copy && copy.startupMs.length > 0 && r.startupMs.length > 0) {
      const [mine, old] = [median(r.startupMs), median(copy.startupMs)];
      out.push({ target: startup, figure: `${mine.toFixed(0)} ms vs ${old.toFixed(0)} ms = ${(mine / old).toFixed(2)}x`, verdict: verdict(mine <= old / 2) });
    } else out.push({ target: startup, figure: r.error ?? copy?.error ?? "not measured", verdict: "n/a" });

    // Timings on a shared machine move by a few percent from run to run; 5 % is allowed for that.
    const preview = `2-member pulumi preview through the plugin, ${label}: no slower than through the copy of node_modules (median, 5 % noise allowed)`;
    if (copy && copy.previewS.length > 0 && r.previewS.length > 0) {
      const [mine, old] = [median(r.previewS), median(copy.previewS)];
      out.push({ target: preview, figure: `${mine.toFixed(2)} s vs ${old.toFixed(2)} s = ${(mine / old).toFixed(2)}x`, verdict: verdict(mine <= 1.05 * old) });
    } else out.push({ target: preview, figure: r.error ?? copy?.error ?? "not measured", verdict: "n/a" });

    const size = `archive size, ${label}: packed and unpacked below the copy of node_modules's ${COPY_ARCHIVE_MB.packed} MB / ${COPY_ARCHIVE_MB.unpacked} MB`;
    const [packed, unpacked] = [r.packedBytes / 2 ** 20, r.unpackedBytes / 2 ** 20];
    const measured = copy ? `; the copy measured now: ${mb(copy.packedBytes)} MB / ${mb(copy.unpackedBytes)} MB` : "";
    const node = r.packaging === "self-contained" ? " (Node.js itself is most of it: the price of needing none on the machine)" : "";
    out.push({
      target: size,
      figure: `${packed.toFixed(1)} MB packed, ${unpacked.toFixed(1)} MB unpacked${node}${measured}`,
      verdict: verdict(packed < COPY_ARCHIVE_MB.packed && unpacked < COPY_ARCHIVE_MB.unpacked),
    });
  }
  return out;
}

/** The packaging section of the markdown report. */
export function renderPackagingSection(results: PackagingResult[], table: (header: string[], rows: string[][]) => string): string {
  return [
    "## Plugin packaging",
    "",
    table(PACKAGING_HEADER, packagingRows(results)),
    "",
    "*start-up*: from spawning the plugin (its launcher or executable, no arguments) until it prints the port it listens on, which is what the engine waits " +
      "for; the builds take turns, one start each per round. *2-member preview*: `pulumi preview` of a new stack with 2 members through the installed plugin " +
      "(the engine starts the plugin for each). *copy of node_modules* is the plugin as `make plugin` built it before (scripts/bench/copy-build.ts).",
    ...results.filter((r) => r.error).map((r) => `\n- ${PACKAGING_LABEL[r.packaging]} failed: ${r.error}`),
    "",
  ].join("\n");
}
