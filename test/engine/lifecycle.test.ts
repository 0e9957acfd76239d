// The provider process's own life, through the real CLI: a partial failure tells the user what
// failed and which member was recorded; a provider whose CLI was killed stops sending and exits.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { EngineStack, resourcesOfType } from "./harness";
import { killPulumiCliHard, providerProcesses } from "./processes";

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
        new PoolMember("taken", { poolId: POOL, subnetId: DEMO_IDS.subnetId, address: "192.168.0.40", protocolPort: 80, weight: 7, adopt: true, timeouts: { create: "3s" } });
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
      emulator.setFaults({ rules: [] });
      await engine.dispose();
      await emulator.close();
    }
  });
});

describe("kill -9 of pulumi up", () => {
  test("the provider sends no change a few seconds after the CLI died, and exits", async () => {
    const emulator = await startEmulator({ seed: demoSeed(), busyMs: 1_000 });
    const engine = await EngineStack.create({
      projectName: "orphan",
      config: elbConfig(emulator),
      program: async () => {
        for (let n = 0; n < 8; n++) new PoolMember(`k${n}`, { poolId: POOL, subnetId: DEMO_IDS.subnetId, address: `192.168.0.${n + 20}`, protocolPort: 80 });
        return {};
      },
    });
    let providers: number[] = [];
    try {
      const up = engine.up().catch((error: Error) => error);
      while (emulator.members(POOL).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      providers = providerProcesses(engine.workDir);
      expect(providers.length).toBeGreaterThanOrEqual(1);
      expect(killPulumiCliHard()).toBe(1); // the CLI alone: its provider is left to itself
      const killedAt = Date.now();
      expect(await up).toBeInstanceOf(Error);

      while (providerProcesses(engine.workDir).length > 0 && Date.now() - killedAt < 10_000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(providerProcesses(engine.workDir)).toEqual([]);
      const goneAfterMs = Date.now() - killedAt;
      // Long enough for the queue to have sent two more creates, had it carried on.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 5_000 - Date.now())));
      const late = emulator.requestLog().filter((entry) => entry.method !== "GET" && entry.at > killedAt + 3_000);
      expect(late).toEqual([]);
      expect(emulator.members(POOL).length).toBeLessThan(8);
      console.log(`orphan suite: provider gone ${goneAfterMs} ms after the kill; ${emulator.members(POOL).length} of 8 members exist`);
    } finally {
      for (const pid of providerProcesses(engine.workDir)) process.kill(pid, "SIGKILL");
      await engine.stack.cancel();
      await engine.dispose();
      await emulator.close();
    }
  });
});
