// Every documented validation rule for members, each asserted with its status and message.
import { Emulator, startEmulator } from "./index";
import { TestClient } from "./testing/client";
import { DOC, docWorld } from "./testing/doc-world";

let emu: Emulator;
let client: TestClient;

beforeAll(async () => {
  emu = await startEmulator({ seed: docWorld() });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  await client.close();
  await emu.close();
});
beforeEach(() => emu.reset());

const members = `/v2.0/lbaas/pools/${DOC.pool}/members`;
const valid = { address: "192.168.44.20", protocol_port: 80, subnet_id: DOC.subnet44 };

async function create(member: Record<string, unknown>) {
  return client.call("POST", members, { body: { member } });
}

function neutron(res: { json: { NeutronError?: { message: string; type: string; detail: string } } }) {
  return res.json.NeutronError;
}

describe("POST member body", () => {
  test("a minimal member gets the documented defaults", async () => {
    const res = await create(valid);
    expect(res.status).toBe(201);
    expect(res.json.member).toMatchObject({ name: "", weight: 1, admin_state_up: true, tenant_id: DOC.projectId });
  });

  test("malformed JSON is 400 Malformed request body", async () => {
    const res = await client.call("POST", members, { raw: '{"member": {' });
    expect(res.status).toBe(400);
    expect(neutron(res)).toEqual({ message: "Malformed request body", type: "HTTPBadRequest", detail: "" });
  });

  test("an empty body is 400", async () => {
    const res = await client.call("POST", members, { raw: "" });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe("Resource body required");
  });

  test.each([
    ["no wrapper", { address: "192.168.44.20" }],
    ["a null wrapper", { member: null }],
    ["an array wrapper", { member: [] }],
  ])("%s is 400 Unable to find 'member'", async (_name, body) => {
    const res = await client.call("POST", members, { body });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe("Unable to find 'member' in request body");
  });

  test("an unknown member field is 400 Unrecognized attribute", async () => {
    const res = await create({ ...valid, backup: true });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe("Unrecognized attribute(s) 'backup'");
  });

  test("an unknown top-level field is 400", async () => {
    const res = await client.call("POST", members, { body: { member: valid, extra: 1 } });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe("Unrecognized attribute(s) 'extra'");
  });

  test.each(["id", "operating_status", "pool_id"])("a server-owned %s is not allowed in POST", async (attr) => {
    const res = await create({ ...valid, [attr]: "x" });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(`Attribute '${attr}' not allowed in POST`);
  });

  test.each(["address", "protocol_port", "subnet_id"])("a missing %s is 400 required", async (attr) => {
    const member: Record<string, unknown> = { ...valid };
    delete member[attr];
    const res = await create(member);
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(`Failed to parse request. Required attribute '${attr}' not specified`);
    const nulled = await create({ ...valid, [attr]: null });
    expect(nulled.status).toBe(400);
  });

  test.each(["fe80::1", "192.168.44.256", "192.168.044.1", "192.168.44", "server-1", "192.168.44.1/32"])("address %s is not IPv4: 400", async (address) => {
    const res = await create({ ...valid, address });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(`Invalid input for address. Reason: '${address}' is not a valid IPv4 address.`);
  });

  test("an address longer than 64 characters is 400", async () => {
    const res = await create({ ...valid, address: "1".repeat(65) });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toMatch(/^Invalid input for address\. Reason: '65' characters exceed the limit of 64/);
  });

  test("an address outside the subnet's CIDR is 400", async () => {
    const res = await create({ ...valid, address: "192.168.45.20" });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(`Invalid input for address. Reason: 192.168.45.20 is not in subnet ${DOC.subnet44} (192.168.44.0/24).`);
  });

  test("an unknown subnet is 400", async () => {
    const res = await create({ ...valid, subnet_id: "11111111-2222-4333-8444-555555555555" });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe("Invalid input for subnet_id. Reason: subnet 11111111-2222-4333-8444-555555555555 could not be found.");
  });

  test("a subnet in another VPC than the load balancer's vip subnet is 400", async () => {
    const res = await create({ ...valid, address: "172.16.0.5", subnet_id: DOC.foreignSubnet });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(
      `Invalid input for subnet_id. Reason: subnet ${DOC.foreignSubnet} is in VPC ${DOC.otherVpcId}, not in VPC ${DOC.vpcId} of load balancer ${DOC.lb}.`,
    );
  });

  test.each([
    [0, "'0' is not in range 1 through 65535."],
    [65536, "'65536' is not in range 1 through 65535."],
    ["80", "'80' is not an integer."],
    [80.5, "'80.5' is not an integer."],
    [true, "'true' is not an integer."],
  ])("protocol_port %p is 400", async (port, reason) => {
    const res = await create({ ...valid, protocol_port: port });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(`Invalid input for protocol_port. Reason: ${reason}`);
  });

  test.each([1, 65535])("protocol_port %p is accepted", async (port) => {
    const res = await create({ ...valid, protocol_port: port });
    expect(res.status).toBe(201);
    expect(res.json.member.protocol_port).toBe(port);
  });

  test.each([
    [-1, "'-1' is not in range 0 through 100."],
    [101, "'101' is not in range 0 through 100."],
    ["5", "'5' is not an integer."],
    [2.5, "'2.5' is not an integer."],
    [null, "'null' is not an integer."],
  ])("weight %p is 400", async (weight, reason) => {
    const res = await create({ ...valid, weight });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(`Invalid input for weight. Reason: ${reason}`);
  });

  test.each([0, 100])("weight %p is accepted (0 drains, it is not replaced by 1)", async (weight) => {
    const res = await create({ ...valid, weight });
    expect(res.status).toBe(201);
    expect(res.json.member.weight).toBe(weight);
  });

  test("name: 255 characters pass, 256 are 400, a non-string is 400", async () => {
    expect((await create({ ...valid, name: "n".repeat(255) })).status).toBe(201);
    // Characters, not UTF-16 units: 255 of these take 510 units and still pass.
    expect((await create({ ...valid, address: "192.168.44.201", name: "🚀".repeat(255) })).status).toBe(201);
    const long = await create({ ...valid, protocol_port: 81, name: "n".repeat(256) });
    expect(long.status).toBe(400);
    expect(neutron(long)?.message).toMatch(/^Invalid input for name\. Reason: '256' characters exceed the limit of 255/);
    const num = await create({ ...valid, protocol_port: 82, name: 7 });
    expect(num.status).toBe(400);
    expect(neutron(num)?.message).toBe("Invalid input for name. Reason: '7' is not a valid string.");
  });

  test("admin_state_up must be a boolean; false is kept", async () => {
    const bad = await create({ ...valid, admin_state_up: "true" });
    expect(bad.status).toBe(400);
    expect(neutron(bad)?.message).toBe("Invalid input for admin_state_up. Reason: 'true' is not a valid boolean value.");
    const off = await create({ ...valid, admin_state_up: false });
    expect(off.status).toBe(201);
    expect(off.json.member.admin_state_up).toBe(false);
  });

  test("tenant_id must equal the project", async () => {
    const other = await create({ ...valid, tenant_id: "ffffffffffffffffffffffffffffffff" });
    expect(other.status).toBe(400);
    expect(neutron(other)?.message).toBe("Specifying 'tenant_id' other than authenticated tenant in request requires admin privileges");
    const same = await create({ ...valid, tenant_id: DOC.projectId });
    expect(same.status).toBe(201);
  });

  test("the same (address, protocol_port) in a pool is 409 MemberExists; another port is fine", async () => {
    expect((await create(valid)).status).toBe(201);
    const dup = await create({ ...valid, name: "again" });
    expect(dup.status).toBe(409);
    expect(neutron(dup)).toEqual({
      message: `Member with address 192.168.44.20 and protocol_port 80 already present in pool ${DOC.pool}`,
      type: "MemberExists",
      detail: "",
    });
    expect((await create({ ...valid, protocol_port: 8080 })).status).toBe(201);
    expect(emu.members(DOC.pool).filter((m) => m.address === "192.168.44.20")).toHaveLength(2);
  });

  test("the same address and port in another pool is fine", async () => {
    expect((await create(valid)).status).toBe(201);
    const other = await client.call("POST", `/v2.0/lbaas/pools/${DOC.treePool}/members`, { body: { member: valid } });
    expect(other.status).toBe(201);
  });
});

describe("PUT member body", () => {
  const one = `${members}/${DOC.listMember}`;

  test.each(["address", "protocol_port", "subnet_id", "tenant_id", "id", "pool_id"])("%s is a read-only attribute: 400", async (attr) => {
    const res = await client.call("PUT", one, { body: { member: { [attr]: "x" } } });
    expect(res.status).toBe(400);
    expect(neutron(res)).toEqual({ message: `Cannot update read-only attribute ${attr}`, type: "HTTPBadRequest", detail: "" });
  });

  test("unknown fields, bad values and a missing wrapper are 400, and nothing changes", async () => {
    const unknown = await client.call("PUT", one, { body: { member: { colour: "red" } } });
    expect(neutron(unknown)?.message).toBe("Unrecognized attribute(s) 'colour'");
    const weight = await client.call("PUT", one, { body: { member: { weight: 101 } } });
    expect(neutron(weight)?.message).toBe("Invalid input for weight. Reason: '101' is not in range 0 through 100.");
    const wrapper = await client.call("PUT", one, { body: { name: "x" } });
    expect(neutron(wrapper)?.message).toBe("Unable to find 'member' in request body");
    for (const r of [unknown, weight, wrapper]) expect(r.status).toBe(400);
    expect(emu.members(DOC.pool).find((m) => m.id === DOC.listMember)).toMatchObject({ name: "member-name", weight: 1 });
  });

  test("name, weight and admin_state_up update in place", async () => {
    const res = await client.call("PUT", one, { body: { member: { name: "renamed", weight: 0, admin_state_up: false } } });
    expect(res.status).toBe(200);
    expect(res.json.member).toMatchObject({ id: DOC.listMember, name: "renamed", weight: 0, admin_state_up: false, address: "10.0.0.8" });
  });
});

describe("unknown ids", () => {
  const ghost = "deadbeef-0000-4000-8000-000000000000";

  test.each([
    ["POST", `/v2.0/lbaas/pools/${ghost}/members`, `pool ${ghost} could not be found`],
    ["GET", `/v2.0/lbaas/pools/${ghost}/members`, `pool ${ghost} could not be found`],
    ["PUT", `/v2.0/lbaas/pools/${ghost}/members`, `pool ${ghost} could not be found`],
    ["GET", `/v2.0/lbaas/pools/${ghost}`, `pool ${ghost} could not be found`],
    ["GET", `${members}/${ghost}`, `member ${ghost} could not be found`],
    ["PUT", `${members}/${ghost}`, `member ${ghost} could not be found`],
    ["DELETE", `${members}/${ghost}`, `member ${ghost} could not be found`],
    ["GET", `/v2.0/lbaas/loadbalancers/${ghost}`, `loadbalancer ${ghost} could not be found`],
    ["GET", `/v2.0/lbaas/loadbalancers/${ghost}/statuses`, `loadbalancer ${ghost} could not be found`],
  ])("%s %s is 404", async (method, path, message) => {
    const body = method === "GET" || method === "DELETE" ? undefined : { member: { name: "x" }, members: [] };
    const res = await client.call(method, path, { body });
    expect(res.status).toBe(404);
    expect(neutron(res)).toEqual({ message, type: "EntityNotFound", detail: "" });
  });

  test("a member addressed through another pool is 404", async () => {
    const res = await client.call("GET", `/v2.0/lbaas/pools/${DOC.treePool}/members/${DOC.listMember}`);
    expect(res.status).toBe(404);
  });

  test("an unknown path is 404 and a known path with the wrong method is 405 with Allow", async () => {
    const missing = await client.call("GET", "/v2.0/lbaas/nothing");
    expect(missing.status).toBe(404);
    expect(neutron(missing)?.type).toBe("HTTPNotFound");
    const wrong = await client.call("PATCH", members, { body: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe("POST, GET, PUT");
  });
});

describe("batch PUT body", () => {
  const item = (n: number) => ({ address: `192.168.44.${n}`, protocol_port: 80, subnet_id: DOC.subnet44 });

  test("more than 200 members is 400; exactly 200 is accepted", async () => {
    const big = Array.from({ length: 201 }, (_, i) => ({ address: `192.168.44.${i % 250}`, protocol_port: 1000 + i, subnet_id: DOC.subnet44 }));
    const over = await client.call("PUT", members, { body: { members: big, action: "add" } });
    expect(over.status).toBe(400);
    expect(neutron(over)?.message).toBe("A maximum of 200 backend servers can be modified at a time; got 201.");
    const ok = await client.call("PUT", members, { body: { members: big.slice(0, 200), action: "add" } });
    expect(ok.status).toBe(202);
    expect(emu.members(DOC.pool)).toHaveLength(202);
  });

  test("a bad action, a missing or non-list members and unknown keys are 400", async () => {
    const action = await client.call("PUT", members, { body: { members: [], action: "merge" } });
    expect(neutron(action)?.message).toBe("Invalid input for action. Reason: 'merge' is not one of add, delete, replace.");
    const missing = await client.call("PUT", members, { body: { action: "add" } });
    expect(neutron(missing)?.message).toBe("Failed to parse request. Required attribute 'members' not specified");
    const notList = await client.call("PUT", members, { body: { members: {} } });
    expect(neutron(notList)?.message).toBe("Invalid input for members. Reason: '{}' is not a list.");
    const extra = await client.call("PUT", members, { body: { members: [], mode: "x" } });
    expect(neutron(extra)?.message).toBe("Unrecognized attribute(s) 'mode'");
    for (const r of [action, missing, notList, extra]) expect(r.status).toBe(400);
  });

  test("one invalid item rejects the whole batch", async () => {
    const res = await client.call("PUT", members, { body: { members: [item(30), { ...item(31), weight: 500 }], action: "add" } });
    expect(res.status).toBe(400);
    expect(emu.members(DOC.pool)).toHaveLength(2);
  });

  test("add of an existing (address, port) is 409; duplicates within the request are 400", async () => {
    const exists = await client.call("PUT", members, {
      body: { members: [item(30), { address: "10.0.0.8", protocol_port: 80, subnet_id: DOC.subnet10 }], action: "add" },
    });
    expect(exists.status).toBe(409);
    expect(neutron(exists)?.type).toBe("MemberExists");
    const twice = await client.call("PUT", members, { body: { members: [item(30), item(30)], action: "add" } });
    expect(twice.status).toBe(400);
    expect(emu.members(DOC.pool)).toHaveLength(2);
  });

  test("delete of an id not in the pool is 400 and deletes nothing", async () => {
    const res = await client.call("PUT", members, {
      body: { members: [{ id: DOC.listMember }, { id: DOC.treeMember }], action: "delete" },
    });
    expect(res.status).toBe(400);
    expect(neutron(res)?.message).toBe(`Member ${DOC.treeMember} could not be found in the pool`);
    expect(emu.members(DOC.pool)).toHaveLength(2);
  });

  test("an empty replace (the default action) removes every member; an empty add changes nothing", async () => {
    const add = await client.call("PUT", members, { body: { members: [], action: "add" } });
    expect(add.status).toBe(202);
    expect(emu.members(DOC.pool)).toHaveLength(2);
    const replace = await client.call("PUT", members, { body: { members: [] } });
    expect(replace.status).toBe(202);
    expect(emu.members(DOC.pool)).toEqual([]);
  });

  test("replace keeps the id of a member matched by (address, port) and updates it", async () => {
    const res = await client.call("PUT", members, {
      body: { members: [{ address: "10.0.0.8", protocol_port: 80, subnet_id: DOC.subnet10, name: "kept", weight: 7 }, item(40)] },
    });
    expect(res.status).toBe(202);
    const after = emu.members(DOC.pool);
    expect(after).toHaveLength(2);
    expect(after.find((m) => m.address === "10.0.0.8")).toMatchObject({ id: DOC.listMember, name: "kept", weight: 7 });
  });
});

describe("apigw error style", () => {
  let gw: Emulator;
  let gwClient: TestClient;
  beforeAll(async () => {
    gw = await startEmulator({ seed: docWorld(), errorStyle: "apigw" });
    gwClient = new TestClient(gw.url);
  });
  afterAll(async () => {
    await gwClient.close();
    await gw.close();
  });

  test.each([
    [{ name: "x" }, 400, "ELB.0002", "Member is null,request is invalid."],
    [{ member: { protocol_port: 80, subnet_id: DOC.subnet44 } }, 400, "ELB.9805", "RequestBody member[address] is null, this is a required parameter."],
    [{ member: { ...valid, address: "1".repeat(65) } }, 400, "ELB.9805", "RequestBody member[address]'s length is 65, greater than 64."],
    [{ member: { ...valid, weight: 101 } }, 400, "ELB.8902", "Invalid input for 'weight'. '101' is not in range 0 through 100."],
    [
      { member: { address: "10.0.0.8", protocol_port: 80, subnet_id: DOC.subnet10 } },
      409,
      "ELB.8907",
      `Member with address 10.0.0.8 and protocol_port 80 already present in pool ${DOC.pool}`,
    ],
  ])("POST %j => %i %s", async (body, status, code, msg) => {
    const res = await gwClient.call("POST", members, { body });
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error_code: code, error_msg: msg, request_id: res.headers["x-request-id"] });
  });

  test("404s carry ELB.8904 and unknown routes APIGW.0101", async () => {
    const pool = await gwClient.call("GET", "/v2.0/lbaas/pools/nope");
    expect(pool.json).toMatchObject({ error_code: "ELB.8904", error_msg: "pool nope could not be found" });
    const route = await gwClient.call("GET", "/v2.0/nothing");
    expect(route.json).toMatchObject({ error_code: "APIGW.0101" });
  });
});

test("every response carries a 32-hex X-Request-Id, unique per request", async () => {
  const responses = [
    await client.call("GET", members),
    await client.call("GET", "/v2.0/lbaas/pools/nope"),
    await client.call("GET", "/_emulator/state"),
    await client.call("POST", members, { body: { member: valid } }),
  ];
  const ids = responses.map((r) => r.headers["x-request-id"]);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect(new Set(ids).size).toBe(ids.length);
});
