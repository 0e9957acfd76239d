// The dedicated load balancers' v3 member API as its pages show it (their example bodies are the
// test vectors): the project id in the path, subnet_cidr_id and project_id read into the one
// member shape, a blank subnet left out of the create body, marker paging by page_info, and a
// change gate that neither queues nor retries.
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { Agent } from "undici";
import { NoAuthenticator } from "../client/auth";
import { Deadline } from "../client/deadline";
import { ElbError } from "../client/errors";
import { ElbClient } from "../client/http";
import { RetryPolicy } from "../client/retry";
import { ImmediateChanges } from "./immediate-changes";
import { createMember, getMember, listMembers } from "./members";

const PROJECT = "99a3fff0d03c428eac3678da6a7d0f24";
const POOL = "36ce7086-a496-4666-9064-5ba0e6840c75";
const ROOT = `/v3/${PROJECT}/elb`;

/** viewing_details_of_a_backend_server.rst's example response. */
const SHOWN = {
  member: {
    name: "My member",
    weight: 10,
    admin_state_up: false,
    subnet_cidr_id: "c09f620e-3492-4429-ac15-445d5dd9ca74",
    project_id: PROJECT,
    address: "120.10.10.16",
    protocol_port: 89,
    id: "1923923e-fe8a-484f-bdbc-e11559b1f48f",
    operating_status: "NO_MONITOR",
    ip_version: "v4",
  },
  request_id: "45688823-45f1-40cd-9d24-e51a9574a45b",
};

/** querying_backend_servers_in_a_backend_server_group.rst's example members. */
const LISTED = [
  { ...SHOWN.member, address: "120.10.10.2", protocol_port: 2100, id: "0aa23a52-1ac2-4a2d-8dfa-1e11cb26079d" },
  { ...SHOWN.member, address: "120.10.10.2", protocol_port: 2101, id: "315b928b-39e4-4d5f-8e48-39e9108c1035" },
  {
    ...SHOWN.member,
    subnet_cidr_id: "27e4ab69-a5ed-46c6-921a-5212be19ce87",
    address: "2001:db8:a583:6a::4",
    protocol_port: 2101,
    id: "53976f72-d2aa-47f5-baf4-4906ed6b42d6",
    ip_version: "v6",
  },
];

type Reply = { status: number; body?: unknown };
let handler: (method: string, path: string, query: URLSearchParams, body: string) => Reply = () => ({ status: 500 });
const seen: string[] = [];
let server: http.Server;
let client: ElbClient;
let dispatcher: Agent;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      const reply = handler(req.method ?? "", url.pathname, url.searchParams, body);
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  dispatcher = new Agent();
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new ElbClient({
    endpoint,
    authenticator: new NoAuthenticator(),
    dispatcher,
    api: "dedicated",
    projectId: async () => PROJECT,
    retry: new RetryPolicy({ maxAttempts: 1 }),
  });
});
afterEach(() => dispatcher.close());

const deadline = () => Deadline.after(10_000, "test");

test("a member is read from /v3/{project_id}/elb, its subnet_cidr_id and project_id in the one member shape, v3's own fields kept", async () => {
  handler = (method, path) =>
    method === "GET" && path === `${ROOT}/pools/${POOL}/members/${SHOWN.member.id}` ? { status: 200, body: SHOWN } : { status: 500 };
  const member = await getMember(client, POOL, SHOWN.member.id, deadline());
  expect(member).toMatchObject({ subnet_id: "c09f620e-3492-4429-ac15-445d5dd9ca74", tenant_id: PROJECT, ip_version: "v4", address: "120.10.10.16" });
  expect(member).not.toHaveProperty("subnet_cidr_id");
});

test("a member without a subnet is created as the page's IP-as-a-backend example: no subnet field at all", async () => {
  let sent: unknown;
  handler = (_method, _path, _query, body) => {
    sent = JSON.parse(body);
    return { status: 201, body: { member: { ...SHOWN.member, subnet_cidr_id: "", member_type: "ip" }, request_id: "r" } };
  };
  const member = await createMember(client, POOL, { address: "120.10.10.16", protocol_port: 89, subnet_id: "", name: "My member" }, deadline());
  expect(sent).toEqual({ member: { address: "120.10.10.16", protocol_port: 89, name: "My member" } });
  expect(member.subnet_id).toBe("");
  expect(seen).toEqual([`POST ${ROOT}/pools/${POOL}/members`]);
});

test("a member in a subnet is created with subnet_cidr_id", async () => {
  let sent: unknown;
  handler = (_method, _path, _query, body) => ((sent = JSON.parse(body)), { status: 201, body: SHOWN });
  await createMember(client, POOL, { address: "120.10.10.16", protocol_port: 89, subnet_id: "c09f620e-3492-4429-ac15-445d5dd9ca74" }, deadline());
  expect(sent).toEqual({ member: { address: "120.10.10.16", protocol_port: 89, subnet_cidr_id: "c09f620e-3492-4429-ac15-445d5dd9ca74" } });
});

test("the list follows page_info.next_marker to a page without one, filters in v3's names, the project applied to the answer", async () => {
  handler = (_method, path, query) => {
    if (path !== `${ROOT}/pools/${POOL}/members`) return { status: 500 };
    if (!query.get("marker"))
      return { status: 200, body: { members: LISTED.slice(0, 2), page_info: { current_count: 2, next_marker: LISTED[1].id }, request_id: "r" } };
    return { status: 200, body: { members: LISTED.slice(2), page_info: { previous_marker: LISTED[2].id, current_count: 1 }, request_id: "r" } };
  };
  const members = await listMembers(client, POOL, { subnet_id: "c09f620e-3492-4429-ac15-445d5dd9ca74", tenant_id: PROJECT }, deadline(), 2);
  expect(members.map((member) => member.id)).toEqual(LISTED.map((member) => member.id));
  expect(seen).toEqual([
    `GET ${ROOT}/pools/${POOL}/members?subnet_cidr_id=c09f620e-3492-4429-ac15-445d5dd9ca74&limit=2`,
    `GET ${ROOT}/pools/${POOL}/members?subnet_cidr_id=c09f620e-3492-4429-ac15-445d5dd9ca74&limit=2&marker=${LISTED[1].id}`,
  ]);
  expect(await listMembers(client, POOL, { tenant_id: "another-project" }, deadline(), 2)).toEqual([]);
});

describe("ImmediateChanges", () => {
  const LB = "lb-1";
  const lb = (status: string): Reply => ({ status: 200, body: { loadbalancer: { id: LB, name: "dedicated", provisioning_status: status }, request_id: "r" } });

  test("looks once that the load balancer is ACTIVE and sends the change, with no wait in line and no retry on 409", async () => {
    handler = (_method, path) => (path === `${ROOT}/loadbalancers/${LB}` ? lb("ACTIVE") : { status: 500 });
    const gate = new ImmediateChanges(client);
    let sent = 0;
    const conflict = new ElbError("conflict", "409 ELB.8907: The IP address is already in use", { status: 409 });
    await expect(gate.apply(LB, deadline(), async () => (sent++, Promise.reject(conflict)))).rejects.toBe(conflict);
    expect(sent).toBe(1);
    expect(seen).toEqual([`GET ${ROOT}/loadbalancers/${LB}`]);
    expect(gate.busy()).toBe(false);
  });

  test.each(["ERROR", "PENDING_DELETE"])("refuses before sending when the load balancer is %s", async (status) => {
    handler = (_method, path) => (path === `${ROOT}/loadbalancers/${LB}` ? lb(status) : { status: 500 });
    let sent = 0;
    const failure = await new ImmediateChanges(client).apply(LB, deadline(), async () => sent++).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: "lb_failed", message: expect.stringContaining(`provisioning status ${status}`) });
    expect(sent).toBe(0);
  });
});
