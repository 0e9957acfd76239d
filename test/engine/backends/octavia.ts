// OpenStack Octavia's real API server as a test backend: starts scripts/openstack/octavia_server.py
// with the cached venv's Python, and steers it through its /_test/ surface. The handle's method
// names match the emulator's (emulator/index.ts) where they mean the same; here they are async,
// since they go over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { request, type Dispatcher } from "undici";
import { openstackPython } from "../toolchain";

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const STDERR_TAIL_CHARS = 4_000;

export type OctaviaCounters = Record<string, Record<string, number>>;

export interface OctaviaIds {
  loadBalancerId: string;
  listenerId: string;
  poolId: string;
  subnetId: string;
  projectId: string;
}

export interface ApiAnswer {
  status: number;
  /** Parsed JSON, the text when it is not JSON, or undefined for an empty body. */
  body: any;
}

export interface OctaviaServer {
  /** e.g. http://127.0.0.1:41234; Octavia serves /v2/lbaas/... and the same under /v2.0/. */
  url: string;
  ids: OctaviaIds;
  /** Octavia's own view of a pool's members, every page. */
  members(poolId: string): Promise<OctaviaMember[]>;
  /** A plain API call, as a change "outside Pulumi"; never throws on an HTTP status. */
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** Octavia's answers by "METHOD /path/{id}" and status, since start or the last reset. */
  counters(): Promise<OctaviaCounters>;
  resetCounters(): Promise<void>;
  /** How long each change keeps its load balancer PENDING_*, from now on. */
  setBusyMs(ms: number): Promise<void>;
  setLoadBalancerStatus(id: string, status: "ERROR" | "ACTIVE"): Promise<void>;
  close(): Promise<void>;
}

/** A member as Octavia's API returns it. */
export interface OctaviaMember {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  weight: number;
  admin_state_up: boolean;
  subnet_id: string | null;
  provisioning_status: string;
  operating_status: string;
  [field: string]: unknown;
}

export interface StartOctaviaOptions {
  /** PENDING_* time after each change, in ms (default 0: settles within the driver's poll). */
  busyMs?: number;
}

/** Starts a fresh Octavia with its own database and one seeded load balancer, listener and pool. */
export async function startOctavia(options: StartOctaviaOptions = {}): Promise<OctaviaServer> {
  const args = [serverScript(), "--port", "0", "--busy-ms", String(options.busyMs ?? 0), "--stop-on-stdin-close"];
  // Its own process group, so close() stops it and anything it started; stdin open so the server
  // stops by itself if this process dies.
  const child = spawn(openstackPython(), args, { detached: true, stdio: ["pipe", "pipe", "pipe"] });
  const world = await readWorld(child);
  const url = world.url;
  return {
    url,
    ids: {
      loadBalancerId: world.loadBalancerId,
      listenerId: world.listenerId,
      poolId: world.poolId,
      subnetId: world.subnetId,
      projectId: world.projectId,
    },
    members: (poolId) => listMembers(url, poolId),
    api: (method, apiPath, body) => callApi(url, method, apiPath, body),
    counters: async () => (await control(url, "GET", "/_test/counters")) as OctaviaCounters,
    resetCounters: async () => void (await control(url, "POST", "/_test/counters/reset")),
    setBusyMs: async (ms) => void (await control(url, "PUT", "/_test/busy", { busyMs: ms })),
    setLoadBalancerStatus: async (id, status) => void (await control(url, "PUT", `/_test/loadbalancers/${id}/status`, { provisioning_status: status })),
    close: () => stop(child),
  };
}

/** One API call to an Octavia at `baseUrl`; the status and parsed body, whatever the status. */
export async function callApi(baseUrl: string, method: string, apiPath: string, body?: unknown): Promise<ApiAnswer> {
  const response = await request(baseUrl + apiPath, {
    method: method as Dispatcher.HttpMethod,
    headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text ? parseOrText(text) : undefined };
}

/** Octavia answers JSON, but a few paths (and the WSGI server's own 500s) answer plain text. */
function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every member of a pool, following Octavia's `next` links (which keep only limit and marker). */
export async function listMembers(baseUrl: string, poolId: string): Promise<OctaviaMember[]> {
  const members: OctaviaMember[] = [];
  let next: string | undefined = `/v2/lbaas/pools/${poolId}/members?limit=100`;
  while (next) {
    const answer = await callApi(baseUrl, "GET", next);
    if (answer.status !== 200) throw new Error(`GET ${next}: ${answer.status} ${JSON.stringify(answer.body)}`);
    const page = answer.body as { members: OctaviaMember[]; members_links: { rel: string; href: string }[] };
    members.push(...page.members);
    // Every full page carries a next link, even the last one; the page after it is empty and
    // has none.
    const link = page.members_links.find((l) => l.rel === "next");
    next = link ? new URL(link.href).pathname + new URL(link.href).search : undefined;
  }
  return members;
}

async function control(url: string, method: string, controlPath: string, body?: unknown): Promise<unknown> {
  const answer = await callApi(url, method, controlPath, body);
  if (answer.status >= 300) throw new Error(`${method} ${controlPath}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

function serverScript(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const script = path.join(dir, "scripts", "openstack", "octavia_server.py");
    if (fs.existsSync(script)) return script;
  }
  throw new Error(`no scripts/openstack/octavia_server.py above ${__dirname}`);
}

interface World extends OctaviaIds {
  url: string;
}

/** Waits for the one JSON line the server prints once it is seeded and serving. */
function readWorld(child: ChildProcess): Promise<World> {
  let stdout = "";
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  return new Promise<World>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      void stop(child);
      reject(new Error(`Octavia's API server ${why}; its stderr ends with:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not answer within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${signal ?? `code ${code}`}) before it was ready`);
    const onError = (error: Error) => fail(`could not start: ${error.message}`);
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      cleanup();
      try {
        resolve(JSON.parse(stdout.slice(0, newline)) as World);
      } catch {
        void stop(child);
        reject(new Error(`Octavia's API server printed ${JSON.stringify(stdout.slice(0, newline))}, not JSON`));
      }
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("exit", onExit);
      child.off("error", onError);
      child.stdout!.off("data", onData);
    };
    child.once("exit", onExit);
    child.once("error", onError);
    child.stdout!.on("data", onData);
  });
}

/** SIGTERM to the process group, SIGKILL if it has not exited after a while; resolves on exit. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => killGroup("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    killGroup("SIGTERM");
  });
}
