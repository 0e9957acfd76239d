// The provider process's own life, through the real CLI: a partial failure tells the user what
// failed and which member was recorded; a provider whose CLI was killed stops sending and exits.
import * as fs from "node:fs";
import * as path from "node:path";
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { EngineStack, resourcesOfType, teardown } from "./harness";
import { killPulumiCliHard, nonExecLauncherDir, providerParents, providerProcesses } from "./processes";

jest.setTimeout(300_000);

const POOL = DEMO_IDS.poolId;
const elbConfig = (emulator: Emulator) => ({ "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } });

describe("a partial failure", () => {
  test("an adopt whose follow-up PUT answers 500 shows the 500 and the member id, and the member is in state", async () => {
    const emulator = await startEmulator({ seed: demoSeed() });
    const made = await fetch(`${emulator.url}/v2.0/lbaas/pools/${POOL}/members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ member: { address: "192.168.0.40", protocol_port: 80, subnet_id: DEMO_IDS.subnetId } }),
    });
    const existing = ((await made.json()) as { member: { id: string } }).member.id;
    const engine = await EngineStack.create({
      projectName: "partial",
      config: elbConfig(emulator),
      program: async () => {
        new PoolMember("taken", {
          poolId: POOL,
          subnetId: DEMO_IDS.subnetId,
          address: "192.168.0.40",
          protocolPort: 80,
          weight: 7,
          adopt: true,
          timeouts: { create: "3s" },
        });
        return {};
      },
    });
    try {
      emulator.setFaults({ rules: [{ kind: "error", status: 500, route: "PUT /v2.0/lbaas/pools/{pool_id}/members/{member_id}" }] });
      const failure = await engine.up().catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      const message = (failure as Error).message;
      expect(message).toMatch(new RegExp(`member ${existing} is recorded in the state.*PUT /v2\\.0/lbaas/pools/${POOL}/members/${existing} answered 500`));
      expect(resourcesOfType(await engine.exportState(), "elb:PoolMember").map((r) => r.id)).toEqual([existing]);
    } finally {
      await teardown(
        () => emulator.setFaults({ rules: [] }),
        () => engine.dispose(),
        () => emulator.close(),
      );
    }
  });
});

describe("kill -9 of pulumi up or destroy", () => {
  test.each([
    ["up, with a launcher that execs node (this project's)", "up", false],
    ["up, with a launcher shell that runs node as its child (Pulumi's own)", "up", true],
    ["destroy, with a launcher that execs node", "destroy", false],
  ] as const)("%s: the provider sends no change 3 s after the CLI died, and exits", async (_what, operation, shell) => {
    const launcherDir = shell ? nonExecLauncherDir() : undefined;
    const emulator = await startEmulator({ seed: demoSeed(), busyMs: operation === "up" ? 1_000 : 0 });
    const engine = await EngineStack.create({
      projectName: "orphan",
      config: elbConfig(emulator),
      env: launcherDir ? { PATH: `${launcherDir}${path.delimiter}${process.env.PATH}` } : undefined,
      program: async () => {
        for (let n = 0; n < 8; n++) new PoolMember(`k${n}`, { poolId: POOL, subnetId: DEMO_IDS.subnetId, address: `192.168.0.${n + 20}`, protocolPort: 80 });
        return {};
      },
    });
    try {
      if (operation === "destroy") {
        await engine.up();
        emulator.setBusyMs(1_000);
      }
      const run = (operation === "up" ? engine.up() : engine.destroy()).catch((error: Error) => error);
      const progressed = () => (operation === "up" ? emulator.members(POOL).length >= 2 : emulator.members(POOL).length <= 6);
      while (!progressed()) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(providerProcesses(engine.workDir).length).toBeGreaterThanOrEqual(1);
      // The process name of a script is its file name, cut to 15 characters.
      expect(providerParents(engine.workDir)).toEqual([shell ? "pulumi-resource" : "pulumi"]);
      expect(killPulumiCliHard()).toBe(1); // the CLI alone: its provider is left to itself
      const killedAt = Date.now();
      expect(await run).toBeInstanceOf(Error);

      // Long enough for the queue to have sent more changes (one a second), had it carried on.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 5_000 - Date.now())));
      const late = emulator.requestLog().filter((entry) => entry.method !== "GET" && entry.at > killedAt + 3_000);
      expect(late).toEqual([]);
      while (providerProcesses(engine.workDir).length > 0 && Date.now() - killedAt < 10_000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(providerProcesses(engine.workDir)).toEqual([]);
      console.log(`orphan suite (${operation}, ${shell ? "shell" : "exec"} launcher): ${emulator.members(POOL).length} of 8 members exist; provider gone`);
    } finally {
      await teardown(
        () => providerProcesses(engine.workDir).forEach((pid) => process.kill(pid, "SIGKILL")),
        () => engine.stack.cancel(),
        () => emulator.setBusyMs(0),
        () => engine.dispose(),
        () => emulator.close(),
        () => launcherDir && fs.rmSync(launcherDir, { recursive: true, force: true }),
      );
    }
  });
});
