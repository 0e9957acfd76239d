// The creation log: which members the API made and when, on the emulator's own clock, so a test
// can tell what a client created after a moment it chose (a kill of the CLI, say).
import { DEMO_IDS, demoSeed, ManualClock, startEmulator } from "./index";
import { TestClient } from "./testing/client";

const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
const member = (host: number) => ({ address: `192.168.0.${host}`, protocol_port: 80, subnet_id: DEMO_IDS.subnetId });

test("a POST and a batch add log each member with the time the emulator's clock read; a failed call, a delete and seed data log nothing", async () => {
  const clock = new ManualClock(1_000);
  const emu = await startEmulator({ seed: demoSeed(), busyMs: 200, clock });
  const client = new TestClient(emu.url);
  try {
    emu.seed({ members: [{ poolId: DEMO_IDS.poolId, address: "192.168.0.9", protocolPort: 80, subnetId: DEMO_IDS.subnetId }] });
    const posted = await client.call("POST", members, { body: { member: member(10) } });
    expect(posted.status).toBe(201);
    // Busy: refused, so nothing is created or logged.
    expect((await client.call("PUT", members, { body: { action: "add", members: [member(11)] } })).status).toBe(409);
    await clock.advance(250);
    expect(emu.now()).toBe(1_250);
    expect((await client.call("PUT", members, { body: { action: "add", members: [member(11), member(12)] } })).status).toBe(202);
    await clock.advance(250);
    expect((await client.call("DELETE", `${members}/${posted.json.member.id}`)).status).toBe(204);

    const byAddress = new Map(emu.members(DEMO_IDS.poolId).map((m) => [m.address, m.id]));
    expect(emu.memberCreations()).toEqual([
      { poolId: DEMO_IDS.poolId, memberId: posted.json.member.id, address: "192.168.0.10", protocolPort: 80, at: 1_000 },
      { poolId: DEMO_IDS.poolId, memberId: byAddress.get("192.168.0.11"), address: "192.168.0.11", protocolPort: 80, at: 1_250 },
      { poolId: DEMO_IDS.poolId, memberId: byAddress.get("192.168.0.12"), address: "192.168.0.12", protocolPort: 80, at: 1_250 },
    ]);
    emu.reset();
    expect(emu.memberCreations()).toEqual([]);
  } finally {
    await emu.close();
    await client.close();
  }
});
