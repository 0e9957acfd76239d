// Every error body shape a server, gateway or proxy may send, for every class of failure: the
// provider reaches the same class whatever the shape and whatever the wording, because it
// decides by status code and structured fields, and asks the server when a status alone cannot
// say (404: gone or wrong endpoint; 409: duplicate, busy or neither).
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { Agent } from "undici";
import { NoAuthenticator } from "../client/auth";
import { systemClock } from "../client/clock";
import { Deadline } from "../client/deadline";
import { ElbError, ElbErrorKind } from "../client/errors";
import { ElbClient } from "../client/http";
import { RetryPolicy } from "../client/retry";
import { addMember } from "../resources/add-member";
import { PoolDirectory } from "./pools";
import { QueuedChanges } from "./load-balancer-queue";
import { getMember } from "./members";
import { ApiMember } from "./types";

interface Reply {
  status: number;
  body: string;
  contentType: string;
}

/** One error, as each kind of server would word and wrap it. The words differ on purpose. */
const SHAPES: Record<string, (status: number, message: string, code?: string) => Reply> = {
  neutron: (status, message, code) => json(status, { NeutronError: { type: code ?? "HTTPError", message, detail: "" } }),
  "api gateway": (status, message, code) => json(status, { error_code: code ?? "ELB.8906", error_msg: message, request_id: "r-1" }),
  keystone: (status, message) => json(status, { error: { code: status, title: "Error", message } }),
  "wsme (Octavia)": (status, message) => json(status, { faultcode: status < 500 ? "Client" : "Server", faultstring: message, debuginfo: null }),
  "code/message": (status, message, code) => json(status, { code: code ?? "E1", message }),
  webob: (status, message) => json(status, { code: status, title: "Bad Request", description: message }),
  html: (status) => ({ status, body: `<html><head><title>${status} Error</title></head><body>nginx</body></html>`, contentType: "text/html" }),
  "plain text": (status, message) => ({ status, body: message, contentType: "text/plain" }),
  empty: (status) => ({ status, body: "", contentType: "text/plain" }),
};

function json(status: number, body: unknown): Reply {
  return { status, body: JSON.stringify(body), contentType: "application/json" };
}

type Handler = (method: string, path: string) => Reply | undefined;

const POOL = "pool-1";
const LB = "lb-1";
const MEMBER: ApiMember = {
  id: "m-1",
  tenant_id: "t",
  name: "web",
  address: "10.0.0.5",
  protocol_port: 80,
  subnet_id: "s-1",
  admin_state_up: true,
  weight: 1,
  operating_status: "NO_MONITOR",
};

let server: http.Server;
let baseUrl: string;
let handler: Handler = () => undefined;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => {
      const reply = handler(req.method ?? "", path) ?? json(500, { unexpected: `${req.method} ${req.url}` });
      res.writeHead(reply.status, { "content-type": reply.contentType });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let dispatcher: Agent;
let client: ElbClient;
beforeEach(() => {
  seen.length = 0;
  dispatcher = new Agent();
  // One attempt: this is about what an answer means, not how often it is retried.
  client = new ElbClient(clientOptions());
});
const PROJECT = "0e1d2c3b4a5f60718293a4b5c6d7e8f9";
const clientOptions = () => ({ endpoint: baseUrl, authenticator: new NoAuthenticator(), dispatcher, retry: new RetryPolicy({ maxAttempts: 1 }) });
afterEach(() => dispatcher.close());

const deadline = () => Deadline.after(10_000, "test");
const loadBalancer = (status: string) => json(200, { loadbalancer: { id: LB, name: "lb", provisioning_status: status } });
const lbList = json(200, { loadbalancers: [{ id: LB }] });

async function failure(work: Promise<unknown>): Promise<ElbError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ElbError);
  return error as ElbError;
}

describe.each(Object.keys(SHAPES))("%s bodies", (shapeName) => {
  const shape = SHAPES[shapeName];

  test("not found: a 404 for a member of a server that serves the API, in a pool that is there, means gone", async () => {
    handler = (_method, path) => {
      if (path === `/v2.0/lbaas/pools/${POOL}/members/m-1`) return shape(404, "there is no such thing", "EntityNotFound");
      if (path === "/v2.0/lbaas/loadbalancers") return lbList;
      if (path === `/v2.0/lbaas/pools/${POOL}`) return json(200, { pool: { id: POOL } });
      return undefined;
    };
    expect((await failure(getMember(client, POOL, "m-1", deadline()))).kind).toBe("not_found");
    expect(seen).toContain("GET /v2.0/lbaas/loadbalancers?limit=1");
  });

  test("not found: a member whose pool is gone from both kinds of load balancer means gone", async () => {
    const both = new ElbClient({ ...clientOptions(), projectId: async () => PROJECT });
    handler = (_method, path) => {
      if (path === "/v2.0/lbaas/loadbalancers") return lbList;
      if (path.startsWith("/v2.0/") || path.startsWith(`/v3/${PROJECT}/elb/pools/`)) return shape(404, "there is no such thing", "EntityNotFound");
      return undefined;
    };
    expect((await failure(getMember(both, POOL, "m-1", deadline()))).kind).toBe("not_found");
    expect(seen).toContain(`GET /v3/${PROJECT}/elb/pools/${POOL}`);
  });

  test("wrong loadBalancerType: a pool missing through v2.0 that v3 has is a configuration error naming the setting", async () => {
    const shared = new ElbClient({ ...clientOptions(), projectId: async () => PROJECT, profile: "dedicated-eu" });
    handler = (_method, path) => {
      if (path === "/v2.0/lbaas/loadbalancers") return lbList;
      if (path === `/v3/${PROJECT}/elb/pools/${POOL}`) return json(200, { pool: { id: POOL }, request_id: "r" });
      if (path.startsWith("/v2.0/")) return shape(404, "there is no such thing", "EntityNotFound");
      return undefined;
    };
    const error = await failure(getMember(shared, POOL, "m-1", deadline()));
    expect(error.kind).toBe("configuration");
    expect(error.message).toContain(`pool ${POOL} is not a pool of a shared load balancer but of a dedicated one`);
    expect(error.message).toContain('set elb:profiles.dedicated-eu.loadBalancerType to "dedicated"');
  });

  test("wrong loadBalancerType: a pool missing through v3 that v2.0 has is a configuration error naming the setting", async () => {
    const dedicated = new ElbClient({ ...clientOptions(), api: "dedicated", projectId: async () => PROJECT });
    handler = (_method, path) => {
      if (path === `/v3/${PROJECT}/elb/loadbalancers`) return lbList;
      if (path === `/v2.0/lbaas/pools/${POOL}`) return json(200, { pool: { id: POOL } });
      if (path.startsWith("/v3/")) return shape(404, "there is no such thing", "ELB.8904");
      return undefined;
    };
    const error = await failure(getMember(dedicated, POOL, "m-1", deadline()));
    expect(error.kind).toBe("configuration");
    expect(error.message).toContain('set elb:loadBalancerType to "shared"');
  });

  test("wrong endpoint: a 404 from a server that does not serve the API is a configuration error", async () => {
    handler = (_method, path) => (path.startsWith("/v2.0/") ? shape(404, "there is no such thing", "EntityNotFound") : undefined);
    const error = await failure(getMember(client, POOL, "m-1", deadline()));
    expect(error.kind).toBe("configuration");
    expect(error.message).toMatch(/wrong endpoint/);
  });

  test("duplicate: a 409 on create with the member at that address is a duplicate, not adopted", async () => {
    handler = (method, path) => {
      if (method === "POST" && path === `/v2.0/lbaas/pools/${POOL}/members`) return shape(409, "we could not do that", "Conflict");
      if (method === "GET" && path === `/v2.0/lbaas/pools/${POOL}/members`) return json(200, { members: [MEMBER] });
      if (path === `/v2.0/lbaas/loadbalancers/${LB}`) return loadBalancer("ACTIVE");
      return undefined;
    };
    const error = await failure(add(false));
    expect(error.kind).toBe("duplicate");
    expect(error.message).toMatch(/adopt: true/);
  });

  test("busy: a 409 while the load balancer is PENDING_UPDATE is waited out and the create retried", async () => {
    let posts = 0;
    let looks = 0;
    handler = (method, path) => {
      if (method === "POST" && path === `/v2.0/lbaas/pools/${POOL}/members`) {
        return ++posts === 1 ? shape(409, "we could not do that", "Conflict") : json(201, { member: MEMBER });
      }
      if (method === "GET" && path === `/v2.0/lbaas/pools/${POOL}/members`) return json(200, { members: [] });
      // ACTIVE before the first try, PENDING_UPDATE when asked about the 409, ACTIVE after.
      if (path === `/v2.0/lbaas/loadbalancers/${LB}`) return loadBalancer(++looks === 2 ? "PENDING_UPDATE" : "ACTIVE");
      return undefined;
    };
    const added = await add(false);
    expect(added.member.id).toBe("m-1");
    expect(posts).toBe(2);
  });

  test("failed load balancer: a 409 while it is in ERROR fails at once, naming it", async () => {
    let looks = 0;
    handler = (method, path) => {
      if (method === "POST") return shape(409, "we could not do that", "Conflict");
      if (method === "GET" && path === `/v2.0/lbaas/pools/${POOL}/members`) return json(200, { members: [] });
      if (path === `/v2.0/lbaas/loadbalancers/${LB}`) return loadBalancer(++looks === 1 ? "ACTIVE" : "ERROR");
      return undefined;
    };
    const error = await failure(add(false));
    expect(error.kind).toBe("lb_failed");
    expect(error.message).toContain(LB);
  });

  test.each<[number, ElbErrorKind]>([
    [429, "throttled"],
    [401, "auth"],
    [403, "auth"],
    [400, "invalid_input"],
    [500, "server"],
    [503, "server"],
  ])("status %i is %s", async (status, kind) => {
    handler = () => shape(status, "something happened");
    expect((await failure(getMember(client, POOL, "m-1", deadline()))).kind).toBe(kind);
  });
});

function add(adopt: boolean) {
  return addMember(
    {
      client,
      pools: new PoolDirectory(client),
      gate: new QueuedChanges(client),
      adoptExisting: false,
      drainSeconds: 0,
      waitForHealthy: false,
      clock: systemClock,
      log: () => undefined,
    },
    {
      poolId: POOL,
      loadBalancerId: LB,
      adopt,
      member: { address: MEMBER.address, protocol_port: 80, subnet_id: "s-1", name: "web", weight: 1, admin_state_up: true },
    },
    deadline(),
  );
}
