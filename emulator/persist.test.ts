// Persistence: every change lands in the JSON file, and a restart picks the world up again.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_IDS, demoSeed, startEmulator } from "./index";
import { TestClient } from "./testing/client";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-emulator-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;

test("changes are saved and a restart from the file restores them (the start seed is then ignored)", async () => {
  const file = path.join(dir, "nested", "world.json");
  const first = await startEmulator({ seed: demoSeed(), persistFile: file });
  const c1 = new TestClient(first.url);
  const created = await c1.call("POST", members, {
    body: { member: { address: "192.168.0.10", protocol_port: 80, subnet_id: DEMO_IDS.subnetId, name: "kept", weight: 0 } },
  });
  expect(created.status).toBe(201);
  first.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "ERROR");
  first.setMemberHealth("192.168.0.10", "OFFLINE");
  const saved = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(saved.members).toEqual([
    {
      id: created.json.member.id,
      poolId: DEMO_IDS.poolId,
      address: "192.168.0.10",
      protocolPort: 80,
      subnetId: DEMO_IDS.subnetId,
      name: "kept",
      weight: 0,
      adminStateUp: true,
    },
  ]);
  await c1.close();
  await first.close();

  const second = await startEmulator({ seed: { subnets: [] }, persistFile: file });
  try {
    expect(second.members(DEMO_IDS.poolId)).toEqual([expect.objectContaining({ id: created.json.member.id, name: "kept", weight: 0 })]);
    expect(second.state().loadbalancers[0].provisioning_status).toBe("ERROR");
    expect(second.state().pools[0].healthmonitor_id).toBeNull();
    // reset returns to the world loaded at start.
    second.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "ACTIVE");
    second.reset();
    expect(second.state().loadbalancers[0].provisioning_status).toBe("ERROR");
    expect(second.members(DEMO_IDS.poolId)).toHaveLength(1);
  } finally {
    await second.close();
  }
});

test("a persist file that is not JSON is refused at start", async () => {
  const file = path.join(dir, "broken.json");
  fs.writeFileSync(file, "{not json");
  await expect(startEmulator({ persistFile: file })).rejects.toThrow(/is not valid JSON/);
});
