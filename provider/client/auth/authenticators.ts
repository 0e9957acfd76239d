// The four ways to authorize an ELB request, behind the Authenticator contract of types.ts.

import { signRequest } from "../sign/sign-request";
import { elbEndpoint, elbEndpointKnown, iamEndpoint, type CatalogService } from "./endpoints";
import { TokenSession } from "./token-session";
import type { AuthMethod, Authenticator, AuthTransport, OutgoingRequest, ResolvedSettings } from "./types";

export const AUTH_TOKEN_HEADER = "X-Auth-Token";

export function createAuthenticator(settings: ResolvedSettings, transport: AuthTransport, now: () => number): Authenticator {
  const auth = settings.auth;
  switch (auth.kind) {
    case "none":
      return new NoAuthenticator();
    case "token":
      return new TokenAuthenticator(auth.token);
    case "aksk":
      return new AkSkAuthenticator(auth, now, settings.projectId);
    case "password":
      return new PasswordAuthenticator(
        new TokenSession({
          transport,
          now,
          iamUrl: iamEndpoint(settings),
          credentials: auth,
          // Without a project, the region's default project (named after the region) is used.
          project: settings.projectId ? { id: settings.projectId } : { name: settings.projectName ?? settings.region },
          withCatalog: !elbEndpointKnown(settings),
        }),
      );
  }
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
  constructor(private readonly token: string) {}
  async authorize(): Promise<Record<string, string>> {
    return { [AUTH_TOKEN_HEADER]: this.token };
  }
  async renewAfterUnauthorized(): Promise<boolean> {
    return false;
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
 * An IAM password session. After a 401 the failed token is forgotten (only if it is still the
 * current one, so parallel 401s cause one renewal) and the caller may replay with the new token.
 */
export class PasswordAuthenticator implements Authenticator {
  readonly method = "password";
  constructor(readonly session: TokenSession) {}

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
  if (elbEndpointKnown(settings) || !(authenticator instanceof PasswordAuthenticator)) return elbEndpoint(settings);
  return elbEndpoint(settings, await authenticator.catalog());
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
