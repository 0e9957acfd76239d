// List queries: documented filters, sorting, paging with members_links, `fields`, and 400 for
// every parameter a list does not know.
import { Emulator, startEmulator } from "./index";
import { TestClient } from "./testing/client";
import type { SeedData } from "./types";

const P = "0123456789abcdef0123456789abcdef";
const VPC = "aaaaaaaa-0000-4000-8000-000000000000";
const SUBNET_A = "aaaaaaaa-0000-4000-8000-00000000000a";
const SUBNET_B = "aaaaaaaa-0000-4000-8000-00000000000b";
const LB = "bbbbbbbb-0000-4000-8000-000000000001";
const LB2 = "bbbbbbbb-0000-4000-8000-000000000002";
const POOL = "cccccccc-0000-4000-8000-000000000001";
const POOL2 = "cccccccc-0000-4000-8000-000000000002";
const id = (n: number) => `dddddddd-0000-4000-8000-00000000000${n}`;

// Seven members with ids in a known order and fields that sort differently from the ids.
const world: SeedData = {
  projectId: P,
  subnets: [
    { id: SUBNET_A, cidr: "10.1.0.0/16", vpcId: VPC },
    { id: SUBNET_B, cidr: "10.2.0.0/16", vpcId: VPC },
  ],
  loadbalancers: [
    { id: LB, vipSubnetId: SUBNET_A },
    { id: LB2, vipSubnetId: SUBNET_A },
  ],
  pools: [
    { id: POOL, loadbalancerId: LB, healthmonitorId: "eeeeeeee-0000-4000-8000-000000000001" },
    { id: POOL2, loadbalancerId: LB2 },
  ],
  members: [
    { id: id(1), poolId: POOL, address: "10.1.0.1", protocolPort: 80, subnetId: SUBNET_A, name: "web-c", weight: 5 },
    { id: id(2), poolId: POOL, address: "10.1.0.2", protocolPort: 80, subnetId: SUBNET_A, name: "web-a", weight: 1 },
    { id: id(3), poolId: POOL, address: "10.1.0.3", protocolPort: 8080, subnetId: SUBNET_A, name: "web-b", weight: 5, adminStateUp: false },
    { id: id(4), poolId: POOL, address: "10.2.0.4", protocolPort: 80, subnetId: SUBNET_B, name: "web-a", weight: 0 },
    { id: id(5), poolId: POOL, address: "10.2.0.5", protocolPort: 443, subnetId: SUBNET_B, name: "web-d", weight: 9 },
    { id: id(6), poolId: POOL, address: "10.1.0.1", protocolPort: 443, subnetId: SUBNET_A, name: "web-c", weight: 1 },
    { id: id(7), poolId: POOL, address: "10.1.0.7", protocolPort: 80, subnetId: SUBNET_A, name: "web-e", weight: 2 },
    { id: id(8), poolId: POOL2, address: "10.1.0.8", protocolPort: 80, subnetId: SUBNET_A, name: "other" },
  ],
  memberHealth: { "10.2.0.4": "OFFLINE", "10.2.0.5": "OFFLINE" },
};

let emu: Emulator;
let client: TestClient;

beforeAll(async () => {
  emu = await startEmulator({ seed: world });
  client = new TestClient(emu.url);
});
afterAll(async () => {
  await client.close();
  await emu.close();
});

const list = `/v2.0/lbaas/pools/${POOL}/members`;

async function ids(path: string): Promise<string[]> {
  const res = await client.call("GET", path);
  expect(res.status).toBe(200);
  return res.json.members.map((m: { id: string }) => m.id);
}

const n = (...nums: number[]) => nums.map(id);

describe("filters", () => {
  test.each([
    [`id=${id(3)}`, [3]],
    [`tenant_id=${P}`, [1, 2, 3, 4, 5, 6, 7]],
    ["tenant_id=someone-else", []],
    ["name=web-a", [2, 4]],
    ["address=10.1.0.1", [1, 6]],
    ["protocol_port=80", [1, 2, 4, 7]],
    [`subnet_id=${SUBNET_B}`, [4, 5]],
    ["admin_state_up=false", [3]],
    ["admin_state_up=True", [1, 2, 4, 5, 6, 7]],
    ["weight=5", [1, 3]],
    ["weight=0", [4]],
    ["address=10.1.0.1&protocol_port=443", [6]],
    ["name=web-a&name=web-e", [2, 4, 7]],
    ["operating_status=OFFLINE", [4, 5]],
    ["operating_status=ONLINE&protocol_port=80", [1, 2, 7]],
    [`project_id=${P}`, [1, 2, 3, 4, 5, 6, 7]],
    ["project_id=someone-else", []],
  ])("?%s", async (query, expected) => {
    expect(await ids(`${list}?${query}`)).toEqual(n(...expected));
  });

  test.each([
    ["protocol_port=http", "Invalid input for protocol_port: 'http' is not an integer."],
    ["weight=1.5", "Invalid input for weight: '1.5' is not an integer."],
    ["admin_state_up=maybe", "Invalid input for admin_state_up: 'maybe' is not a boolean."],
  ])("?%s is 400", async (query, message) => {
    const res = await client.call("GET", `${list}?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.NeutronError.message).toBe(message);
  });

  test("the extension list filters by pool, load balancer and health", async () => {
    expect(await ids(`/v2.0/lbaas/members?pool_id=${POOL2}`)).toEqual(n(8));
    expect(await ids(`/v2.0/lbaas/members?loadbalancer_id=${LB}&protocol_port=443`)).toEqual(n(5, 6));
    expect(await ids("/v2.0/lbaas/members?operating_status=OFFLINE")).toEqual(n(4, 5));
    expect(await ids("/v2.0/lbaas/members?operating_status=NO_MONITOR")).toEqual(n(8));
  });

  test("pools filter by load balancer", async () => {
    const res = await client.call("GET", `/v2.0/lbaas/pools?loadbalancer_id=${LB2}`);
    expect(res.json.pools.map((p: { id: string }) => p.id)).toEqual([POOL2]);
  });
});

describe("no silently ignored parameter", () => {
  const lists = [list, "/v2.0/lbaas/members", "/v2.0/lbaas/pools", "/v2.0/lbaas/loadbalancers", `/v2/lbaas/pools/${POOL}/members`, "/v2/lbaas/members"];
  // Members and pools carry no provisioning_status, so it filters nothing there.
  const unknown = (path: string) =>
    path.endsWith("loadbalancers") ? ["nonsense=1", "backup=false"] : ["nonsense=1", "backup=false", "provisioning_status=ACTIVE"];
  test.each(lists.flatMap((path) => unknown(path).map((q) => [path, q])))("%s?%s is 400 naming the parameter", async (path, query) => {
    const res = await client.call("GET", `${path}?${query}`);
    expect(res.status).toBe(400);
    const name = query.split("=")[0];
    expect(res.json.NeutronError.type).toBe("HTTPBadRequest");
    expect(res.json.NeutronError.message).toMatch(new RegExp(`^'${name}' is not a query parameter of this list; it accepts .*\\bid\\b`));
  });

  test("load balancers do filter by provisioning_status, since they carry it", async () => {
    const res = await client.call("GET", "/v2.0/lbaas/loadbalancers?provisioning_status=ACTIVE");
    expect(res.status).toBe(200);
    expect(res.json.loadbalancers).toHaveLength(2);
  });

  test("documented parameters and filters with empty values are still accepted", async () => {
    const res = await client.call("GET", `${list}?limit=2&marker=${id(1)}&page_reverse=false&sort_key=id&sort_dir=asc`);
    expect(res.status).toBe(200);
    expect(res.json.members.map((m: { id: string }) => m.id)).toEqual(n(2, 3));
    const empty = await client.call("GET", `${list}?name=`);
    expect(empty.status).toBe(200);
    expect(empty.json.members).toEqual([]);
  });

  test("in the apigw style the parameter is named under ELB.1004", async () => {
    const gw = await startEmulator({ seed: world, errorStyle: "apigw" });
    const gwClient = new TestClient(gw.url);
    try {
      const res = await gwClient.call("GET", `${list}?status=ONLINE`);
      expect(res.status).toBe(400);
      expect(res.json.error_code).toBe("ELB.1004");
      expect(res.json.error_msg).toMatch(/^The query condition is invalid. 'status' is not a query parameter of this list/);
    } finally {
      await gwClient.close();
      await gw.close();
    }
  });
});

describe("fields", () => {
  test("selects the attributes of each item; repeated fields add up", async () => {
    const res = await client.call("GET", `${list}?fields=id&fields=address&protocol_port=443`);
    expect(res.status).toBe(200);
    expect(res.json.members).toEqual([
      { id: id(5), address: "10.2.0.5" },
      { id: id(6), address: "10.1.0.1" },
    ]);
  });

  test("paging still works when the id is not among the fields", async () => {
    const res = await client.call("GET", `${list}?fields=name&limit=2`);
    expect(res.json.members).toEqual([{ name: "web-c" }, { name: "web-a" }]);
    expect(res.json.members_links[0]).toEqual({ rel: "next", href: `${emu.url}${list}?fields=name&limit=2&marker=${id(2)}` });
  });

  test("the extension list, pools and load balancers know their own attributes", async () => {
    const ext = await client.call("GET", `/v2.0/lbaas/members?fields=pool_id&id=${id(8)}`);
    expect(ext.json.members).toEqual([{ pool_id: POOL2 }]);
    const pools = await client.call("GET", "/v2.0/lbaas/pools?fields=healthmonitor_id");
    expect(pools.json.pools).toEqual([{ healthmonitor_id: "eeeeeeee-0000-4000-8000-000000000001" }, { healthmonitor_id: null }]);
    const lbs = await client.call("GET", "/v2.0/lbaas/loadbalancers?fields=provisioning_status");
    expect(lbs.json.loadbalancers).toEqual([{ provisioning_status: "ACTIVE" }, { provisioning_status: "ACTIVE" }]);
  });

  test("an attribute the resource does not have is 400", async () => {
    const res = await client.call("GET", `${list}?fields=pool_id`);
    expect(res.status).toBe(400);
    expect(res.json.NeutronError.message).toBe("'pool_id' is not an attribute of this resource, so it cannot be in fields.");
  });
});

describe("sorting", () => {
  test("default order is ascending id", async () => {
    expect(await ids(list)).toEqual(n(1, 2, 3, 4, 5, 6, 7));
  });

  test("one key, either direction, ties broken by id", async () => {
    expect(await ids(`${list}?sort_key=weight&sort_dir=desc`)).toEqual(n(5, 1, 3, 7, 2, 6, 4));
    expect(await ids(`${list}?sort_key=weight&sort_dir=asc`)).toEqual(n(4, 2, 6, 7, 1, 3, 5));
  });

  test("repeated keys sort by each in turn", async () => {
    expect(await ids(`${list}?sort_key=name&sort_dir=asc&sort_key=protocol_port&sort_dir=desc`)).toEqual(n(2, 4, 3, 6, 1, 5, 7));
  });

  test.each([
    ["sort_key=name", "The number of sort_keys (1) and sort_dirs (0) must be the same."],
    ["sort_key=name&sort_key=weight&sort_dir=asc", "The number of sort_keys (2) and sort_dirs (1) must be the same."],
    ["sort_dir=asc", "The number of sort_keys (0) and sort_dirs (1) must be the same."],
    ["sort_key=colour&sort_dir=asc", "colour is an invalid attribute for sort_key."],
    ["sort_key=name&sort_dir=up", "up is an invalid value for sort_dir; use asc or desc."],
  ])("?%s is 400", async (query, message) => {
    const res = await client.call("GET", `${list}?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.NeutronError.message).toBe(message);
  });
});

describe("paging", () => {
  test("forward pages link next and previous; the last page has no next", async () => {
    const first = await client.call("GET", `${list}?limit=3`);
    expect(first.json.members.map((m: { id: string }) => m.id)).toEqual(n(1, 2, 3));
    expect(first.json.members_links).toEqual([
      { rel: "next", href: `${emu.url}${list}?limit=3&marker=${id(3)}` },
      { rel: "previous", href: `${emu.url}${list}?limit=3&marker=${id(1)}&page_reverse=True` },
    ]);
    const last = await client.call("GET", `${list}?limit=3&marker=${id(6)}`);
    expect(last.json.members.map((m: { id: string }) => m.id)).toEqual(n(7));
    expect(last.json.members_links.map((l: { rel: string }) => l.rel)).toEqual(["previous"]);
  });

  test("following next links walks the whole filtered, sorted list once", async () => {
    const seen: string[] = [];
    let path: string | undefined = `${list}?protocol_port=80&sort_key=name&sort_dir=desc&limit=2`;
    while (path) {
      const res = await client.call("GET", path);
      seen.push(...res.json.members.map((m: { id: string }) => m.id));
      const next = res.json.members_links.find((l: { rel: string }) => l.rel === "next");
      path = next ? next.href.slice(emu.url.length) : undefined;
    }
    expect(seen).toEqual(await ids(`${list}?protocol_port=80&sort_key=name&sort_dir=desc`));
    expect(seen).toEqual(n(7, 1, 2, 4));
  });

  test("page_reverse pages backwards from the marker; the first page has no previous", async () => {
    const tail = await client.call("GET", `${list}?limit=3&page_reverse=true`);
    expect(tail.json.members.map((m: { id: string }) => m.id)).toEqual(n(5, 6, 7));
    expect(tail.json.members_links).toEqual([
      { rel: "next", href: `${emu.url}${list}?limit=3&marker=${id(7)}` },
      { rel: "previous", href: `${emu.url}${list}?limit=3&marker=${id(5)}&page_reverse=True` },
    ]);
    const head = await client.call("GET", `${list}?limit=3&marker=${id(3)}&page_reverse=True`);
    expect(head.json.members.map((m: { id: string }) => m.id)).toEqual(n(1, 2));
    expect(head.json.members_links.map((l: { rel: string }) => l.rel)).toEqual(["next"]);
  });

  test("marker and page_reverse without limit are ignored, and members_links is absent", async () => {
    const res = await client.call("GET", `${list}?marker=${id(3)}&page_reverse=true`);
    expect(res.json.members).toHaveLength(7);
    expect(res.json.members_links).toBeUndefined();
    const zero = await client.call("GET", `${list}?limit=0`);
    expect(zero.json.members).toHaveLength(7);
    expect(zero.json.members_links).toBeUndefined();
  });

  test("an unknown marker is 404; a bad limit is 400", async () => {
    const marker = await client.call("GET", `${list}?limit=2&marker=${id(9)}`);
    expect(marker.status).toBe(404);
    expect(marker.json.NeutronError.message).toBe(`member ${id(9)} could not be found`);
    for (const limit of ["-1", "two"]) {
      const res = await client.call("GET", `${list}?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.json.NeutronError.message).toBe(`Limit must be an integer 0 or greater and not '${limit}'.`);
    }
  });

  test("pools page with pools_links", async () => {
    const res = await client.call("GET", "/v2.0/lbaas/pools?limit=1");
    expect(res.json.pools.map((p: { id: string }) => p.id)).toEqual([POOL]);
    expect(res.json.pools_links[0]).toEqual({ rel: "next", href: `${emu.url}/v2.0/lbaas/pools?limit=1&marker=${POOL}` });
  });
});
