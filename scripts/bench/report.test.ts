import { callFigures, CaseResult, stateFigures } from "./metrics";
import { benchPlan, serialLowerBoundS, totalMembers } from "./plan";
import { parseCpuTicks, parseHwmKb, isDynamicProviderHost, isPluginProcess } from "./proc-sampler";
import { escapeXml, evaluateTargets, niceStep, renderMarkdownTable, renderSvg, renderTextTable } from "./report";

const usage = { pids: [1], peakRssMb: 80, cpuSeconds: 2, samples: 10 };

function result(partial: Partial<CaseResult> & Pick<CaseResult, "spec">): CaseResult {
  return { busyMs: 200, latencyMs: 5, lowerBoundS: serialLowerBoundS(partial.spec.members, partial.spec.loadBalancers, 200), notes: [], ...partial };
}

function phase(wallS: number, counters: Record<string, Record<string, number>>) {
  return { wallS, calls: callFigures(counters), provider: usage, changes: {} };
}

describe("bench helpers", () => {
  test("call figures count ELB routes only, 409s, and applied changes as busy periods", () => {
    const figures = callFigures({
      "GET /v2.0/lbaas/loadbalancers/{loadbalancer_id}": { "200": 10 },
      "POST /v2.0/lbaas/pools/{pool_id}/members": { "201": 4, "409": 2 },
      "PUT /v2.0/lbaas/pools/{pool_id}/members": { "202": 1 },
      auth: { token_issued: 3 },
      unmatched: { "404": 1 },
    });
    expect(figures).toMatchObject({ total: 17, conflicts409: 2, mutating: 7, busyPeriods: 5 });
    expect(Object.keys(figures.byRoute)).toHaveLength(3);
  });

  test("state figures average PoolMember resources and both __provider copies", () => {
    const provider = "x".repeat(100);
    const figures = stateFigures([
      { type: "pulumi:pulumi:Stack" },
      { type: "pulumi-nodejs:dynamic/elb:PoolMember", inputs: { __provider: provider }, outputs: { __provider: provider } },
    ]);
    expect(figures.resources).toBe(1);
    expect(figures.providerBytesPerResource).toBe(200);
    expect(figures.bytesPerResource).toBeGreaterThan(200);
  });

  test("/proc parsing: VmHWM, utime + stime with a spaced command name, provider host detection", () => {
    expect(parseHwmKb("Name:\tnode\nVmHWM:\t  51200 kB\nVmRSS:\t 40000 kB\n")).toBe(51200);
    const stat = "4242 (node a) S 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 11";
    expect(parseCpuTicks(stat)).toBe(175);
    expect(isDynamicProviderHost(["node", "/r/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:1"])).toBe(true);
    expect(isDynamicProviderHost(["node", "-e", "require.resolve('@pulumi/pulumi/cmd/dynamic-provider')"])).toBe(false);
  });

  test("the plugin: its process is found under the stack's PULUMI_HOME, its resources counted, its memory set beside the dynamic provider's", () => {
    expect(isPluginProcess(["node", "/tmp/s/home/plugins/resource-elb-v0.1.0/dist/plugin/main.js", "127.0.0.1:1"], "/tmp/s/home")).toBe(true);
    expect(isPluginProcess(["node", "/tmp/other/home/plugins/resource-elb-v0.1.0/dist/plugin/main.js"], "/tmp/s/home")).toBe(false);
    expect(isPluginProcess(["node", "/tmp/s/home/plugins/resource-elb-v0.1.0/pulumi-resource-elb.js", "127.0.0.1:1"], "/tmp/s/home")).toBe(true);
    expect(isPluginProcess(["/tmp/s/home/plugins/resource-elb-v0.1.0/pulumi-resource-elb", "127.0.0.1:1"], "/tmp/s/home")).toBe(true);
    expect(isPluginProcess(["/bin/sh", "/tmp/s/home/plugins/resource-elb-v0.1.0/pulumi-resource-elb", "127.0.0.1:1"], "/tmp/s/home")).toBe(false);
    expect(isPluginProcess(["/tmp/other/home/plugins/resource-elb-v0.1.0/pulumi-resource-elb"], "/tmp/s/home")).toBe(false);
    expect(stateFigures([{ type: "elb:index:PoolMember", inputs: { weight: 1 }, outputs: { weight: 1 } }]).resources).toBe(1);
    const spec = (mode: CaseResult["spec"]["mode"]) => ({ scenario: "N=300/1LB", members: 300, loadBalancers: 1, mode });
    const withPeak = (mb: number) => ({ ...phase(10, {}), provider: { ...usage, peakRssMb: mb } });
    const outcome = (pluginMb: number) =>
      evaluateTargets(
        [
          result({ spec: spec("default"), up: withPeak(160), destroy: withPeak(150) }),
          result({ spec: spec("plugin"), up: withPeak(pluginMb), destroy: withPeak(90) }),
        ],
        200,
        { 300: 140 },
      ).find((t) => t.target.includes("resource plugin's peak memory"))!;
    expect(outcome(100)).toMatchObject({ verdict: "PASS", figure: expect.stringContaining("plugin 100.0 MB, dynamic provider 160.0 MB") });
    expect(outcome(170).verdict).toBe("MISS");
    // The dynamic host's baseline says nothing of the plugin's process: no "own MB" for it.
    const own = evaluateTargets([result({ spec: spec("plugin"), up: withPeak(300), destroy: withPeak(300) })], 200, { 300: 140 }).find((t) =>
      t.target.startsWith("N=300: our own memory"),
    )!;
    expect(own.verdict).toBe("n/a");
  });

  test("the plan: quick runs N=10 only; the comparison mode is not run at N=300", () => {
    expect(benchPlan({ quick: true }).every((c) => c.members === 10)).toBe(true);
    const full = benchPlan({ quick: false });
    expect(full.filter((c) => c.members === 300 && c.mode === "peer")).toEqual([]);
    expect(full.filter((c) => c.mode === "batch").every((c) => (c.parallel ?? 0) >= c.members)).toBe(true);
    // The peer at the parallelism it was measured at; the default at the CLI's own.
    expect(full.filter((c) => c.mode === "peer").map((c) => [c.members, c.parallel])).toEqual([
      [10, 10],
      [100, 10],
    ]);
    expect(full.filter((c) => c.mode === "default" && !c.zeroDowntime).every((c) => c.parallel === undefined)).toBe(true);
    // Every N the default runs at, the queue alone runs at too, so the two can be compared.
    for (const d of full.filter((c) => c.mode === "default" && !c.zeroDowntime)) {
      expect(full.some((c) => c.mode === "queue" && c.members === d.members && c.loadBalancers === d.loadBalancers)).toBe(true);
    }
    expect(benchPlan({ quick: false, only: /N=100\/1LB/ }).map((c) => c.mode)).toEqual(["default", "queue", "batch", "peer", "default", "batch"]);
    // Recovery beside the batching case it is compared with, at every size it runs, quick too.
    for (const quick of [true, false]) {
      const plan = benchPlan({ quick });
      const recoveries = plan.filter((c) => c.recovery);
      expect(recoveries).toHaveLength(1);
      for (const r of recoveries) {
        expect(r).toMatchObject({ mode: "batch", parallel: r.members, recovery: { existing: r.members / 2 } });
        expect(plan.some((c) => c.mode === "batch" && !c.recovery && c.members === r.members && c.parallel === r.parallel)).toBe(true);
      }
    }
    // The drain and health gate case: N=100, a 30 s drain, the engine's parallelism at N so drains overlap.
    expect(full.filter((c) => c.zeroDowntime)).toEqual([
      expect.objectContaining({ members: 100, parallel: 100, zeroDowntime: { drainSeconds: 30, riseS: 2 } }),
    ]);
  });

  test("the plan: one slow change among N (default settings) and three stacks of N on one load balancer (the queue alone), at N=10 quick and N=100 in full", () => {
    const rows = (quick: boolean) => benchPlan({ quick }).filter((c) => c.slowChange || c.stacks);
    expect(rows(true)).toEqual([
      expect.objectContaining({ scenario: "one slow change among 10", members: 10, mode: "default", slowChange: { ms: 5_000, after: 2 } }),
      expect.objectContaining({ scenario: "3 stacks x 10 members on one load balancer", members: 10, stacks: 3, mode: "queue" }),
    ]);
    expect(rows(false)).toEqual([
      expect.objectContaining({ scenario: "one slow change among 100", members: 100, loadBalancers: 1, mode: "default", slowChange: { ms: 5_000, after: 2 } }),
      expect.objectContaining({ scenario: "3 stacks x 100 members on one load balancer", members: 100, loadBalancers: 1, stacks: 3, mode: "queue" }),
    ]);
    // Its bound is every stack's members, one change each.
    expect(serialLowerBoundS(totalMembers(rows(false)[1]), 1, 200)).toBe(60);
  });

  test("the slow change is held to the plain default case's up + its own time + 1 s, not to itself", () => {
    const plainSpec = { scenario: "N=100/1LB", members: 100, loadBalancers: 1, mode: "default" as const };
    const slowSpec = { scenario: "one slow change among 100", members: 100, loadBalancers: 1, mode: "default" as const, slowChange: { ms: 5_000, after: 2 } };
    const target = (slowUpS: number, plainRan = true) =>
      evaluateTargets(
        [
          ...(plainRan ? [result({ spec: plainSpec, up: phase(6, {}), destroy: phase(7, {}) })] : []),
          result({ spec: slowSpec, up: phase(slowUpS, {}), destroy: phase(7, {}) }),
        ],
        200,
      ).find((t) => t.target.startsWith("one slow change (5 s) among 100"))!;
    expect(target(11.9)).toMatchObject({ verdict: "PASS", figure: expect.stringContaining("11.9 s against 6.0 s: 5.9 s more (limit 6.0 s)") });
    expect(target(12.1).verdict).toBe("MISS");
    expect(target(11, false).verdict).toBe("n/a");
    // Neither case is the other's "default never slower than the queue" pair, nor the slow one a plain N=100 default.
    expect(
      evaluateTargets([result({ spec: slowSpec, up: phase(40, {}), destroy: phase(7, {}) })], 200).find((t) => t.target.startsWith("default, 1 LB"))!.verdict,
    ).toBe("n/a");
  });

  test("three stacks on one load balancer: all done within 1.3 x S x N x T at N=100; shown but not judged at N=10; their 409s are not ours to prevent", () => {
    const spec = (members: number) => ({
      scenario: `3 stacks x ${members} members on one load balancer`,
      members,
      loadBalancers: 1,
      mode: "queue" as const,
      stacks: 3,
    });
    const shared = (members: number, upS: number) =>
      result({
        spec: spec(members),
        lowerBoundS: serialLowerBoundS(3 * members, 1, 200),
        up: phase(upS, { "POST /v2.0/lbaas/pools/{pool_id}/members": { "201": 3 * members, "409": 30 } }),
        destroy: phase(upS, {}),
        notes: [`up: the stacks took ${upS.toFixed(1)} s, 50.0 s, 40.0 s`],
      });
    const target = (r: CaseResult) => evaluateTargets([r], 200).find((t) => t.target.startsWith(`3 stacks x ${r.spec.members} members on one load balancer`))!;
    expect(target(shared(100, 77))).toMatchObject({
      verdict: "PASS",
      figure: expect.stringContaining("77.0 s (limit 78.0 s = 1.3 x 60.0 s), the stacks took 77.0 s, 50.0 s, 40.0 s"),
    });
    expect(target(shared(100, 79)).verdict).toBe("MISS");
    expect(target({ ...shared(100, 70), error: "up: the pools hold 299 members after up, expected 300" }).verdict).toBe("MISS");
    expect(target(shared(10, 9.5))).toMatchObject({ verdict: "n/a", figure: expect.stringContaining("set from N=100") });
    // Not the queue alone's N=100 case, and not counted against our zero-409 target.
    const targets = evaluateTargets([shared(100, 70)], 200);
    expect(targets.find((t) => t.target.startsWith("queue alone, 1 LB, N=100"))!.verdict).toBe("n/a");
    expect(targets.find((t) => t.target.startsWith("default: zero 409"))!.verdict).toBe("n/a");
  });

  test("tables align and escape", () => {
    const text = renderTextTable(
      ["name", "mode", "n"],
      [
        ["a", "b", "1"],
        ["long name", "c", "100"],
      ],
    );
    expect(text.split("\n")).toEqual(["name       mode    n", "---------  ----  ---", "a          b       1", "long name  c     100"]);
    expect(renderMarkdownTable(["a", "b", "n"], [["x|y", "z", "1"]])).toBe("| a | b | n |\n| --- | --- | ---: |\n| x\\|y | z | 1 |");
  });

  test("targets: PASS, MISS and n/a from the figures", () => {
    const spec = (mode: CaseResult["spec"]["mode"], members = 100) => ({ scenario: `N=${members}/1LB`, members, loadBalancers: 1, mode });
    const queue = result({
      spec: spec("queue"),
      up: phase(30, { "GET /v2.0/x": { "200": 200 }, "POST /v2.0/lbaas/pools/{pool_id}/members": { "201": 100 } }),
      destroy: phase(25, { "DELETE /v2.0/y": { "204": 100 } }),
      state: { resources: 100, bytesPerResource: 900, providerBytesPerResource: 300 },
    });
    const byDefault = result({ spec: spec("default"), up: phase(11, {}), destroy: phase(26.0, { "DELETE /v2.0/y": { "204": 1, "409": 1 } }) });
    const batch = result({ spec: { ...spec("batch"), parallel: 100 }, up: phase(8, { "PUT /v2.0/lbaas/pools/{pool_id}/members": { "202": 2 } }) });
    const peer = result({
      spec: { ...spec("peer"), parallel: 10 },
      up: { ...phase(125, { "GET /v2.0/x": { "200": 600 } }), provider: undefined },
      destroy: { ...phase(180, { "GET /v2.0/x": { "200": 500 } }), provider: undefined },
    });
    const targets = evaluateTargets([byDefault, queue, batch, peer], 200, { 100: 60 });
    const byStart = (text: string) => targets.find((t) => t.target.startsWith(text))!;
    expect(byStart("default, 1 LB, N=100: up within 1.5").verdict).toBe("PASS");
    // 26.0 s against the queue's 25 s is within the 5 % allowed; the 409 is not.
    expect(byStart("default never slower").verdict).toBe("PASS");
    expect(byStart("default: zero 409").verdict).toBe("MISS");
    expect(byStart("1 LB, N=100: the peer at least 10 x").verdict).toBe("PASS");
    // Only N=100 ran: the target needs both measured sizes.
    expect(byStart("the peer within 25 %").verdict).toBe("MISS");
    expect(byStart("the peer within 25 %").figure).toContain("N=100 destroy requests 500 (real 649)");
    expect(byStart("queue alone, 1 LB, N=100").verdict).toBe("PASS");
    expect(byStart("1 LB, N=100, batching").verdict).toBe("PASS");
    expect(byStart("N=300: our own memory").verdict).toBe("n/a");
    expect(byStart("`__provider`").verdict).toBe("PASS");

    const slowDefault = result({ ...byDefault, up: phase(13, {}), destroy: phase(27, {}) });
    expect(evaluateTargets([slowDefault, queue, batch], 200).find((t) => t.target.startsWith("default never slower"))!.verdict).toBe("MISS");
    expect(evaluateTargets([slowDefault, queue, batch], 200).find((t) => t.target.startsWith("default, 1 LB"))!.verdict).toBe("MISS");
  });

  test("memory at N=300 is counted above the host's baseline", () => {
    const at300 = (mb: number) =>
      result({
        spec: { scenario: "N=300/1LB", members: 300, loadBalancers: 1, mode: "default" },
        up: { ...phase(60, {}), provider: { ...usage, peakRssMb: mb } },
      });
    const target = (mb: number, baseline?: number) =>
      evaluateTargets([at300(mb)], 200, baseline === undefined ? undefined : { 10: 100, 300: baseline }).find((t) =>
        t.target.startsWith("N=300: our own memory"),
      )!;
    expect(target(160, 119).verdict).toBe("PASS");
    expect(target(160, 119).figure).toMatch(/^max 41\.0 MB above the host's 119\.0 MB with 300 resources/);
    expect(target(175, 119).verdict).toBe("MISS");
    expect(target(160).verdict).toBe("n/a");
  });

  test("the drain and health gate target compares with the plain default case, not with itself", () => {
    const spec = { scenario: "N=100/1LB", members: 100, loadBalancers: 1, mode: "default" as const };
    const plain = result({ spec, up: phase(25, {}), destroy: phase(24, {}) });
    const gatedSpec = { ...spec, parallel: 100, zeroDowntime: { drainSeconds: 30, riseS: 2 } };
    const target = (gated: CaseResult) => evaluateTargets([plain, gated], 200).find((t) => t.target.includes("drain + health gate"))!;
    expect(target(result({ spec: gatedSpec, up: phase(28, {}), destroy: phase(57, {}) })).verdict).toBe("PASS");
    // Drains one after another (100 x 30 s) would be far over one drain period.
    expect(target(result({ spec: gatedSpec, up: phase(28, {}), destroy: phase(3024, {}) })).verdict).toBe("MISS");
    expect(target(result({ spec: gatedSpec, up: phase(28, {}), destroy: phase(57, {}) })).figure).toContain(
      "destroy 57.0 s (API alone 24.0 s + 30 s = 54.0 s)",
    );
    // The plain case is found by what it is: the gated case alone has nothing to compare with.
    expect(
      evaluateTargets([result({ spec: gatedSpec, up: phase(1, {}), destroy: phase(1, {}) })], 200).find((t) => t.target.includes("drain + health gate"))!
        .verdict,
    ).toBe("n/a");
  });

  test("the recovery target compares with the batching case of the same N, not with itself", () => {
    const spec = { scenario: "N=100/1LB", members: 100, loadBalancers: 1, mode: "batch" as const, parallel: 100 };
    const normal = result({ spec, up: phase(10, {}), destroy: phase(9, {}) });
    const recoverySpec = { ...spec, recovery: { existing: 50 } };
    const target = (results: CaseResult[]) => evaluateTargets(results, 200).find((t) => t.target.startsWith("recovery (adoptExisting"))!;
    const recovered = (wallS: number) =>
      result({ spec: recoverySpec, up: phase(wallS, { "PUT /v2.0/lbaas/pools/{pool_id}/members": { "202": 2 } }), destroy: phase(9, {}) });
    expect(target([normal, recovered(14)])).toMatchObject({ verdict: "PASS", figure: expect.stringContaining("14.0 s vs 10.0 s = 1.40x") });
    expect(target([normal, recovered(14)]).figure).toContain("PUT /v2.0/lbaas/pools/{pool_id}/members 202x2");
    expect(target([normal, recovered(16)]).verdict).toBe("MISS");
    // The batching case must not be taken for the normal up when it is the recovery run itself.
    expect(target([recovered(14)]).verdict).toBe("n/a");
    expect(target([normal]).verdict).toBe("n/a");
    // The other batching targets do not read the recovery run as the plain one.
    expect(evaluateTargets([recovered(14)], 200).find((t) => t.target.startsWith("1 LB, N=100, batching"))!.verdict).toBe("n/a");
  });

  test("the SVG is one document with a bar per case and escaped labels", () => {
    const ok = result({ spec: { scenario: "N=10/1LB", members: 10, loadBalancers: 1, mode: "queue" }, up: phase(4.2, {}) });
    const failed = result({ spec: { scenario: "N=10/1LB", members: 10, loadBalancers: 1, mode: "batch" }, error: "boom" });
    const svg = renderSvg([ok, failed], "a < b & c");
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("a &lt; b &amp; c");
    expect(svg).toContain("4.2 s (2.10x)");
    expect(svg).toContain(">failed<");
    expect(escapeXml('"<&>')).toBe("&quot;&lt;&amp;&gt;");
    expect(niceStep(37)).toBe(5);
    expect(niceStep(700)).toBe(100);
  });
});
