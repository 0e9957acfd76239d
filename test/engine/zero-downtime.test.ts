// Zero-downtime member changes through the real CLI against the emulator: a removal is held for
// its drain before the engine hears it is done (and before what the member points at is torn
// down), drains of many members overlap, and new members are reported done only once ONLINE.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PoolMember } from "pulumi-elb-poolmember";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { exampleProgram } from "../../scripts/lib/examples";
import { EngineStack, OperationLog, StepRecord, teardown } from "./harness";

jest.setTimeout(300_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const MEMBER_TYPE = "elb:PoolMember";

// A stand-in for the backend server: its delete records when it ran, so the test can see the
// server outlived its member's drain.
const serverProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `server-${inputs.address}`, outs: inputs };
  },
  async delete(_id, props) {
    require("node:fs").appendFileSync(props.log, `${props.address} ${Date.now()}\n`);
  },
};

class FakeServer extends pulumi.dynamic.Resource {
  declare readonly address: pulumi.Output<string>;
  constructor(name: string, args: { address: string; log: string }) {
    super(serverProvider, name, { ...args }, undefined, "test", "FakeServer");
  }
}

const memberSteps = (log: OperationLog, op: string): StepRecord[] => log.steps.filter((s) => s.type.endsWith(MEMBER_TYPE) && s.op === op);

describe("drains", () => {
  let emulator: Emulator;
  const stacks: EngineStack[] = [];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-drain-"));

  beforeAll(async () => {
    emulator = await startEmulator({ seed: demoSeed(), busyMs: 20 });
  });
  afterAll(() =>
    teardown(
      ...stacks.map((stack) => () => stack.dispose()),
      () => emulator?.close(),
      () => fs.rmSync(workDir, { recursive: true, force: true }),
    ),
  );

  const config = () => ({ "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } });

  test("destroy: the member is deleted, then held for its drain; only after it do the engine and its server hear it is done", async () => {
    const serverLog = path.join(workDir, "servers.log");
    const stack = await EngineStack.create({
      projectName: "drain",
      program: async () => {
        const server = new FakeServer("server", { address: "192.168.0.61", log: serverLog });
        const member = new PoolMember("web", { poolId: POOL, subnetId: SUBNET, address: server.address, protocolPort: 80, drainSeconds: 2 });
        return { id: member.id };
      },
      config: config(),
    });
    stacks.push(stack);
    await stack.up();
    emulator.resetCounters();
    const destroy = await stack.destroy();
    const deleted = emulator.requestLog().filter((entry) => entry.method === "DELETE" && entry.path.includes("/members/"));
    expect(deleted).toHaveLength(1);
    const [memberDelete] = memberSteps(destroy, "delete");
    // Lower bounds only: each of these happens no sooner than the drain allows.
    expect(memberDelete.doneAt! - deleted[0].at).toBeGreaterThanOrEqual(2_000);
    const [, serverDeletedAt] = fs.readFileSync(serverLog, "utf8").trim().split(" ");
    expect(Number(serverDeletedAt) - deleted[0].at).toBeGreaterThanOrEqual(2_000);
    expect(destroy.diagnostics.join("\n")).toMatch(/removed from pool \S+; holding 2s \(drainSeconds\) for established connections to finish/);
  });

  test("20 members drained at once: every drain has begun before the first one ends", async () => {
    const addresses = Array.from({ length: 20 }, (_, n) => `192.168.0.${100 + n}`);
    const stack = await EngineStack.create({
      projectName: "drain-many",
      program: async () => ({
        ids: addresses.map((address, n) => new PoolMember(`m-${n}`, { poolId: POOL, subnetId: SUBNET, address, protocolPort: 80 }).id),
      }),
      config: { ...config(), "elb:drainSeconds": { value: "3" } },
    });
    stacks.push(stack);
    await stack.up({ parallel: 40 });
    const destroy = await stack.destroy({ parallel: 40 });
    const holds = destroy.diagnostics.map((text, i) => ({ text, at: destroy.diagnosticTimes[i] })).filter((d) => /holding 3s \(drainSeconds\)/.test(d.text));
    expect(holds).toHaveLength(20);
    const done = memberSteps(destroy, "delete").map((step) => step.doneAt!);
    expect(done).toHaveLength(20);
    // Drains one after another would end the first before the second began.
    expect(Math.max(...holds.map((h) => h.at))).toBeLessThan(Math.min(...done));
    expect(emulator.members(POOL).filter((m) => addresses.includes(m.address))).toEqual([]);
  });
});

describe("health gate and rolling replacement", () => {
  const MONITORED = "00000000-0000-4000-8000-0000000000e9";
  let emulator: Emulator;
  const stacks: EngineStack[] = [];

  beforeAll(async () => {
    const seed = demoSeed();
    seed.pools = [
      ...(seed.pools ?? []),
      { id: MONITORED, name: "monitored", loadbalancerId: DEMO_IDS.loadbalancerId, protocol: "TCP", lbAlgorithm: "ROUND_ROBIN" },
    ];
    // A member turns ONLINE once its server has passed 2 checks 0.5 s apart.
    seed.healthmonitors = [{ id: "hm-1", poolId: MONITORED, type: "TCP", delay: 0.5, timeout: 0.5, maxRetries: 2 }];
    emulator = await startEmulator({ seed, busyMs: 20 });
  });
  afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => emulator?.close()));

  const config = () => ({ "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } });
  const api = async (path: string) => (await fetch(`${emulator.url}/v2.0/lbaas/${path}`)).json() as Promise<Record<string, any>>;
  const onlineIn = async (poolId: string) =>
    ((await api(`pools/${poolId}/members`)).members as { operating_status: string }[]).filter((m) => m.operating_status === "ONLINE").length;
  const memberLooks = () => Object.values(emulator.counters()["GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}"] ?? {}).reduce((a, b) => a + b, 0);

  async function stackWith(projectName: string, members: () => { name: string; poolId: string; address: string; create?: string }[]) {
    const stack = await EngineStack.create({
      projectName,
      program: async () => ({
        ids: members().map(
          (m) =>
            new PoolMember(m.name, {
              poolId: m.poolId,
              subnetId: SUBNET,
              address: m.address,
              protocolPort: 80,
              waitForHealthy: true,
              timeouts: m.create ? { create: m.create, update: m.create } : undefined,
            }).id,
        ),
      }),
      config: config(),
    });
    stacks.push(stack);
    return stack;
  }

  test("up waits until the new member is ONLINE", async () => {
    const stack = await stackWith("gate-online", () => [{ name: "web", poolId: MONITORED, address: "192.168.0.81" }]);
    emulator.resetCounters();
    const up = await stack.up();
    expect(up.summary.resourceChanges?.create).toBe(2);
    // It looked (more than once: a new member starts OFFLINE) and it is ONLINE now.
    expect(memberLooks()).toBeGreaterThanOrEqual(2);
    const [member] = emulator.members(MONITORED).filter((m) => m.address === "192.168.0.81");
    expect((await api(`pools/${MONITORED}/members/${member.id}`)).member.operating_status).toBe("ONLINE");
    expect(up.diagnostics.join("\n")).toMatch(new RegExp(`member ${member.id} \\(192\\.168\\.0\\.81:80\\) is ONLINE after`));
    await stack.destroy();
  });

  test("a member whose server stays unhealthy fails the up at its deadline, is recorded in state, and is looked at again by the next up", async () => {
    emulator.setServerHealth("192.168.0.82", false);
    const stack = await stackWith("gate-offline", () => [{ name: "web", poolId: MONITORED, address: "192.168.0.82", create: "4s" }]);
    const failure = await stack.up().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const [member] = emulator.members(MONITORED).filter((m) => m.address === "192.168.0.82");
    expect((failure as Error).message).toMatch(
      new RegExp(
        `member ${member.id} \\(192\\.168\\.0\\.82:80\\) in pool ${MONITORED} is still OFFLINE after waiting \\d+(\\.\\d)?s for the load balancer's health check`,
      ),
    );
    const recorded = (await stack.exportState()).filter((r) => r.type.endsWith(MEMBER_TYPE));
    expect(recorded.map((r) => r.id)).toEqual([member.id]);
    // The next up retries the step: it looks again rather than passing a member that is down.
    const retry = await stack.up().catch((error: Error) => error);
    expect((retry as Error).message).toMatch(new RegExp(`member ${member.id} .* is still OFFLINE after waiting`));
    emulator.setServerHealth("192.168.0.82", true);
    await stack.up();
    expect((await api(`pools/${MONITORED}/members/${member.id}`)).member.operating_status).toBe("ONLINE");
    expect(
      emulator
        .members(MONITORED)
        .filter((m) => m.address === "192.168.0.82")
        .map((m) => m.id),
    ).toEqual([member.id]);
    await stack.destroy();
    expect(emulator.members(MONITORED).filter((m) => m.address === "192.168.0.82")).toEqual([]);
  });

  test("a pool without a health monitor does not wait (NO_MONITOR), and says so", async () => {
    const stack = await stackWith("gate-none", () => [{ name: "web", poolId: POOL, address: "192.168.0.83" }]);
    emulator.resetCounters();
    const up = await stack.up();
    expect(memberLooks()).toBe(1);
    expect(up.diagnostics.join("\n")).toMatch(/has no health monitor \(NO_MONITOR\), so there is no health to wait for/);
    await stack.destroy();
  });

  test("examples/rolling replaces three members with never fewer than three ONLINE", async () => {
    const stack = await EngineStack.create({
      projectName: "rolling",
      program: exampleProgram("rolling"),
      config: {
        ...config(),
        "rolling:poolId": { value: MONITORED },
        "rolling:subnetId": { value: SUBNET },
        "rolling:servers": { value: "192.168.0.91,192.168.0.92,192.168.0.93" },
        "rolling:drainSeconds": { value: "1" },
      },
    });
    stacks.push(stack);
    await stack.up();
    expect(await onlineIn(MONITORED)).toBe(3);

    await stack.stack.setConfig("rolling:servers", { value: "192.168.0.94,192.168.0.95,192.168.0.96" });
    const samples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await onlineIn(MONITORED));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const up = await stack.up();
    sampling = false;
    await sampler;
    expect(up.summary.resourceChanges?.replace).toBe(3);
    expect(samples.length).toBeGreaterThan(10);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(3);
    const after = emulator
      .members(MONITORED)
      .map((m) => m.address)
      .sort();
    expect(after).toEqual(["192.168.0.94", "192.168.0.95", "192.168.0.96"]);
    expect(await onlineIn(MONITORED)).toBe(3);
  });
});
