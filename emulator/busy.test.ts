// The busy load balancer: PENDING_UPDATE after each change, 409 StateInvalid for concurrent
// changes, reads unaffected, per load balancer overrides, and ERROR. Time is a ManualClock: a busy
// window lasts until the test moves the clock past its end, however slowly requests arrive.
import { DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "./index";
import { TestClient } from "./testing/client";
import { later } from "./testing/promises";

const OTHER_LB = "00000000-0000-4000-8000-0000000000c2";
const OTHER_POOL = "00000000-0000-4000-8000-0000000000e2";
const members = `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`;
const otherMembers = `/v2.0/lbaas/pools/${OTHER_POOL}/members`;
const lbPath = `/v2.0/lbaas/loadbalancers/${DEMO_IDS.loadbalancerId}`;

let emu: Emulator;
let client: TestClient;
const clock = new ManualClock();

const member = (host: number, port = 80) => ({
  member: { address: `192.168.0.${host}`, protocol_port: port, subnet_id: DEMO_IDS.subnetId },
});
const stateInvalid = (state: string, lb = DEMO_IDS.loadbalancerId) => ({
  NeutronError: { message: `Invalid state ${state} of loadbalancer resource ${lb}`, type: "StateInvalid", detail: "" },
});

beforeAll(async () => {
  emu = await startEmulator({ seed: demoSeed(), clock });
  emu.seed({
    loadbalancers: [{ id: OTHER_LB, name: "other", vipSubnetId: DEMO_IDS.subnetId }],
    pools: [{ id: OTHER_POOL, loadbalancerId: OTHER_LB }],
  });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  // The emulator first: it cuts short whatever still sleeps on the clock after a failed test.
  await emu.close();
  await client.close();
});
beforeEach(() => {
  emu.reset();
  emu.seed({
    loadbalancers: [{ id: OTHER_LB, name: "other", vipSubnetId: DEMO_IDS.subnetId }],
    pools: [{ id: OTHER_POOL, loadbalancerId: OTHER_LB }],
  });
});

async function lbStatus(): Promise<string> {
  const res = await client.call("GET", lbPath);
  return res.json.loadbalancer.provisioning_status;
}

test("50 parallel creates while the first change is applied: one 201, 49 StateInvalid, one member; later creates succeed", async () => {
  emu.setBusyMs(200);
  // The clock stands still, so all 50 arrive inside the first applied change's window.
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.call("POST", members, { body: member(10 + i) })));
  const created = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status === 409);
  expect(created).toHaveLength(1);
  expect(refused).toHaveLength(49);
  for (const r of refused) expect(r.json).toEqual(stateInvalid("PENDING_UPDATE"));
  expect(emu.members(DEMO_IDS.poolId).map((m) => m.id)).toEqual([created[0].json.member.id]);
  expect(emu.state().members).toHaveLength(1);

  await clock.advance(199);
  expect((await client.call("POST", members, { body: member(199) })).status).toBe(409);
  await clock.advance(1);
  const afterWindow = await client.call("POST", members, { body: member(200) });
  expect(afterWindow.status).toBe(201);
  expect(emu.members(DEMO_IDS.poolId)).toHaveLength(2);
});

test("while busy: the load balancer reads PENDING_UPDATE, reads work, every change under it is 409", async () => {
  emu.setBusyMs(300);
  const first = await client.call("POST", members, { body: member(10) });
  expect(first.status).toBe(201);
  const id = first.json.member.id;

  expect(await lbStatus()).toBe("PENDING_UPDATE");
  const tree = await client.call("GET", `${lbPath}/statuses`);
  expect(tree.json.statuses.loadbalancer.provisioning_status).toBe("PENDING_UPDATE");
  expect((await client.call("GET", members)).status).toBe(200);
  expect((await client.call("GET", `${members}/${id}`)).status).toBe(200);
  expect((await client.call("GET", `/v2.0/lbaas/pools/${DEMO_IDS.poolId}`)).status).toBe(200);

  const changes = [
    await client.call("PUT", `${members}/${id}`, { body: { member: { weight: 3 } } }),
    await client.call("DELETE", `${members}/${id}`),
    await client.call("PUT", members, { body: { members: [], action: "replace" } }),
  ];
  for (const r of changes) {
    expect(r.status).toBe(409);
    expect(r.json).toEqual(stateInvalid("PENDING_UPDATE"));
  }
  // Another load balancer is not affected.
  expect((await client.call("POST", otherMembers, { body: member(10) })).status).toBe(201);
  expect(emu.members(DEMO_IDS.poolId)).toEqual([expect.objectContaining({ id, weight: 1 })]);
  // Refused changes did not stretch the window: it ends 300 ms after the create.
  await clock.advance(300);
  expect(await lbStatus()).toBe("ACTIVE");
});

test("update, delete and batch each start a busy window, which ends exactly after the busy time", async () => {
  emu.setBusyMs(0);
  const id = (await client.call("POST", members, { body: member(10) })).json.member.id;
  emu.setBusyMs(120);
  for (const change of [
    () => client.call("PUT", `${members}/${id}`, { body: { member: { weight: 3 } } }),
    () => client.call("PUT", members, { body: { members: [member(11).member], action: "add" } }),
    () => client.call("DELETE", `${members}/${id}`),
  ]) {
    const res = await change();
    expect(res.status).toBeLessThan(300);
    expect(await lbStatus()).toBe("PENDING_UPDATE");
    await clock.advance(119);
    expect(await lbStatus()).toBe("PENDING_UPDATE");
    await clock.advance(1);
    expect(await lbStatus()).toBe("ACTIVE");
  }
});

test("busy time 0 never blocks: sequential changes all succeed and the LB stays ACTIVE", async () => {
  emu.setBusyMs(0);
  for (let i = 0; i < 5; i++) {
    expect((await client.call("POST", members, { body: member(10 + i) })).status).toBe(201);
    expect(await lbStatus()).toBe("ACTIVE");
  }
});

test("a per load balancer busy time overrides the global one", async () => {
  emu.setBusyMs(0);
  emu.setBusyMs(150, OTHER_LB);
  expect((await client.call("POST", otherMembers, { body: member(10) })).status).toBe(201);
  expect((await client.call("POST", otherMembers, { body: member(11) })).status).toBe(409);
  expect((await client.call("POST", members, { body: member(10) })).status).toBe(201);
  expect((await client.call("POST", members, { body: member(11) })).status).toBe(201);
  await clock.advance(149);
  expect((await client.call("POST", otherMembers, { body: member(11) })).status).toBe(409);
  await clock.advance(1);
  expect((await client.call("POST", otherMembers, { body: member(11) })).status).toBe(201);
});

test("the busy time runs from when the change is applied, not from when the request arrived", async () => {
  emu.setBusyMs(150);
  emu.setFaults({ rules: [{ kind: "latency", ms: 120, route: "POST /v2.0/lbaas/pools/{pool_id}/members" }] });
  const create = later(client.call("POST", members, { body: member(10) }));
  // The create has arrived and sits in its latency: nothing is applied, nothing is busy yet.
  await clock.sleeping();
  expect(clock.pending()).toEqual([120]);
  expect(emu.members(DEMO_IDS.poolId)).toEqual([]);
  expect(await lbStatus()).toBe("ACTIVE");
  await clock.advance(120);
  expect((await create).status).toBe(201);
  // Measured from arrival the window would end 30 ms after the reply; it lasts 150 ms.
  await clock.advance(30);
  expect(await lbStatus()).toBe("PENDING_UPDATE");
  await clock.advance(119);
  expect(await lbStatus()).toBe("PENDING_UPDATE");
  await clock.advance(1);
  expect(await lbStatus()).toBe("ACTIVE");
});

test("refused changes (400, 409 MemberExists) do not make the load balancer busy", async () => {
  emu.setBusyMs(0);
  expect((await client.call("POST", members, { body: member(10) })).status).toBe(201);
  emu.setBusyMs(500);
  expect((await client.call("POST", members, { body: member(10) })).status).toBe(409);
  expect((await client.call("POST", members, { body: { member: { address: "x" } } })).status).toBe(400);
  expect(await lbStatus()).toBe("ACTIVE");
});

test("a slow change: the one after `after` applied changes is busy for its own time, once; refused changes do not count", async () => {
  emu.setBusyMs(100);
  emu.slowChange(5_000, { after: 1, loadbalancerId: DEMO_IDS.loadbalancerId });
  // Another load balancer's change does not count.
  expect((await client.call("POST", otherMembers, { body: member(10) })).status).toBe(201);
  expect((await client.call("POST", members, { body: member(10) })).status).toBe(201);
  // A 409 while busy is no applied change either.
  expect((await client.call("POST", members, { body: member(11) })).status).toBe(409);
  await clock.advance(100);
  expect((await client.call("POST", members, { body: member(11) })).status).toBe(201);
  await clock.advance(4_999);
  expect(await lbStatus()).toBe("PENDING_UPDATE");
  await clock.advance(1);
  expect(await lbStatus()).toBe("ACTIVE");
  // Once: the next change takes the usual time again.
  expect((await client.call("POST", members, { body: member(12) })).status).toBe(201);
  await clock.advance(100);
  expect(await lbStatus()).toBe("ACTIVE");
  // Without a load balancer, the next change to any of them; reset() forgets what is still to come.
  emu.slowChange(1_000);
  expect((await client.call("POST", otherMembers, { body: member(11) })).status).toBe(201);
  await clock.advance(999);
  expect((await client.call("POST", otherMembers, { body: member(12) })).status).toBe(409);
  emu.slowChange(1_000);
  emu.reset();
  // The start busy time is 0: a change that still took the slow time would read PENDING_UPDATE.
  expect((await client.call("POST", members, { body: member(10) })).status).toBe(201);
  expect(await lbStatus()).toBe("ACTIVE");
  expect(() => emu.slowChange(-1)).toThrow(/busy time/);
  expect(() => emu.slowChange(10, { after: 1.5 })).toThrow(/after must be/);
  expect(() => emu.slowChange(10, { loadbalancerId: "nope" })).toThrow(/unknown load balancer nope/);
});

test("a load balancer in ERROR refuses changes naming its state and reports ERROR; ACTIVE again accepts", async () => {
  emu.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "ERROR");
  expect(await lbStatus()).toBe("ERROR");
  const res = await client.call("POST", members, { body: member(10) });
  expect(res.status).toBe(409);
  expect(res.json).toEqual(stateInvalid("ERROR"));
  expect((await client.call("GET", members)).status).toBe(200);
  emu.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "ACTIVE");
  expect((await client.call("POST", members, { body: member(10) })).status).toBe(201);
});

test("unknown statuses and load balancers are refused by the control API", () => {
  expect(() => emu.setLoadBalancerStatus(DEMO_IDS.loadbalancerId, "BROKEN")).toThrow(/status must be one of/);
  expect(() => emu.setLoadBalancerStatus("nope", "ERROR")).toThrow(/unknown load balancer nope/);
  expect(() => emu.setBusyMs(-1)).toThrow(/busy time/);
});

test("the busyMs start option and a seeded per load balancer busyMs both apply", async () => {
  const started = await startEmulator({
    busyMs: 300,
    clock,
    seed: {
      ...demoSeed(),
      loadbalancers: [
        { id: DEMO_IDS.loadbalancerId, vipSubnetId: DEMO_IDS.subnetId, busyMs: 0 },
        { id: OTHER_LB, vipSubnetId: DEMO_IDS.subnetId },
      ],
      pools: [...(demoSeed().pools ?? []), { id: OTHER_POOL, loadbalancerId: OTHER_LB }],
    },
  });
  const c = new TestClient(started.url);
  try {
    // The demo load balancer overrides the global 300 ms with 0; the other one inherits 300 ms.
    expect((await c.call("POST", members, { body: member(10) })).status).toBe(201);
    expect((await c.call("POST", members, { body: member(11) })).status).toBe(201);
    expect((await c.call("POST", otherMembers, { body: member(10) })).status).toBe(201);
    expect((await c.call("POST", otherMembers, { body: member(11) })).status).toBe(409);
  } finally {
    await c.close();
    await started.close();
  }
});
