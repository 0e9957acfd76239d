// An IAM password token session: one token at a time, fetched by one request however many
// callers ask at once, renewed a margin before it expires, and forgotten on a 401 only if it is
// still the current one (so a burst of 401s costs exactly one renewal).

import type { CatalogService } from "./endpoints";
import { IamError } from "./errors";
import type { AuthMethod, AuthTransport } from "./types";

/** Renew this long before expires_at, so no request leaves with a token about to lapse. */
export const RENEW_MARGIN_MS = 5 * 60 * 1000;

export type PasswordCredentials = Extract<AuthMethod, { kind: "password" }>;
export type ApplicationCredentials = Extract<AuthMethod, { kind: "applicationCredential" }>;
/** What a session can turn into tokens: a password, or a Keystone application credential. */
export type SessionCredentials = PasswordCredentials | ApplicationCredentials;

/**
 * Which project the token is for: by id, or by name in a domain (the project's own domain when
 * given, else the user's). An application credential carries its project, so it has no scope.
 */
export interface ProjectScope {
  id?: string;
  name?: string;
  domain?: { id: string } | { name: string };
}

export interface TokenSessionOptions {
  transport: AuthTransport;
  now: () => number;
  /** IAM base URL ending in /v3. */
  iamUrl: string;
  credentials: SessionCredentials;
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

  get credentialKind(): SessionCredentials["kind"] {
    return this.options.credentials.kind;
  }

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
    const body = JSON.stringify(tokenRequest(credentials, project));
    const headers = { "Content-Type": "application/json;charset=utf8", Accept: "application/json" };
    const secret = credentials.kind === "password" ? credentials.password : credentials.secret;
    const redact = (text: string) => redactSecret(text, secret);

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
        credentials.kind === "password"
          ? `IAM rejected password authentication (HTTP ${response.status}) for ${describeUser(credentials)} and ${describeProject(project)}: ` +
              `check the user name, password, domain and project${iamSays(response.body, redact)}`
          : `Keystone rejected the application credential ${describeApplicationCredential(credentials)} (HTTP ${response.status}): ` +
              `check its id or name, its secret and that it has not expired${iamSays(response.body, redact)}`,
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

/** The body of POST /v3/auth/tokens for these credentials. */
export function tokenRequest(credentials: SessionCredentials, project: ProjectScope): unknown {
  return credentials.kind === "password" ? passwordTokenRequest(credentials, project) : applicationCredentialTokenRequest(credentials);
}

/** Password authentication with a project scope. */
export function passwordTokenRequest(credentials: PasswordCredentials, project: ProjectScope): unknown {
  const domain = userDomain(credentials);
  const user = {
    ...(credentials.userId ? { id: credentials.userId } : { name: credentials.username }),
    password: credentials.password,
    ...(domain ? { domain } : {}),
  };
  const projectDomain = project.domain ?? domain;
  const scope = project.id ? { id: project.id } : { name: project.name, ...(projectDomain ? { domain: projectDomain } : {}) };
  return {
    auth: {
      identity: { methods: ["password"], password: { user } },
      scope: { project: scope },
    },
  };
}

/** Keystone refuses a scope with an application credential: the credential's project is the scope. */
export function applicationCredentialTokenRequest(credentials: ApplicationCredentials): unknown {
  const domain = userDomain(credentials);
  const user = credentials.userId
    ? { id: credentials.userId }
    : credentials.username
      ? { name: credentials.username, ...(domain ? { domain } : {}) }
      : undefined;
  const credential = credentials.id
    ? { id: credentials.id, secret: credentials.secret }
    : { name: credentials.name, secret: credentials.secret, ...(user ? { user } : {}) };
  return { auth: { identity: { methods: ["application_credential"], application_credential: credential } } };
}

function userDomain(credentials: SessionCredentials): { id: string } | { name: string } | undefined {
  return credentials.domainId ? { id: credentials.domainId } : credentials.domainName ? { name: credentials.domainName } : undefined;
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

function describeApplicationCredential(c: ApplicationCredentials): string {
  return c.id ? `id "${c.id}"` : `"${c.name}" of ${c.userId ? `user id "${c.userId}"` : `user "${c.username}"`}`;
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
