// Rendering of benchmark results: the terminal table, the targets with PASS/MISS,
// the markdown report and a hand-written SVG bar chart. Pure functions over CaseResult.
import type { Counters } from "../../emulator";
import type { CaseResult } from "./metrics";
import { COPY_PLUGIN_PEAK_MB_300 } from "./copy-build";
import { REAL_PEER_RUNS } from "./peer";
import { isPlain, MODE_LABEL, modeLabel, totalMembers } from "./plan";

// ---------------------------------------------------------------------------------------------
// Table

export const TABLE_HEADER = [
  "scenario",
  "mode",
  "N",
  "LBs",
  "parallel",
  "up s",
  "bound s",
  "ratio",
  "destroy s",
  "calls/member up",
  "calls/member destroy",
  "409s",
  "busy periods up",
  "peak MB",
  "own MB",
  "CPU s",
  "state B/res",
  "__provider B/res",
];

const fixed = (value: number | undefined, digits: number) => (value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits));

/** The provider's peak over up and destroy, MB; undefined where no provider of ours ran. */
export function peakMb(result: CaseResult): number | undefined {
  const peaks = [result.up?.provider?.peakRssMb, result.destroy?.provider?.peakRssMb].filter((mb): mb is number => mb !== undefined);
  return peaks.length > 0 ? Math.max(...peaks) : undefined;
}

/** The host's own peak per member count (a provider that does nothing, as many resources), MB. */
export type Baselines = Record<number, number>;

export function tableRow(result: CaseResult, defaultParallel: number, baselines?: Baselines): string[] {
  const { spec, up, destroy, state } = result;
  const sum = (a?: number, b?: number) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));
  return [
    spec.scenario,
    modeLabel(spec),
    spec.stacks ? `${spec.stacks} x ${spec.members}` : String(spec.members),
    String(spec.loadBalancers),
    result.parallel === undefined ? `default (${defaultParallel})` : String(result.parallel),
    fixed(up?.wallS, 1),
    fixed(result.lowerBoundS, 1),
    up ? fixed(up.wallS / result.lowerBoundS, 2) : "-",
    fixed(destroy?.wallS, 1),
    up ? fixed(up.calls.total / totalMembers(spec), 2) : "-",
    destroy ? fixed(destroy.calls.total / totalMembers(spec), 2) : "-",
    fixed(sum(up?.calls.conflicts409, destroy?.calls.conflicts409), 0),
    up ? String(up.calls.busyPeriods) : "-",
    fixed(peakMb(result), 1),
    fixed(ownMb(result, baselines), 1),
    fixed(sum(up?.provider?.cpuSeconds, destroy?.provider?.cpuSeconds), 2),
    state ? String(state.bytesPerResource) : "-",
    state ? String(state.providerBytesPerResource) : "-",
  ];
}

const NUMERIC_FROM = 2;

/** A plain text table: left-aligned text columns, right-aligned figures. */
export function renderTextTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= NUMERIC_FROM ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const escapeCell = (cell: string) => cell.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdownTable(header: string[], rows: string[][]): string {
  const align = header.map((_, i) => (i >= NUMERIC_FROM ? "---:" : "---"));
  return [header, align, ...rows].map((cells) => `| ${cells.map(escapeCell).join(" | ")} |`).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Targets

export type Verdict = "PASS" | "MISS" | "n/a";

export interface TargetOutcome {
  target: string;
  figure: string;
  verdict: Verdict;
}

/** What our provider adds to the host's own memory, MB. */
export function ownMb(result: CaseResult, baselines?: Baselines): number | undefined {
  // The baseline is the dynamic-provider host's; the plugin is a process of its own.
  if (result.spec.mode === "plugin") return undefined;
  const peak = peakMb(result);
  const baseline = baselines?.[result.spec.members];
  return peak === undefined || baseline === undefined ? undefined : peak - baseline;
}

/** The plain case (no drain or health gate, no recovery, no slow change, one stack) of this shape and mode. */
function find(results: CaseResult[], members: number, loadBalancers: number, mode: CaseResult["spec"]["mode"]): CaseResult | undefined {
  return results.find((r) => r.spec.members === members && r.spec.loadBalancers === loadBalancers && r.spec.mode === mode && isPlain(r.spec));
}

const verdict = (ok: boolean): Verdict => (ok ? "PASS" : "MISS");
const notRun = (target: string, why = "not run in this invocation"): TargetOutcome => ({ target, figure: why, verdict: "n/a" });

function routeSummary(calls: Counters): string {
  return Object.entries(calls)
    .filter(([route]) => !route.startsWith("GET "))
    .map(
      ([route, statuses]) =>
        `${route} ${Object.entries(statuses)
          .map(([s, n]) => `${s}x${n}`)
          .join(" ")}`,
    )
    .join("; ");
}

export function evaluateTargets(results: CaseResult[], busyMs: number, baselines?: Baselines): TargetOutcome[] {
  const out: TargetOutcome[] = [];
  const default100 = find(results, 100, 1, "default");
  const queue100 = find(results, 100, 1, "queue");
  const batch100 = find(results, 100, 1, "batch");
  const peer100 = find(results, 100, 1, "peer");

  const t1 = "default, 1 LB, N=100: up within 1.5 x the batch mode's up (parallel N)";
  if (default100?.up && batch100?.up) {
    const factor = default100.up.wallS / batch100.up.wallS;
    out.push({
      target: t1,
      figure: `${default100.up.wallS.toFixed(1)} s vs ${batch100.up.wallS.toFixed(1)} s = ${factor.toFixed(2)}x`,
      verdict: verdict(factor <= 1.5),
    });
  } else out.push(notRun(t1, default100 || batch100 ? "one of the two runs failed" : undefined));

  // Timings on a shared machine move by a few percent from run to run; 5 % is allowed for that.
  const t2 = "default never slower than the queue alone, at every N (up and destroy, 5 % noise allowed)";
  const pairs = results
    .filter((r) => r.spec.mode === "default" && isPlain(r.spec))
    .map((d) => ({ d, q: find(results, d.spec.members, d.spec.loadBalancers, "queue") }))
    .filter((p): p is { d: CaseResult; q: CaseResult } => p.q !== undefined && !!p.d.up && !!p.d.destroy && !!p.q.up && !!p.q.destroy);
  if (pairs.length > 0) {
    const ok = pairs.every(({ d, q }) => d.up!.wallS <= 1.05 * q.up!.wallS && d.destroy!.wallS <= 1.05 * q.destroy!.wallS);
    const figure = pairs
      .map(
        ({ d, q }) =>
          `${d.spec.scenario}: up ${d.up!.wallS.toFixed(1)} vs ${q.up!.wallS.toFixed(1)} s, destroy ${d.destroy!.wallS.toFixed(1)} vs ${q.destroy!.wallS.toFixed(1)} s`,
      )
      .join("; ");
    out.push({ target: t2, figure, verdict: verdict(ok) });
  } else out.push(notRun(t2));

  // Other stacks' changes are 409s no queue in this process can prevent.
  const t3 = "default: zero 409 responses (every case of one stack, up and destroy)";
  const ours = results.filter((r) => r.spec.mode === "default" && !r.spec.stacks && r.up && r.destroy);
  if (ours.length > 0) {
    const conflicts = ours.map((r) => ({ r, n: r.up!.calls.conflicts409 + r.destroy!.calls.conflicts409 }));
    out.push({
      target: t3,
      figure: conflicts.map(({ r, n }) => `${r.spec.scenario}${r.spec.zeroDowntime ? " drain/gate" : ""}: ${n}`).join(", "),
      verdict: verdict(conflicts.every(({ n }) => n === 0)),
    });
  } else out.push(notRun(t3));

  const t4 = "1 LB, N=100: the peer at least 10 x slower than the default (up)";
  if (default100?.up && peer100?.up) {
    const factor = peer100.up.wallS / default100.up.wallS;
    out.push({
      target: t4,
      figure: `${peer100.up.wallS.toFixed(1)} s vs ${default100.up.wallS.toFixed(1)} s = ${factor.toFixed(1)}x`,
      verdict: verdict(factor >= 10),
    });
  } else out.push(notRun(t4, default100 || peer100 ? "one of the two runs failed" : undefined));

  const t5 = "the peer within 25 % of the real peer's measured apply and destroy times and requests, at N=10 and N=100";
  const peerRuns = REAL_PEER_RUNS.map((real) => ({ real, ran: find(results, real.members, 1, "peer") })).filter((p) => p.ran?.up && p.ran.destroy);
  if (peerRuns.length > 0) {
    const within = (value: number, [low, high]: readonly [number, number]) => value >= 0.75 * low && value <= 1.25 * high;
    const checks = peerRuns.flatMap(({ real, ran }) => [
      { what: `N=${real.members} apply s`, value: ran!.up!.wallS, real: real.applyS },
      { what: `N=${real.members} apply requests`, value: ran!.up!.calls.total, real: real.applyRequests },
      { what: `N=${real.members} destroy s`, value: ran!.destroy!.wallS, real: real.destroyS },
      { what: `N=${real.members} destroy requests`, value: ran!.destroy!.calls.total, real: real.destroyRequests },
    ]);
    const range = ([low, high]: readonly [number, number]) => (low === high ? `${low}` : `${low}-${high}`);
    out.push({
      target: t5,
      figure:
        checks.map((c) => `${c.what} ${Number(c.value.toFixed(1))} (real ${range(c.real)})`).join(", ") +
        (peerRuns.length < REAL_PEER_RUNS.length ? "; not all N ran" : ""),
      verdict: verdict(peerRuns.length === REAL_PEER_RUNS.length && checks.every((c) => within(c.value, c.real))),
    });
  } else out.push(notRun(t5));

  const t6 = "N=300: our own memory above the host's baseline under 50 MB (every mode)";
  const at300 = results.filter((r) => r.spec.members === 300 && r.spec.mode !== "plugin" && peakMb(r) !== undefined);
  const baseline300 = baselines?.[300];
  if (at300.length > 0 && baseline300 !== undefined) {
    const own = at300.map((r) => ({ r, mb: ownMb(r, baselines)! }));
    const worst = own.reduce((a, b) => (b.mb > a.mb ? b : a));
    out.push({
      target: t6,
      figure: `max ${worst.mb.toFixed(1)} MB above the host's ${baseline300.toFixed(1)} MB with 300 resources (${worst.r.spec.scenario} ${MODE_LABEL[worst.r.spec.mode]}); ${own.map((o) => `${o.r.spec.scenario} ${o.r.spec.mode} ${o.mb.toFixed(1)}`).join(", ")}`,
      verdict: verdict(worst.mb < 50),
    });
  } else out.push(notRun(t6, at300.length > 0 ? "the host's baseline was not measured" : undefined));

  const tPlugin = "N=300, 1 LB: the resource plugin's peak memory at most the dynamic provider's (default settings)";
  const plugin300 = find(results, 300, 1, "plugin");
  const dynamic300 = find(results, 300, 1, "default");
  const [pluginPeak, dynamicPeak] = [plugin300 && peakMb(plugin300), dynamic300 && peakMb(dynamic300)];
  if (pluginPeak !== undefined && dynamicPeak !== undefined) {
    out.push({
      target: tPlugin,
      figure: `plugin ${pluginPeak.toFixed(1)} MB, dynamic provider ${dynamicPeak.toFixed(1)} MB (peak RSS of the provider process over up and destroy); plugin up ${plugin300!.up?.wallS.toFixed(1)} s, destroy ${plugin300!.destroy?.wallS.toFixed(1)} s`,
      verdict: verdict(pluginPeak <= dynamicPeak),
    });
  } else out.push(notRun(tPlugin));

  const tPluginBefore = `N=300, 1 LB: the resource plugin's peak memory no worse than when it was a copy of node_modules (${COPY_PLUGIN_PEAK_MB_300} MB)`;
  if (pluginPeak !== undefined) {
    out.push({
      target: tPluginBefore,
      figure: `${pluginPeak.toFixed(1)} MB (peak RSS of the plugin process over up and destroy)`,
      verdict: verdict(pluginPeak <= COPY_PLUGIN_PEAK_MB_300),
    });
  } else out.push(notRun(tPluginBefore));

  const t7 = "queue alone, 1 LB, N=100: up within 1.25 x (N x T) + 10 s, zero 409s, at most 3 calls per created member";
  if (queue100?.up && queue100.destroy) {
    const limit = 1.25 * ((100 * busyMs) / 1000) + 10;
    const conflicts = queue100.up.calls.conflicts409 + queue100.destroy.calls.conflicts409;
    const perMember = queue100.up.calls.total / 100;
    out.push({
      target: t7,
      figure: `${queue100.up.wallS.toFixed(1)} s (limit ${limit.toFixed(1)} s), ${conflicts} x 409, ${perMember.toFixed(2)} calls per member`,
      verdict: verdict(queue100.up.wallS <= limit && conflicts === 0 && perMember <= 3),
    });
  } else out.push(notRun(t7, queue100 ? `failed: ${queue100.error ?? "no figures"}` : undefined));

  const t8 = "1 LB, N=100, batching, parallel >= N: created in at most 3 busy periods";
  if (batch100?.up) {
    const periods = batch100.up.calls.busyPeriods;
    out.push({
      target: t8,
      figure: `${periods} busy periods (parallel ${batch100.parallel}); ${routeSummary(batch100.up.calls.byRoute)}`,
      verdict: verdict(periods <= 3),
    });
  } else out.push(notRun(t8, batch100 ? `failed: ${batch100.error ?? "no up figures"}` : undefined));

  const t10 = "`__provider` at most 2 KB per resource";
  const withState = results.filter((r) => r.state && r.state.resources > 0);
  if (withState.length > 0) {
    const maxBytes = Math.max(...withState.map((r) => r.state!.providerBytesPerResource));
    out.push({ target: t10, figure: `max ${maxBytes} B per resource (inputs + outputs copies)`, verdict: verdict(maxBytes <= 2048) });
  } else out.push(notRun(t10));

  const t11 = "1 LB, drain + health gate, parallel N: destroy within the default's destroy + one drain + 10 s, up within its up + the monitor's rise + 10 s";
  const gated = results.find((r) => r.spec.zeroDowntime && r.spec.loadBalancers === 1);
  const plain = gated && find(results, gated.spec.members, 1, "default");
  if (gated?.up && gated.destroy && plain?.up && plain.destroy) {
    const { drainSeconds, riseS } = gated.spec.zeroDowntime!;
    const destroyLimit = plain.destroy.wallS + drainSeconds + 10;
    const upLimit = plain.up.wallS + riseS + 10;
    out.push({
      target: t11,
      figure:
        `N=${gated.spec.members}, drain ${drainSeconds} s: destroy ${gated.destroy.wallS.toFixed(1)} s (API alone ${plain.destroy.wallS.toFixed(1)} s + ${drainSeconds} s = ` +
        `${(plain.destroy.wallS + drainSeconds).toFixed(1)} s); up ${gated.up.wallS.toFixed(1)} s (API alone ${plain.up.wallS.toFixed(1)} s + rise ${riseS} s)`,
      verdict: verdict(gated.destroy.wallS <= destroyLimit && gated.up.wallS <= upLimit),
    });
  } else out.push(notRun(t11, gated ? `failed: ${gated.error ?? plain?.error ?? "no figures for it or its plain default case"}` : undefined));

  const t13 = "recovery (adoptExisting, half the members already there): up within 1.5 x the same members' up into an empty pool (batching, parallel N)";
  const recoveries = results.filter((r) => r.spec.recovery);
  const compared = recoveries.map((r) => ({ r, normal: find(results, r.spec.members, r.spec.loadBalancers, r.spec.mode) }));
  if (compared.length > 0 && compared.every(({ r, normal }) => r.up && normal?.up)) {
    out.push({
      target: t13,
      figure: compared
        .map(
          ({ r, normal }) =>
            `${r.spec.scenario}, ${r.spec.recovery!.existing} existing: ${r.up!.wallS.toFixed(1)} s vs ${normal!.up!.wallS.toFixed(1)} s = ` +
            `${(r.up!.wallS / normal!.up!.wallS).toFixed(2)}x; ${routeSummary(r.up!.calls.byRoute)}`,
        )
        .join("; "),
      verdict: verdict(compared.every(({ r, normal }) => r.up!.wallS <= 1.5 * normal!.up!.wallS)),
    });
  } else out.push(notRun(t13, compared.length > 0 ? "a recovery run or the run it is compared with failed" : undefined));

  // One outlier costs about its own duration: the changes after it are timed by what the load
  // balancer does now, not by the outlier.
  const slowCases = results.filter((r) => r.spec.slowChange);
  const tSlow = "one slow change among N: up within the plain default's up + the slow change's own time + 1 s";
  if (slowCases.length === 0) out.push(notRun(tSlow));
  for (const slow of slowCases) {
    const plain = find(results, slow.spec.members, slow.spec.loadBalancers, "default");
    const target = tSlow.replace("among N", `(${slow.spec.slowChange!.ms / 1000} s) among ${slow.spec.members}`);
    if (slow.up && plain?.up) {
      const extraS = slow.up.wallS - plain.up.wallS;
      const limitS = slow.spec.slowChange!.ms / 1000 + 1;
      out.push({
        target,
        figure: `${slow.up.wallS.toFixed(1)} s against ${plain.up.wallS.toFixed(1)} s: ${extraS.toFixed(1)} s more (limit ${limitS.toFixed(1)} s); ${slow.up.calls.byRoute["GET /v2.0/lbaas/loadbalancers/{loadbalancer_id}"]?.["200"] ?? 0} load balancer reads for ${slow.up.calls.busyPeriods} changes`,
        verdict: verdict(!slow.error && extraS <= limitS),
      });
    } else
      out.push(notRun(target, slow.up || plain ? `failed: ${slow.error ?? plain?.error ?? "no up figures for it or for the plain default case"}` : undefined));
  }

  // Several stacks on one load balancer: it is never left idle for long while one of them waits.
  // Set where the load balancer's time dwarfs the engines' own start and finish (a few seconds
  // with three engines on a small machine): from N=100, 60 s at T = 200 ms.
  const shared = results.filter((r) => r.spec.stacks);
  const tShared =
    "S stacks x N members on one load balancer, started together: all members made, the last up done within 1.3 x the load balancer time of their changes (S x N x T)";
  if (shared.length === 0) out.push(notRun(tShared));
  for (const r of shared) {
    const target = tShared.replace("S stacks x N", `${r.spec.stacks} stacks x ${r.spec.members}`);
    if (r.up) {
      const limitS = 1.3 * r.lowerBoundS;
      const perStack = r.notes.find((note) => note.startsWith("up: "));
      const figure =
        `${r.up.wallS.toFixed(1)} s (limit ${limitS.toFixed(1)} s = 1.3 x ${r.lowerBoundS.toFixed(1)} s)${perStack ? `, ${perStack.slice(4)}` : ""}; ` +
        `${r.up.calls.busyPeriods} changes applied, ${r.up.calls.conflicts409} x 409, ${r.up.calls.byRoute["GET /v2.0/lbaas/loadbalancers/{loadbalancer_id}"]?.["200"] ?? 0} load balancer reads`;
      if (r.spec.members < 100) out.push(notRun(target, `set from N=100, where the load balancer's time dominates; ${figure}`));
      else out.push({ target, figure, verdict: verdict(!r.error && r.up.wallS <= limitS) });
    } else out.push(notRun(target, `failed: ${r.error ?? "no up figures"}`));
  }

  const t12 = "preview of N=300 unchanged members makes zero mutating calls";
  const previews300 = results.filter((r) => r.spec.members === 300 && r.preview);
  if (previews300.length > 0) {
    const total = previews300.reduce((sum, r) => sum + r.preview!.calls.mutating, 0);
    out.push({
      target: t12,
      figure: previews300.map((r) => `${r.spec.scenario} ${r.spec.mode}: ${r.preview!.calls.mutating} mutating of ${r.preview!.calls.total} calls`).join("; "),
      verdict: verdict(total === 0),
    });
  } else out.push(notRun(t12));
  return out;
}

// ---------------------------------------------------------------------------------------------
// SVG chart: one horizontal bar per case (up wall time), a dashed mark at its serial lower bound.

const MODE_COLOR: Record<CaseResult["spec"]["mode"], string> = {
  default: "#6a3d9a",
  queue: "#2f6fb0",
  batch: "#3a9a5b",
  peer: "#c2562f",
  plugin: "#b8860b",
};

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A tick step of 1, 2 or 5 times a power of ten giving at most `maxTicks` intervals. */
export function niceStep(max: number, maxTicks = 8): number {
  if (!(max > 0)) return 1;
  const raw = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

export function renderSvg(results: CaseResult[], title: string): string {
  const labelWidth = 250;
  const plotWidth = 560;
  const right = 120;
  const rowHeight = 26;
  const top = 54;
  const width = labelWidth + plotWidth + right;
  const height = top + results.length * rowHeight + 50;
  const maxValue = Math.max(1, ...results.map((r) => Math.max(r.up?.wallS ?? 0, r.lowerBoundS)));
  const step = niceStep(maxValue);
  const axisMax = Math.ceil(maxValue / step) * step;
  const x = (seconds: number) => labelWidth + (seconds / axisMax) * plotWidth;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  // Legend.
  let legendX = labelWidth;
  for (const mode of Object.keys(MODE_COLOR) as (keyof typeof MODE_COLOR)[]) {
    parts.push(`<rect x="${legendX}" y="30" width="12" height="12" fill="${MODE_COLOR[mode]}"/>`);
    parts.push(`<text x="${legendX + 16}" y="40">${escapeXml(MODE_LABEL[mode])}</text>`);
    legendX += 130;
  }
  parts.push(`<line x1="${legendX}" y1="36" x2="${legendX + 14}" y2="36" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>`);
  parts.push(`<text x="${legendX + 18}" y="40">serial lower bound (changes x T)</text>`);
  // Grid and axis.
  const plotBottom = top + results.length * rowHeight;
  for (let t = 0; t <= axisMax + 1e-9; t += step) {
    const gx = x(t).toFixed(1);
    parts.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${plotBottom}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${gx}" y="${plotBottom + 16}" text-anchor="middle" fill="#444">${Number(t.toFixed(6))}</text>`);
  }
  parts.push(`<text x="${labelWidth + plotWidth / 2}" y="${plotBottom + 36}" text-anchor="middle" fill="#444">pulumi up wall time, seconds</text>`);
  results.forEach((r, i) => {
    const y = top + i * rowHeight;
    const label = `${r.spec.scenario} ${modeLabel(r.spec)}`;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeXml(label)}</text>`);
    if (r.up) {
      const w = Math.max(1, x(r.up.wallS) - labelWidth);
      parts.push(`<rect x="${labelWidth}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowHeight - 10}" fill="${MODE_COLOR[r.spec.mode]}"/>`);
      const ratio = r.lowerBoundS > 0 ? ` (${(r.up.wallS / r.lowerBoundS).toFixed(2)}x)` : "";
      parts.push(`<text x="${(labelWidth + w + 5).toFixed(1)}" y="${y + 17}">${r.up.wallS.toFixed(1)} s${ratio}</text>`);
    } else {
      parts.push(`<text x="${labelWidth + 5}" y="${y + 17}" fill="#b00020">failed</text>`);
    }
    const bx = x(r.lowerBoundS).toFixed(1);
    parts.push(`<line x1="${bx}" y1="${y + 2}" x2="${bx}" y2="${y + rowHeight - 2}" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>`);
  });
  parts.push(`<line x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${plotBottom}" stroke="#444"/>`);
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// Markdown report

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  pulumi: string;
  pulumiSdk: string;
  kernel: string;
  commit: string;
}

export interface ReportInput {
  startedAt: Date;
  durationS: number;
  busyMs: number;
  latencyMs: number;
  defaultParallel: number;
  /** The dynamic-provider host's peak with a provider that does nothing, per member count, MB. */
  baselines?: Baselines;
  quick: boolean;
  machine: MachineFacts;
  results: CaseResult[];
  svgFile: string;
  /** Markdown sections of other measurements (the plugin's packaging), after the targets. */
  sections?: string[];
}

function statusList(statuses: Record<string, number> | undefined): string {
  if (!statuses) return "";
  return Object.entries(statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(", ");
}

function callsByRoute(result: CaseResult): string {
  const phases = [
    ["up", result.up?.calls.byRoute],
    ["preview", result.preview?.calls.byRoute],
    ["destroy", result.destroy?.calls.byRoute],
  ] as const;
  const routes = [...new Set(phases.flatMap(([, c]) => Object.keys(c ?? {})))].sort();
  if (routes.length === 0) return "_no calls recorded_";
  const rows = routes.map((route) => [route, ...phases.map(([, c]) => statusList(c?.[route]))]);
  return ["| route | up | preview | destroy |", "|---|---|---|---|", ...rows.map((cells) => `| ${cells.map(escapeCell).join(" | ")} |`)].join("\n");
}

function caseDetails(result: CaseResult): string {
  const { spec, up, destroy, preview } = result;
  const lines = [`### ${spec.scenario}, ${modeLabel(spec)}`, ""];
  if (result.error) lines.push(`**Failed** — ${result.error}`, "");
  const phaseLine = (name: string, p: typeof up) =>
    p
      ? `- ${name}: ${p.wallS.toFixed(1)} s, ${p.calls.total} ELB calls (${(p.calls.total / totalMembers(spec)).toFixed(2)} per member), ` +
        `${p.calls.conflicts409} x 409, ${p.calls.busyPeriods} busy periods (applied changes), engine: ${JSON.stringify(p.changes)}, ` +
        (p.provider
          ? `provider ${p.provider.peakRssMb.toFixed(1)} MB peak, ${p.provider.cpuSeconds.toFixed(2)} s CPU (pids ${p.provider.pids.join(", ") || "none seen"})`
          : "no provider of ours")
      : `- ${name}: no figures`;
  lines.push(phaseLine("up", up));
  lines.push(
    preview
      ? `- preview of the unchanged stack: ${preview.wallS.toFixed(1)} s, ${preview.calls.total} ELB calls, ${preview.calls.mutating} mutating, plan ${JSON.stringify(preview.changeSummary)}`
      : "- preview: no figures",
  );
  lines.push(phaseLine("destroy", destroy));
  if (result.state) {
    lines.push(
      `- state: ${result.state.resources} PoolMember resources, ${result.state.bytesPerResource} B each, \`__provider\` ${result.state.providerBytesPerResource} B each`,
    );
  }
  for (const note of result.notes) lines.push(`- note: ${note}`);
  lines.push("", callsByRoute(result), "");
  return lines.join("\n");
}

export function formatBaselines(baselines?: Baselines): string {
  if (!baselines || Object.keys(baselines).length === 0) return "not measured";
  return Object.entries(baselines)
    .map(([members, mb]) => `${mb.toFixed(1)} MB for ${members}`)
    .join(", ");
}

export function renderMarkdown(input: ReportInput, targets: TargetOutcome[]): string {
  const { machine, results } = input;
  const rows = results.map((r) => tableRow(r, input.defaultParallel, input.baselines));
  const failures = results.filter((r) => r.error);
  const lines = [
    `# ELB pool member benchmark, ${input.startedAt.toISOString()}`,
    "",
    `${input.quick ? "Quick smoke run (BENCH_QUICK=1: N=10 only). " : ""}` +
      `Busy time T = ${input.busyMs} ms per applied change, emulator latency ${input.latencyMs} ms per request, ` +
      `${results.length} cases in ${(input.durationS / 60).toFixed(1)} min. Each case: a fresh emulator and a fresh stack; ` +
      "`pulumi up`, a `pulumi preview` of the unchanged stack, `pulumi destroy`, through the real CLI (Automation API).",
    "",
    "## Results",
    "",
    renderMarkdownTable(TABLE_HEADER, rows),
    "",
    `![up wall time per case against the serial lower bound](${input.svgFile})`,
    "",
    "Columns: *bound* is the serial lower bound, changes x T per load balancer (ceil(N / LBs) x T); *ratio* = up / bound. " +
      "*calls/member* counts every ELB v2.0 request the emulator answered (any status) divided by N. *409s* are those in up and destroy. " +
      "*busy periods* = mutating requests that were applied (2xx): each opens one PENDING_UPDATE window on its load balancer and a batch PUT counts once, " +
      "so this is the number of busy windows. *peak MB* is the highest VmHWM of the dynamic-provider process over up and destroy; " +
      `*own MB* is that minus the same host's peak serving a provider that does nothing for as many resources (${formatBaselines(input.baselines)}); *CPU s* its utime + stime over both, ` +
      "sampled from /proc every 100 ms. *state B/res* is the mean JSON size of one PoolMember in `pulumi stack export`; *__provider B/res* its `__provider` inputs + outputs copies.",
    "",
    `Engine parallelism: *default* means no \`--parallel\` flag; the pulumi CLI then uses 4 x CPUs (here ${input.defaultParallel}, as \`pulumi up --help\` shows). ` +
      "Batching runs pass `--parallel N` so the engine hands over every member at once. Modes: *ours (default)* sets nothing (the queue, and batching of changes that wait " +
      "behind another); *ours (queue only)* sets `elb:batchChanges` false; *ours+batching* sets it true with `--parallel N`; *terraform peer* is not our provider but " +
      "terraform-provider-opentelekomcloud's measured behaviour replayed call for call against the same emulator at parallelism 10 (scripts/bench/peer.ts), no preview. " +
      "*+ recovery* is the README's recovery after an interrupted `up`: half the members already exist (with the program's values) and `elb:adoptExisting` is set; " +
      "it is compared with the same members' `up` into an empty pool.",
    "",
    "## Targets",
    "",
    "| target | figure | result |",
    "|---|---|---|",
    ...targets.map(
      (t) => `| ${escapeCell(t.target)} | ${escapeCell(t.figure)} | ${t.verdict === "PASS" ? "PASS" : t.verdict === "MISS" ? "**MISS**" : "n/a"} |`,
    ),
    "",
    "The peer runs at N=10 and N=100, where the real one was measured; at N=300 it would take most of the bench's time.",
    "",
    ...(input.sections ?? []),
    "## Machine",
    "",
    `- CPUs: ${machine.cpus} (${machine.cpuModel}), memory ${machine.memoryGb.toFixed(1)} GB, kernel ${machine.kernel}`,
    `- node ${machine.node}, pulumi CLI ${machine.pulumi}, @pulumi/pulumi ${machine.pulumiSdk}`,
    `- commit ${machine.commit}`,
    "- The emulator runs in the bench's own process (together with the inline program's language host); other work on the machine affects the timings.",
    "",
  ];
  if (failures.length > 0) {
    lines.push("## Failures", "");
    for (const r of failures) lines.push(`- ${r.spec.scenario} ${modeLabel(r.spec)}: ${escapeCell(r.error!)}`);
    lines.push("");
  }
  lines.push("## Per case", "", ...results.map(caseDetails));
  return lines.join("\n");
}
