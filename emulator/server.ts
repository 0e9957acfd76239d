// The request pipeline: request id, routing, body, fault plan, latency, auth, handler, then the
// reply (normal, slow, or dropped after the change was committed), counted by route and status.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { handleAdmin, isAdminPath } from "./admin";
import type { CallerScope, Reply, RequestContext } from "./context";
import type { EmulatorCore } from "./core";
import {
  ApiError,
  asDedicatedError,
  errorBody,
  forbidden,
  isDedicatedElbPath,
  isIamPath,
  methodNotAllowed,
  routeNotFound,
  serverError,
  unauthorized,
} from "./errors";
import { encodeJson, readBody, writeReply } from "./http-io";
import { newRequestId } from "./ids";

function errorReply(core: EmulatorCore, err: unknown, requestId: string, path: string): Reply {
  let apiErr: ApiError;
  if (err instanceof ApiError) {
    apiErr = err;
  } else {
    // A bug in the emulator, not an emulated failure: say so where a developer will look.
    process.stderr.write(`elb emulator: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    apiErr = serverError(500);
  }
  // Dedicated load balancers' routes answer in the API gateway's shape whatever the style (the
  // v3 pages know no other), with the v3 table's codes; the rest of /v3 is IAM's, Keystone's shape.
  if (isDedicatedElbPath(path)) {
    const shown = asDedicatedError(apiErr);
    return { status: shown.status, headers: shown.headers, body: errorBody(shown, "apigw", requestId, false) };
  }
  const keystone = apiErr.keystone || isIamPath(path);
  return { status: apiErr.status, headers: apiErr.headers, body: errorBody(apiErr, core.errorStyle, requestId, keystone) };
}

function splitUrl(raw: string): { path: string; query: string } {
  const q = raw.indexOf("?");
  return q < 0 ? { path: raw, query: "" } : { path: raw.slice(0, q), query: raw.slice(q + 1) };
}

async function send(core: EmulatorCore, res: ServerResponse, reply: Reply, slowBodyMs = 0): Promise<void> {
  if (res.destroyed) return;
  await writeReply(res, reply.status, reply.headers ?? {}, encodeJson(reply.body), slowBodyMs, core.timers);
}

async function handle(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  res.setHeader("X-Request-Id", requestId);
  const method = (req.method ?? "GET").toUpperCase();
  const { path, query } = splitUrl(req.url ?? "/");
  const origin = `http://${req.headers.host ?? new URL(core.url).host}`;

  if (isAdminPath(path)) {
    await handleAdmin(core, req, res, method, path);
    return;
  }

  const logged = core.logRequest(method, path);
  res.once("finish", () => (logged.status = res.statusCode));
  const match = core.router.match(method, path);
  if (match.kind !== "found") {
    req.resume();
    const err = match.kind === "method" ? methodNotAllowed(method, match.allowed) : routeNotFound();
    core.counters.bump("unmatched", String(err.status));
    await send(core, res, errorReply(core, err, requestId, path));
    return;
  }
  const { route, params } = match;
  const api = route.handler;
  const count = (status: number | string) => core.counters.bump(route.key, String(status));

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (err) {
    const reply = errorReply(core, err, requestId, path);
    count(reply.status);
    await send(core, res, reply);
    return;
  }

  const plan = core.faults.plan(route.key, api.kind);
  await core.timers.sleep(plan.latencyMs);
  if (core.closed) return;

  let scope: CallerScope = { kind: "project", projectId: core.store.projectId };
  if ((api.action !== undefined || api.identified) && core.auth.required) {
    const result = core.auth.authenticate({ method, path, query, headers: req.headers, body });
    if (!result.ok) {
      core.countAuthFailure(result.reason);
      const reply = errorReply(core, unauthorized(result.reason, result.detail), requestId, path);
      count(reply.status);
      await send(core, res, reply);
      return;
    }
    // ELB is project-level and one project is emulated: a domain-scoped token, or a caller
    // scoped to another project, sees a policy refusal.
    const inProject = result.scope.kind === "project" && result.scope.projectId === core.store.projectId;
    if (api.action !== undefined && !inProject) {
      const reply = errorReply(core, forbidden(api.action), requestId, path);
      count(reply.status);
      await send(core, res, reply);
      return;
    }
    scope = result.scope;
  }
  const projectId = scope.kind === "project" ? scope.projectId : core.store.projectId;

  if (plan.respond) {
    const reply = errorReply(core, plan.respond, requestId, path);
    count(reply.status);
    await send(core, res, reply);
    return;
  }

  const ctx: RequestContext = { method, params, query: new URLSearchParams(query), body, requestId, projectId, scope, origin, path };
  let reply: Reply;
  try {
    reply = await api.handle(ctx);
  } catch (err) {
    reply = errorReply(core, err, requestId, path);
  }
  if (method !== "GET" && reply.status < 300) core.persist();

  if (plan.drop) {
    // Commit-then-drop: the change above is applied; the client never hears about it.
    count("dropped");
    req.socket.destroy();
    return;
  }
  if (plan.respondAfterCommit) {
    // The change above is applied, yet the client is told it failed.
    reply = errorReply(core, plan.respondAfterCommit, requestId, path);
  }
  count(reply.status);
  await send(core, res, reply, plan.slowBodyMs);
}

export function createListener(core: EmulatorCore): RequestListener {
  return (req, res) => {
    handle(core, req, res).catch((err: unknown) => {
      process.stderr.write(`elb emulator: failed to answer: ${(err as Error)?.stack ?? String(err)}\n`);
      if (!res.headersSent && !res.destroyed) {
        res.statusCode = 500;
        res.end();
      } else {
        res.destroy();
      }
    });
  };
}
