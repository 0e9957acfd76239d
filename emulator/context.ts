// What a route handler sees and returns. Handlers stay free of node:http so they read like the
// API pages they implement.

/** Whom the caller acts for: a project (ELB needs one), or a domain (IAM-only tokens). */
export type CallerScope = { kind: "project"; projectId: string } | { kind: "domain"; domainId: string };

export interface RequestContext {
  method: string;
  /** Path parameters by name, URL-decoded ({pool_id} => params.pool_id). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The exact request body bytes. */
  body: Buffer;
  requestId: string;
  /** The caller's project: from the token, X-Project-Id, or the emulator's own. */
  projectId: string;
  /** The caller's scope on routes that authenticate; the emulator's project elsewhere. */
  scope: CallerScope;
  /** scheme://host as the client addressed the emulator, for links in responses. */
  origin: string;
  /** The request path without query, as received. */
  path: string;
}

export interface Reply {
  status: number;
  /** JSON-serialised when present; absent means an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;
