// The HTTP client for the ELB API: one call = attempts under a RetryPolicy and a Deadline, each
// attempt authorized afresh (signatures are per attempt), every response body consumed (undici
// leaks sockets otherwise), every answer or network failure turned into an ElbError; only a
// ShutdownError (nothing was sent) and the authenticator's own errors pass as they are.
import type { Dispatcher } from "undici";
import { undici } from "./undici";
import { authHint } from "./auth-hints";
import { ConfigurationError } from "./auth/errors";
import { Authenticator } from "./auth/types";
import { MEMBER_API_TITLES, type MemberApi } from "../member-api";
import { CONFIG_NAMESPACE } from "../settings/model";
import { profileConfigKey } from "../settings/profiles";
import { Deadline } from "./deadline";
import { classifyResponse, ElbError, ElbErrorDetails, ElbErrorKind, isElbError, parseErrorBody } from "./errors";
import { Redactor, redactorFor } from "./redact";
import { RetryPolicy, retryWhen } from "./retry";
import { gatedDispatcher } from "./send-gate";
import { ShutdownError, ShutdownSignal } from "./shutdown-signal";

export type QueryValue = string | number | boolean | undefined | Array<string | number | boolean>;

export interface CallOptions {
  deadline: Deadline;
  query?: Record<string, QueryValue>;
  /** Serialized as JSON. */
  body?: unknown;
  /** Whether repeating the call cannot apply a change twice; defaults to method !== POST. */
  idempotent?: boolean;
}

export interface ApiResult<T> {
  status: number;
  body: T;
  requestId?: string;
}

/** What happened on the wire, for logs, tests and benchmarks. Never carries headers or bodies. */
export type ClientEvent =
  | { type: "attempt"; method: string; path: string; attempt: number }
  | { type: "retry"; method: string; path: string; attempt: number; delayMs: number; reason: string }
  | { type: "response"; method: string; path: string; status: number; ms: number };

export interface ClientOptions {
  /** Origin of the ELB API, e.g. https://elb.eu-de.otc.t-systems.com (a path prefix is kept). */
  endpoint: string;
  authenticator: Authenticator;
  dispatcher: Dispatcher;
  retry?: RetryPolicy;
  /** Longest a single attempt may take before it counts as a network timeout. */
  attemptTimeoutMs?: number;
  userAgent?: string;
  onEvent?: (event: ClientEvent) => void;
  /** Hides credentials the server may echo in its error text. */
  redact?: Redactor;
  /** Which member API the server speaks (paths, field names, paging): the shared ELB's v2.0 by default. */
  api?: MemberApi;
  /** The project id the ELB v3 paths hold; asked for once, on the first v3 call. */
  projectId?: () => Promise<string>;
  /** The profile of elb:profiles this client serves, for messages that name a setting. */
  profile?: string;
  /** Whether the provider is shutting down (then nothing is sent): the runtime's; a client of its own by default. */
  shutdown?: ShutdownSignal;
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 60_000;
const CREDENTIAL_HEADERS = new Set(["authorization", "x-auth-token", "x-security-token"]);

export class ElbClient {
  private readonly base: URL;
  private readonly retry: RetryPolicy;
  /**
   * Set once the endpoint has answered as the LBaaS API (api/confirm.ts); a client's endpoint
   * never changes, so only a confirmed answer is kept.
   */
  servesLbaasConfirmed = false;
  /** Checked before every attempt and as each request goes on the wire; the change queue checks it too. */
  readonly shutdown: ShutdownSignal;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: ClientOptions) {
    this.shutdown = options.shutdown ?? new ShutdownSignal();
    this.dispatcher = gatedDispatcher(options.dispatcher, this.shutdown);
    this.base = new URL(options.endpoint.endsWith("/") ? options.endpoint : `${options.endpoint}/`);
    this.retry = options.retry ?? new RetryPolicy();
  }

  /** The endpoint as configured, path prefix included, for messages. */
  get endpoint(): string {
    return this.base.href.replace(/\/$/, "");
  }

  get api(): MemberApi {
    return this.options.api ?? "shared";
  }

  private root?: Promise<string>;

  /** Where the API's paths start: /v2.0/lbaas (shared ELB), /v2/lbaas (Octavia), /v3/{project_id}/elb (dedicated). */
  apiRoot(): Promise<string> {
    this.root ??= this.rootOf(this.api);
    // A failed look-up (IAM down) is asked again on the next call.
    this.root.catch(() => (this.root = undefined));
    return this.root;
  }

  /**
   * The root of the cloud's other kind of load balancer (v3 for a shared ELB client, v2.0 for a
   * dedicated one), to tell a pool of the other kind from a missing one; undefined when there is
   * none (Octavia) or v3 has no project id to go by.
   */
  async otherApiRoot(): Promise<string | undefined> {
    if (this.api === "octavia") return undefined;
    return this.rootOf(this.api === "dedicated" ? "shared" : "dedicated").catch(() => undefined);
  }

  /** A setting's stack config key for this client's target: elb:<name>, or elb:profiles.<profile>.<name>. */
  settingKey(name: string): string {
    return this.options.profile === undefined ? `${CONFIG_NAMESPACE}:${name}` : profileConfigKey(this.options.profile, name);
  }

  private async rootOf(api: MemberApi): Promise<string> {
    if (api === "octavia") return "/v2/lbaas";
    if (api === "shared") return "/v2.0/lbaas";
    if (!this.options.projectId) throw new ConfigurationError("ELB_NO_PROJECT", "the ELB v3 API needs the project id in its paths: set elb:projectId");
    return `/v3/${encodeURIComponent(await this.options.projectId())}/elb`;
  }

  /** The policy this client retries by, for callers that retry a non-idempotent call themselves. */
  get retryPolicy(): RetryPolicy {
    return this.retry;
  }

  async call<T>(method: string, path: string, options: CallOptions): Promise<ApiResult<T>> {
    const url = this.url(path, options.query);
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const idempotent = options.idempotent ?? method !== "POST";
    const { deadline } = options;
    let renewedAuth = false;
    let lastError: ElbError | undefined;
    const { shutdown } = this;
    return retryWhen(() => shutdown.track(() => this.attempt<T>(method, url, body, deadline)), {
      deadline,
      beforeAttempt: (attempt) => {
        // Never send once the engine is gone: nothing would record what this call changes.
        shutdown.assertMaySend(method);
        // Never send once the deadline has passed: a change sent now could land unrecorded.
        if (deadline.expired()) throw lastError ?? deadline.timeoutError();
        this.emit({ type: "attempt", method, path, attempt });
      },
      onFailure: async (caught, attempt) => {
        if (!isElbError(caught)) throw caught;
        let error: ElbError = caught;
        if (error instanceof ResponseError) {
          if (error.status === 401 && !renewedAuth) {
            renewedAuth = true;
            // Renewed credentials are tried at once.
            if (await this.options.authenticator.renewAfterUnauthorized(error.sentHeaders)) return 0;
          }
          error = error.withoutHeaders();
        }
        lastError = error;
        const decision = this.retry.decide(error, attempt, idempotent, deadline);
        if (!decision.retry) throw decision.error;
        const { delayMs } = decision;
        this.emit({ type: "retry", method, path, attempt, delayMs, reason: error.status ? String(error.status) : error.kind });
        return delayMs;
      },
    });
  }

  private async attempt<T>(method: string, url: URL, body: Buffer | undefined, deadline: Deadline): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": this.options.userAgent ?? "pulumi-elb-poolmember",
    };
    if (body) headers["content-type"] = "application/json";
    const authHeaders = await this.options.authenticator.authorize({ method, url, headers, body });
    const sent = { ...headers, ...authHeaders };
    // Whole milliseconds, as AbortSignal.timeout requires, whatever the deadline's clock reads.
    const timeoutMs = Math.min(this.options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS, Math.max(1, Math.ceil(deadline.remainingMs())));
    const started = Date.now();
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await undici().request(url, {
        method: method as Dispatcher.HttpMethod,
        headers: sent,
        body,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.body.text();
    } catch (cause) {
      // Refused on its way to the socket (send-gate.ts): nothing was sent, and nothing is to be retried.
      if (cause instanceof ShutdownError) throw cause;
      throw networkError(method, url, cause);
    }
    this.emit({ type: "response", method, path: url.pathname, status: response.statusCode, ms: Date.now() - started });
    const requestId = headerValue(response.headers["x-request-id"]) ?? headerValue(response.headers["x-openstack-request-id"]);
    if (response.statusCode >= 200 && response.statusCode < 300) {
      try {
        return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as T, requestId };
      } catch {
        // The call may well have been applied: "server" makes a create look before it retries.
        throw new ElbError("server", `${method} ${url.pathname} answered ${response.statusCode} with a body that is not JSON`, { requestId });
      }
    }
    // What we sent as credentials (including tokens obtained from IAM) never comes back in text.
    const sentSecrets = Object.entries(authHeaders)
      .filter(([name]) => CREDENTIAL_HEADERS.has(name.toLowerCase()))
      .map(([, value]) => value);
    const parsed = parseErrorBody(redactorFor(sentSecrets)(this.options.redact ? this.options.redact(text) : text));
    const kind = classifyResponse(response.statusCode, parsed);
    const retryAfter = Number(headerValue(response.headers["retry-after"]));
    const reqId = parsed.requestId ?? requestId;
    const hint =
      kind === "auth"
        ? `; ${authHint(response.statusCode, this.options.authenticator.method)}`
        : kind === "configuration"
          ? `; ${this.endpoint} does not seem to serve ${MEMBER_API_TITLES[this.api]}: check elb:endpoint, or elb:region and elb:cloud`
          : "";
    const message =
      `${method} ${url.pathname} answered ${response.statusCode}` +
      `${parsed.code ? ` ${parsed.code}` : ""}: ${parsed.message || "(no message)"}` +
      `${reqId ? ` (request id ${reqId})` : ""}${hint}`;
    throw new ResponseError(
      kind,
      message,
      {
        status: response.statusCode,
        apiCode: parsed.code,
        requestId: reqId,
        retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
      },
      sent,
    );
  }

  private url(path: string, query?: Record<string, QueryValue>): URL {
    const url = new URL(path.replace(/^\//, ""), this.base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  }

  private emit(event: ClientEvent): void {
    this.options.onEvent?.(event);
  }
}

/**
 * An API error that still knows the headers it was sent with, so auth can be renewed once.
 * It never leaves this file: the headers carry credentials.
 */
class ResponseError extends ElbError {
  constructor(
    kind: ElbErrorKind,
    message: string,
    details: ElbErrorDetails,
    readonly sentHeaders: Record<string, string>,
  ) {
    super(kind, message, details);
  }

  withoutHeaders(): ElbError {
    const plain = new ElbError(this.kind, this.message, this);
    plain.stack = this.stack;
    return plain;
  }
}

function networkError(method: string, url: URL, cause: unknown): ElbError {
  const code = (cause as { code?: string })?.code;
  const name = (cause as { name?: string })?.name;
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) {
    // Not transient: retrying cannot make the certificate trusted.
    return new ElbError(
      "configuration",
      `${method} ${url.pathname}: the TLS certificate of ${url.host} is not trusted (${code}); ` +
        "give its CA with elb:caCert (or OS_CACERT), or, only for a test endpoint, set elb:insecure",
      { cause },
    );
  }
  const timedOut = name === "TimeoutError" || name === "AbortError" || /TIMEOUT/i.test(code ?? "");
  // The host and port, so "connection refused" says where (a wrong port, a stopped emulator).
  const where = `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  const what = timedOut ? `to ${where} timed out` : `to ${where} failed (${code ?? (cause as Error)?.message ?? "network error"})`;
  return new ElbError(timedOut ? "timeout" : "network", `${method} ${url.pathname} ${what}`, { cause });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
