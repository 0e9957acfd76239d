// Octavia's own member fields through read and update, against a stand-in that answers as
// Octavia's API does (every member carries monitor_address, monitor_port, backup and tags; null,
// false and [] when unset). The real Octavia runs the same through the engine
// (test/engine/pool-member.test.ts); this pins the mapping without it.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ProviderRuntime } from "../runtime";
import { configuredBy, lifecycleOn } from "../testing/lifecycle";

const POOL = "0416b6f1-877f-4a51-987e-978b3f084253";
const LB = "7d8a1bf2-5a2c-4f69-9c4a-0b2e0d5c1e11";
const SUBNET = "33d8b01a-bbe6-41f4-bc45-78a1d284d503";
const MEMBER_ID = "cf024846-7516-4e3a-b0fb-6590322c836f";

let server: http.Server;
let member: Record<string, unknown>;
const puts: unknown[] = [];
let runtime: ProviderRuntime;
const lifecycle = lifecycleOn(() => runtime);

const octaviaMember = (fields: Record<string, unknown> = {}) => ({
  id: MEMBER_ID,
  project_id: "p",
  name: "m",
  address: "192.168.0.70",
  protocol_port: 80,
  subnet_id: SUBNET,
  admin_state_up: true,
  weight: 1,
  operating_status: "NO_MONITOR",
  provisioning_status: "ACTIVE",
  monitor_address: null,
  monitor_port: null,
  backup: false,
  tags: [],
  ...fields,
});

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const path = (request.url ?? "").split("?")[0];
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      if (request.method === "GET" && path === `/v2/lbaas/pools/${POOL}`) return send(200, { pool: { id: POOL, name: "p", loadbalancers: [{ id: LB }] } });
      if (request.method === "GET" && path === `/v2/lbaas/loadbalancers/${LB}`)
        return send(200, { loadbalancer: { id: LB, name: "lb", provisioning_status: "ACTIVE" } });
      if (path === `/v2/lbaas/pools/${POOL}/members/${MEMBER_ID}`) {
        if (request.method === "PUT") {
          const changes = JSON.parse(body).member as Record<string, unknown>;
          puts.push(changes);
          // As Octavia's _set_default_on_none: a null backup goes back to false.
          member = { ...member, ...changes, ...(changes.backup === null ? { backup: false } : {}) };
        }
        return send(200, { member });
      }
      send(404, { faultstring: `no route ${request.method} ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runtime = new ProviderRuntime(configuredBy({ "elb:cloud": "openstack", "elb:endpoint": url, "elb:auth": "none" }));
});

afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (puts.length = 0));

const base = { poolId: POOL, subnetId: SUBNET, address: "192.168.0.70", protocolPort: 80, name: "m" };
const stateOf = async (fields: object = {}) => (await lifecycle.check({ ...base, ...fields })).inputs!;

test("read: Octavia's null, false and [] leave unset fields out, and keep a program's own false and []", async () => {
  member = octaviaMember();
  const plain = await lifecycle.read(MEMBER_ID, await stateOf());
  expect(plain!.state).not.toHaveProperty("backup");
  expect(plain!.state).not.toHaveProperty("tags");
  expect(plain!.state).not.toHaveProperty("monitorPort");
  const explicit = await lifecycle.read(MEMBER_ID, await stateOf({ backup: false, tags: [] }));
  expect(explicit!.state).toMatchObject({ backup: false, tags: [] });
});

test("read: what Octavia reports wins (drift), a cleared monitor included, and tags come back sorted", async () => {
  member = octaviaMember({ monitor_address: "fd00::9", backup: true, tags: ["z", "a"] });
  const read = await lifecycle.read(MEMBER_ID, await stateOf({ monitorPort: 8081, backup: false }));
  expect(read!.state).toMatchObject({ monitorAddress: "fd00::9", backup: true, tags: ["a", "z"] });
  expect(read!.state).not.toHaveProperty("monitorPort");
});

test("update: one PUT with only the changed fields, a removed one cleared, and the state as Octavia then reports it", async () => {
  member = octaviaMember({ monitor_address: "10.0.0.1", monitor_port: 8081, backup: true, tags: ["a"] });
  const olds = await stateOf({ monitorAddress: "10.0.0.1", monitorPort: 8081, backup: true, tags: ["a"] });
  const news = await stateOf({ monitorAddress: "10.0.0.1", tags: ["b", "a"] });
  const state = await lifecycle.update(MEMBER_ID, olds, news);
  expect(puts).toEqual([{ monitor_port: null, backup: false, tags: ["a", "b"] }]);
  expect(state).toMatchObject({ monitorAddress: "10.0.0.1", tags: ["a", "b"] });
  expect(state).not.toHaveProperty("monitorPort");
  expect(state).not.toHaveProperty("backup");
});

test("update: the same fields in another tag order send nothing", async () => {
  member = octaviaMember({ tags: ["a", "b"] });
  await lifecycle.update(MEMBER_ID, await stateOf({ tags: ["b", "a"] }), await stateOf({ tags: ["a", "b"] }));
  expect(puts).toEqual([]);
});
