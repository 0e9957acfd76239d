// The admin API under /_emulator/: seed, state, faults, busy time, slow changes, load balancer
// status, server health, reset and counters. Never faulted, never authenticated, never counted, so tests can
// steer and observe the emulator without disturbing what they measure.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorCore } from "./core";
import { EmulatorConfigError, UnknownResourceError } from "./errors";
import { encodeJson, readBody, writeReply } from "./http-io";
import { Router } from "./router";
import type { FaultConfig, MemberHealth, MemberHealthReason, SeedData } from "./types";

export const ADMIN_PREFIX = "/_emulator";

interface AdminReply {
  status: number;
  body?: unknown;
}

type AdminHandler = (params: Record<string, string>, body: unknown) => AdminReply;

const done: AdminReply = { status: 204 };

function fields(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new EmulatorConfigError("expected a JSON object body");
  }
  return body as Record<string, unknown>;
}

/** The body of PUT servers/{address}/health: exactly {"healthy": true|false}. */
function serverHealthBody(body: unknown): boolean {
  const expected = 'expected {"healthy": true} or {"healthy": false}';
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new EmulatorConfigError(`${expected} as the body`);
  const { healthy, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new EmulatorConfigError(`${expected}; unknown field ${unknown.join(", ")}`);
  if (typeof healthy !== "boolean") throw new EmulatorConfigError(`${expected}; healthy is ${JSON.stringify(healthy) ?? "missing"}`);
  return healthy;
}

function adminRouter(core: EmulatorCore): Router<AdminHandler> {
  const r = new Router<AdminHandler>();
  const add = (method: string, path: string, handler: AdminHandler) => r.add({ method, pattern: `${ADMIN_PREFIX}${path}`, handler });

  add("POST", "/seed", (_p, body) => {
    core.seed(fields(body) as SeedData);
    return done;
  });
  add("GET", "/state", () => ({ status: 200, body: core.state() }));
  add("GET", "/faults", () => ({ status: 200, body: core.faults.current() }));
  add("PUT", "/faults", (_p, body) => {
    core.setFaults(fields(body) as unknown as FaultConfig);
    return done;
  });
  add("PUT", "/busy", (_p, body) => {
    const { ms, loadbalancerId } = fields(body);
    if (loadbalancerId !== undefined && typeof loadbalancerId !== "string") {
      throw new EmulatorConfigError("loadbalancerId must be a string");
    }
    core.setBusyMs(ms as number, loadbalancerId);
    return done;
  });
  add("PUT", "/slow-change", (_p, body) => {
    const { ms, after, loadbalancerId } = fields(body);
    if (loadbalancerId !== undefined && typeof loadbalancerId !== "string") {
      throw new EmulatorConfigError("loadbalancerId must be a string");
    }
    core.slowChange(ms as number, after as number | undefined, loadbalancerId);
    return done;
  });
  add("PUT", "/loadbalancers/{id}/status", (p, body) => {
    core.setLoadBalancerStatus(p.id, fields(body).status as string);
    return done;
  });
  add("GET", "/servers/{address}/health", (p) => ({ status: 200, body: { address: p.address, healthy: core.store.serverHealthy(p.address) } }));
  add("PUT", "/servers/{address}/health", (p, body) => {
    core.setServerHealth(p.address, serverHealthBody(body));
    return done;
  });
  add("PUT", "/health", (_p, body) => {
    const { address, status, reason } = fields(body);
    if (typeof address !== "string") throw new EmulatorConfigError("address must be a string");
    // The reason is checked field by field by the store.
    core.setMemberHealth(address, status as MemberHealth, reason as MemberHealthReason | undefined);
    return done;
  });
  add("POST", "/reset", () => {
    core.reset();
    return done;
  });
  add("GET", "/counters", () => ({ status: 200, body: core.counterSnapshot() }));
  add("DELETE", "/counters", () => {
    core.counters.clear();
    return done;
  });
  return r;
}

const routers = new WeakMap<EmulatorCore, Router<AdminHandler>>();

export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

export async function handleAdmin(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  let router = routers.get(core);
  if (!router) {
    router = adminRouter(core);
    routers.set(core, router);
  }
  const reply = await answer(router, req, method, path);
  if (!res.destroyed) await writeReply(res, reply.status, {}, encodeJson(reply.body), 0, core.timers);
}

async function answer(router: Router<AdminHandler>, req: IncomingMessage, method: string, path: string): Promise<AdminReply> {
  const match = router.match(method, path);
  if (match.kind === "none") {
    req.resume();
    return { status: 404, body: { error: `no admin route ${method} ${path}` } };
  }
  if (match.kind === "method") {
    req.resume();
    return { status: 405, body: { error: `${method} not allowed; use ${match.allowed.join(", ")}` } };
  }
  try {
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return { status: 400, body: { error: "body is not valid JSON" } };
      }
    }
    return match.route.handler(match.params, body);
  } catch (err) {
    if (err instanceof UnknownResourceError) return { status: 404, body: { error: err.message } };
    if (err instanceof EmulatorConfigError) return { status: 400, body: { error: err.message } };
    return { status: 500, body: { error: (err as Error)?.message ?? String(err) } };
  }
}
