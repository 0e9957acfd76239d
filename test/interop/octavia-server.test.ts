// OpenStack Octavia's API server as a test backend: the seeded world is there, changes keep the
// load balancer busy for the configured time, and Octavia answers 409 to a busy or failed load
// balancer and to a duplicate address and port, as a client will meet it.
import { startOctavia, type OctaviaServer } from "../engine/backends/octavia";

jest.setTimeout(120_000);

const POLL_MS = 20;
const SETTLE_TIMEOUT_MS = 30_000;
/** About ten rounds of the server's stand-in driver, which looks every 20 ms. */
const DRIVER_ROUNDS_MS = 200;

describe("Octavia's API server behind startOctavia", () => {
  let octavia: OctaviaServer;
  let lbId: string;
  let poolId: string;
  let subnetId: string;
  const membersPath = () => `/v2/lbaas/pools/${poolId}/members`;

  beforeAll(async () => {
    octavia = await startOctavia();
    ({ loadBalancerId: lbId, poolId, subnetId } = octavia.ids);
  }, 90_000);

  afterAll(async () => {
    await octavia?.close();
  });

  afterEach(async () => {
    // Every test leaves the load balancer settled for the next one.
    await octavia.setLoadBalancerStatus(lbId, "ACTIVE");
    await octavia.setBusyMs(0);
    await untilStatus("ACTIVE");
  });

  async function lbStatus(): Promise<string> {
    const answer = await octavia.api("GET", `/v2/lbaas/loadbalancers/${lbId}`);
    expect(answer.status).toBe(200);
    return answer.body.loadbalancer.provisioning_status;
  }

  async function untilStatus(wanted: string): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (let status = await lbStatus(); status !== wanted; status = await lbStatus()) {
      if (Date.now() > deadline) throw new Error(`load balancer still ${status}, not ${wanted}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  function createMember(address: string, protocolPort = 80) {
    return octavia.api("POST", membersPath(), { member: { address, protocol_port: protocolPort, subnet_id: subnetId } });
  }

  test("the seeded pool exists and belongs to the seeded load balancer and listener", async () => {
    const pool = await octavia.api("GET", `/v2/lbaas/pools/${poolId}`);
    expect(pool.status).toBe(200);
    expect(pool.body.pool).toMatchObject({
      provisioning_status: "ACTIVE",
      lb_algorithm: "ROUND_ROBIN",
      loadbalancers: [{ id: lbId }],
      listeners: [{ id: octavia.ids.listenerId }],
      members: [],
    });
    expect(await lbStatus()).toBe("ACTIVE");
    expect(await octavia.members(poolId)).toEqual([]);
  });

  test("a create keeps the load balancer PENDING_UPDATE until the busy time is over; a second change meanwhile is a 409", async () => {
    await octavia.setBusyMs(60_000); // far longer than this test needs to look
    await octavia.resetCounters();

    const created = await createMember("192.168.0.10");
    expect(created.status).toBe(201);
    expect(created.body.member).toMatchObject({
      address: "192.168.0.10",
      protocol_port: 80,
      subnet_id: subnetId,
      weight: 1,
      admin_state_up: true,
      provisioning_status: "PENDING_CREATE",
      operating_status: "NO_MONITOR",
    });
    expect(await lbStatus()).toBe("PENDING_UPDATE");

    const second = await createMember("192.168.0.11");
    expect(second.status).toBe(409);
    expect(second.body.faultstring).toBe(`Pool ${poolId} is immutable and cannot be updated.`);
    expect((await octavia.counters())[`POST /v2/lbaas/pools/{id}/members`]).toEqual({ "201": 1, "409": 1 });

    await octavia.setBusyMs(0);
    await untilStatus("ACTIVE");
    const members = await octavia.members(poolId);
    expect(members.map((m) => [m.address, m.provisioning_status])).toEqual([["192.168.0.10", "ACTIVE"]]);
  });

  test("a change settles no sooner than the busy time after it was sent", async () => {
    const busyMs = 500;
    await octavia.setBusyMs(busyMs);
    const sent = Date.now();
    expect((await createMember("192.168.0.20")).status).toBe(201);
    await untilStatus("ACTIVE");
    expect(Date.now() - sent).toBeGreaterThanOrEqual(busyMs);
  });

  test("a second member at the same address and port is a 409", async () => {
    expect((await createMember("192.168.0.30", 8080)).status).toBe(201);
    await untilStatus("ACTIVE");
    const duplicate = await createMember("192.168.0.30", 8080);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      faultcode: "Client",
      faultstring: "Another member on this pool is already using ip 192.168.0.30 on protocol_port 8080",
      debuginfo: null,
    });
    expect(await lbStatus()).toBe("ACTIVE"); // a refused create does not lock the load balancer
  });

  test("a deleted member is gone once the load balancer settles", async () => {
    const created = await createMember("192.168.0.40");
    const memberPath = `${membersPath()}/${created.body.member.id}`;
    await untilStatus("ACTIVE");

    expect((await octavia.api("DELETE", memberPath)).status).toBe(204);
    await untilStatus("ACTIVE");
    const gone = await octavia.api("GET", memberPath);
    expect(gone.status).toBe(404);
    expect(gone.body.faultstring).toBe(`Member ${created.body.member.id} not found.`);
    expect((await octavia.members(poolId)).map((m) => m.address)).not.toContain("192.168.0.40");
  });

  test("a load balancer in ERROR refuses changes with 409 and stays in ERROR", async () => {
    await octavia.setLoadBalancerStatus(lbId, "ERROR");
    const refused = await createMember("192.168.0.50");
    expect(refused.status).toBe(409);
    expect(refused.body.faultstring).toBe(`Load Balancer ${lbId} is immutable and cannot be updated.`);
    // Several rounds of the stand-in driver later, nothing has moved it.
    await new Promise((resolve) => setTimeout(resolve, DRIVER_ROUNDS_MS));
    expect(await lbStatus()).toBe("ERROR");
    expect((await octavia.members(poolId)).map((m) => m.address)).not.toContain("192.168.0.50");
  });
});
