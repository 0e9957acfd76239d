// The ways to authorize an ELB request, behind the Authenticator contract of types.ts.

import { signRequest } from "../sign/sign-request";
import { elbEndpoint, elbEndpointKnown, iamEndpoint, type CatalogService } from "./endpoints";
import { IamError } from "./errors";
import { ProjectScope, TokenSession } from "./token-session";
import type { AuthMethod, Authenticator, AuthTransport, OutgoingRequest, ResolvedSettings } from "./types";

export const AUTH_TOKEN_HEADER = "X-Auth-Token";

export function createAuthenticator(settings: ResolvedSettings, transport: AuthTransport, now: () => number): Authenticator {
  const auth = settings.auth;
  switch (auth.kind) {
    case "none":
      return new NoAuthenticator();
    case "token":
      return new TokenAuthenticator(auth.token, settings.authUrl || settings.region ? () => iamEndpoint(settings) : undefined, transport);
    case "aksk":
      return new AkSkAuthenticator(auth, now, settings.projectId);
    case "password":
    case "applicationCredential":
      return new PasswordAuthenticator(
        new TokenSession({
          transport,
          now,
          iamUrl: iamEndpoint(settings),
          credentials: auth,
          project: projectScope(settings),
          withCatalog: !elbEndpointKnown(settings),
        }),
      );
  }
}

function projectScope(settings: ResolvedSettings): ProjectScope {
  if (settings.projectId) return { id: settings.projectId };
  const domain = settings.projectDomainId ? { id: settings.projectDomainId } : settings.projectDomainName ? { name: settings.projectDomainName } : undefined;
  // Without a project, the region's default project (named after the region) is used.
  return { name: settings.projectName ?? settings.region, ...(domain ? { domain } : {}) };
}

/** For a local emulator: nothing to add, nothing to renew. */
export class NoAuthenticator implements Authenticator {
  readonly method = "none";
  async authorize(): Promise<Record<string, string>> {
    return {};
  }
  async renewAfterUnauthorized(): Promise<boolean> {
    return false;
  }
}

/** A token given by the user: sent as is; a 401 cannot be fixed here, so it is never renewed. */
export class TokenAuthenticator implements Authenticator {
  readonly method = "token";
  constructor(
    private readonly token: string,
    private readonly iamUrl?: () => string,
    private readonly transport?: AuthTransport,
  ) {}
  async authorize(): Promise<Record<string, string>> {
    return { [AUTH_TOKEN_HEADER]: this.token };
  }
  async renewAfterUnauthorized(): Promise<boolean> {
    return false;
  }

  /** The token's service catalog (GET /v3/auth/catalog), when IAM is known. */
  async catalog(): Promise<CatalogService[] | undefined> {
    if (!this.iamUrl || !this.transport) return undefined;
    const url = new URL(`${this.iamUrl()}/auth/catalog`);
    let response: Awaited<ReturnType<AuthTransport["get"]>>;
    try {
      response = await this.transport.get(url, { [AUTH_TOKEN_HEADER]: this.token, Accept: "application/json" });
    } catch (error) {
      throw new IamError(
        "ELB_IAM_FAILED",
        `reading the token's catalog from ${url.origin}${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new IamError(
        "ELB_IAM_REJECTED",
        `IAM refused the token when asked for its catalog (HTTP ${response.status}): check that it has not expired`,
        response.status,
      );
    }
    if (response.status !== 200) throw new IamError("ELB_IAM_FAILED", `GET ${url.pathname} answered HTTP ${response.status}`, response.status);
    try {
      const catalog = (JSON.parse(response.body) as { catalog?: unknown }).catalog;
      return Array.isArray(catalog) ? (catalog as CatalogService[]) : undefined;
    } catch {
      throw new IamError("ELB_IAM_FAILED", `GET ${url.pathname} answered with a body that is not JSON`, response.status);
    }
  }
}

/** Signs every attempt afresh with the clock's time (X-Sdk-Date must be within 15 minutes). */
export class AkSkAuthenticator implements Authenticator {
  readonly method = "aksk";
  constructor(
    private readonly credentials: Extract<AuthMethod, { kind: "aksk" }>,
    private readonly now: () => number,
    private readonly projectId?: string,
  ) {}
  async authorize(request: OutgoingRequest): Promise<Record<string, string>> {
    return signRequest(request, this.credentials, new Date(this.now()), this.projectId);
  }
  async renewAfterUnauthorized(): Promise<boolean> {
    return false;
  }
}

/**
 * An IAM session from a password or an application credential. After a 401 the failed token is
 * forgotten (only if it is still the current one, so parallel 401s cause one renewal) and the
 * caller may replay with the new token.
 */
export class PasswordAuthenticator implements Authenticator {
  readonly method: "password" | "applicationCredential";
  constructor(readonly session: TokenSession) {
    this.method = session.credentialKind;
  }

  async authorize(): Promise<Record<string, string>> {
    return { [AUTH_TOKEN_HEADER]: await this.session.token() };
  }

  /** True when a token other than the one that failed is now available. IAM errors propagate. */
  async renewAfterUnauthorized(sentHeaders: Record<string, string>): Promise<boolean> {
    const failed = headerValue(sentHeaders, AUTH_TOKEN_HEADER);
    if (!failed) return false;
    this.session.invalidate(failed);
    return (await this.session.token()) !== failed;
  }

  /** The project the current token is scoped to, as IAM reports it. */
  async projectId(): Promise<string | undefined> {
    return (await this.session.current()).projectId;
  }

  /** The service catalog of the current token (present only when it was asked for). */
  async catalog(): Promise<CatalogService[] | undefined> {
    return (await this.session.current()).catalog;
  }
}

/**
 * The ELB origin for these settings; when neither an endpoint nor a region is set, it comes from
 * the catalog of a password session's token.
 */
export async function discoverElbEndpoint(settings: ResolvedSettings, authenticator: Authenticator): Promise<string> {
  if (elbEndpointKnown(settings)) return elbEndpoint(settings);
  if (authenticator instanceof PasswordAuthenticator || authenticator instanceof TokenAuthenticator) {
    return elbEndpoint(settings, await authenticator.catalog());
  }
  return elbEndpoint(settings);
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
