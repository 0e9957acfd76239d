// An IAM password token session: one token at a time, fetched by one request however many
// callers ask at once, renewed a margin before it expires, and forgotten on a 401 only if it is
// still the current one (so a burst of 401s costs exactly one renewal).

import type { CatalogService } from "./endpoints";
import { IamError } from "./errors";
import type { AuthMethod, AuthTransport } from "./types";

/** Renew this long before expires_at, so no request leaves with a token about to lapse. */
export const RENEW_MARGIN_MS = 5 * 60 * 1000;

export type PasswordCredentials = Extract<AuthMethod, { kind: "password" }>;

/** Which project the token is for: by id, or by name (qualified by the user's domain when known). */
export interface ProjectScope {
  id?: string;
  name?: string;
}

export interface TokenSessionOptions {
  transport: AuthTransport;
  now: () => number;
  /** IAM base URL ending in /v3. */
  iamUrl: string;
  credentials: PasswordCredentials;
  project: ProjectScope;
  /** Ask for the service catalog (needed only when the ELB endpoint is not known otherwise). */
  withCatalog: boolean;
  renewMarginMs?: number;
}

export interface SessionToken {
  value: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds, by the injected clock. */
  obtainedAt: number;
  projectId?: string;
  catalog?: CatalogService[];
}

export class TokenSession {
  private cached?: SessionToken;
  private inflight?: Promise<SessionToken>;

  constructor(private readonly options: TokenSessionOptions) {}

  /** A token valid for at least the renewal margin. */
  async token(): Promise<string> {
    return (await this.current()).value;
  }

  async current(): Promise<SessionToken> {
    const cached = this.cached;
    if (cached && this.options.now() < this.renewAt(cached)) return cached;
    // Everyone who arrives while the request is out shares it.
    this.inflight ??= this.request().then(
      (fresh) => {
        this.cached = fresh;
        this.inflight = undefined;
        return fresh;
      },
      (error: unknown) => {
        this.inflight = undefined;
        throw error;
      },
    );
    return this.inflight;
  }

  /** Forgets `token` if it is still the current one; returns whether it was. */
  invalidate(token: string): boolean {
    if (this.cached?.value !== token) return false;
    this.cached = undefined;
    return true;
  }

  private renewAt(token: SessionToken): number {
    // A token shorter-lived than twice the margin is renewed at half its life instead of at once.
    const margin = Math.min(this.options.renewMarginMs ?? RENEW_MARGIN_MS, (token.expiresAt - token.obtainedAt) / 2);
    return token.expiresAt - margin;
  }

  private async request(): Promise<SessionToken> {
    const { transport, iamUrl, credentials, project, withCatalog } = this.options;
    const url = new URL(`${iamUrl}/auth/tokens`);
    if (!withCatalog) url.searchParams.set("nocatalog", "true");
    const body = JSON.stringify(passwordTokenRequest(credentials, project));
    const headers = { "Content-Type": "application/json;charset=utf8", Accept: "application/json" };
    const redact = (text: string) => redactSecret(text, credentials.password);

    let response: Awaited<ReturnType<AuthTransport["post"]>>;
    try {
      response = await transport.post(url, body, headers);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new IamError("ELB_IAM_FAILED", `requesting an IAM token from ${url.origin}${url.pathname} failed: ${redact(reason)}`);
    }
    const obtainedAt = this.options.now();

    if (response.status === 401 || response.status === 403) {
      throw new IamError(
        "ELB_IAM_REJECTED",
        `IAM rejected password authentication (HTTP ${response.status}) for ${describeUser(credentials)} and ${describeProject(project)}: ` +
          `check the user name, password, domain and project${iamSays(response.body, redact)}`,
        response.status,
      );
    }
    if (response.status !== 201 && response.status !== 200) {
      throw new IamError(
        "ELB_IAM_FAILED",
        `IAM token request to ${url.origin}${url.pathname} failed with HTTP ${response.status}${iamSays(response.body, redact)}`,
        response.status,
      );
    }

    const value = firstHeader(response.headers, "x-subject-token");
    if (!value) throw new IamError("ELB_IAM_FAILED", "IAM answered without an X-Subject-Token header", response.status);
    const token = parseTokenBody(response.body);
    const expiresAt = parseIamTime(token?.expires_at);
    if (expiresAt === undefined) {
      throw new IamError("ELB_IAM_FAILED", "IAM answered without a readable token.expires_at", response.status);
    }
    return {
      value,
      expiresAt,
      obtainedAt,
      projectId: typeof token?.project?.id === "string" ? token.project.id : undefined,
      catalog: Array.isArray(token?.catalog) ? (token.catalog as CatalogService[]) : undefined,
    };
  }
}

/** The body of POST /v3/auth/tokens for password authentication with a project scope. */
export function passwordTokenRequest(credentials: PasswordCredentials, project: ProjectScope): unknown {
  const domain = credentials.domainId ? { id: credentials.domainId } : credentials.domainName ? { name: credentials.domainName } : undefined;
  const user = {
    ...(credentials.userId ? { id: credentials.userId } : { name: credentials.username }),
    password: credentials.password,
    ...(domain ? { domain } : {}),
  };
  const scope = project.id ? { id: project.id } : { name: project.name, ...(domain ? { domain } : {}) };
  return {
    auth: {
      identity: { methods: ["password"], password: { user } },
      scope: { project: scope },
    },
  };
}

/** IAM timestamps carry microseconds ("2015-11-09T01:42:57.527363Z"), sometimes no zone (then UTC). */
export function parseIamTime(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const millis = (m[2] ?? "").padEnd(3, "0").slice(0, 3);
  const ms = Date.parse(`${m[1]}.${millis}${m[3] ?? "Z"}`);
  return Number.isNaN(ms) ? undefined : ms;
}

interface TokenBody {
  expires_at?: unknown;
  project?: { id?: unknown };
  catalog?: unknown;
}

function parseTokenBody(body: string): TokenBody | undefined {
  try {
    const parsed = JSON.parse(body) as { token?: TokenBody };
    return typeof parsed?.token === "object" && parsed.token !== null ? parsed.token : undefined;
  } catch {
    return undefined;
  }
}

function describeUser(c: PasswordCredentials): string {
  const user = c.userId ? `user id "${c.userId}"` : `user "${c.username}"`;
  const domain = c.domainId ? ` in domain id "${c.domainId}"` : c.domainName ? ` in domain "${c.domainName}"` : "";
  return user + domain;
}

function describeProject(p: ProjectScope): string {
  return p.id ? `project id "${p.id}"` : `project "${p.name}"`;
}

/** ": IAM says <message>" from Keystone ({error: {message}}) or Huawei ({error_msg}) bodies. */
function iamSays(body: string, redact: (text: string) => string): string {
  let message: string | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown }; error_msg?: unknown; error_code?: unknown; message?: unknown };
    const candidates = [parsed?.error?.message, parsed?.error_msg, parsed?.message];
    message = candidates.find((c): c is string => typeof c === "string" && c !== "");
    const code = [parsed?.error_code, parsed?.error?.code].find((c) => typeof c === "string");
    if (message && code) message = `${message} (${code})`;
  } catch {
    message = body.trim().slice(0, 300) || undefined;
  }
  return message ? `. IAM says: ${redact(message)}` : "";
}

function redactSecret(text: string, secret: string): string {
  return secret ? text.split(secret).join("***") : text;
}

function firstHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
