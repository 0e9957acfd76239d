// IAM tokens: POST /v3/auth/tokens issues a token (201, X-Subject-Token) by one of three methods
// (password, application_credential, token), scoped to the caller's project or domain; ELB
// routes and GET /v3/auth/catalog check X-Auth-Token against the issued set.
import { randomBytes } from "node:crypto";
import type { Reply, RequestContext } from "../context";
import { AuthFailure, iamError } from "../errors";
import { parseJsonObject } from "../validate";
import { catalog } from "./catalog";
import type { Directory, Principal } from "./directory";
import { parseUserRef } from "./directory";
import { Json, obj, str } from "./json";
import { describeScope, grantScope, parseScope, ScopeRequest, TokenScope } from "./scope";

export const DEFAULT_TOKEN_LIFETIME_S = 24 * 60 * 60;

export const AUTH_METHODS = ["password", "application_credential", "token"] as const;
type AuthMethod = (typeof AUTH_METHODS)[number];

export interface IssuedToken {
  user: Principal;
  scope: TokenScope;
  method: AuthMethod;
  issuedAt: number;
  expiresAt: number;
  applicationCredential?: { id: string; name: string };
}

export interface TokenServiceOptions {
  directory: Directory;
  lifetimeSeconds: number;
  now: () => number;
  /** Called once per token issued and per failed attempt, for the counters. */
  onIssued: () => void;
  onFailure: (reason: string) => void;
}

export type TokenCheck = { ok: true; token: IssuedToken } | { ok: false; reason: AuthFailure; detail: string };

/** Who authenticated and the scope they get, before a token exists. */
interface Authenticated {
  user: Principal;
  scope: TokenScope;
  /** A re-scoped token keeps the expiry of the one it came from. */
  expiresAt?: number;
  applicationCredential?: { id: string; name: string };
}

/** IAM writes timestamps with microseconds: 2015-11-09T01:42:57.527363Z. */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}

function invalid(message: string) {
  return iamError(400, `The request body is invalid: ${message}`);
}

export class TokenService {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly opts: TokenServiceOptions) {}

  /** The POST /v3/auth/tokens handler. */
  issue(ctx: RequestContext): Reply {
    let body: Json;
    try {
      body = parseJsonObject(ctx.body);
    } catch {
      throw invalid("it must be a JSON object.");
    }
    const auth = obj(body.auth);
    const identity = obj(auth?.identity);
    const methods = identity?.methods;
    if (!identity || !Array.isArray(methods) || methods.length === 0) {
      throw invalid("auth.identity.methods must list the authentication method.");
    }
    if (methods.length !== 1 || !AUTH_METHODS.includes(methods[0])) {
      this.opts.onFailure("unsupported_method");
      throw iamError(401, `Attempted to authenticate with an unsupported method. Supported: ${AUTH_METHODS.join(", ")}.`);
    }
    const method = methods[0] as AuthMethod;
    const scope = parseScope(auth?.scope);
    const who =
      method === "password"
        ? this.byPassword(identity, scope)
        : method === "application_credential"
          ? this.byApplicationCredential(identity, scope)
          : this.byToken(identity, scope);

    const issuedAt = this.opts.now();
    const issued: IssuedToken = {
      user: who.user,
      scope: who.scope,
      method,
      issuedAt,
      expiresAt: who.expiresAt ?? issuedAt + this.opts.lifetimeSeconds * 1000,
      applicationCredential: who.applicationCredential,
    };
    const token = `MII${randomBytes(96).toString("base64url")}`;
    this.tokens.set(token, issued);
    this.opts.onIssued();
    const noCatalog = ctx.query.has("nocatalog") && ctx.query.get("nocatalog") !== "false";
    return { status: 201, headers: { "X-Subject-Token": token }, body: { token: this.tokenBody(issued, ctx.origin, !noCatalog) } };
  }

  /** The token behind an X-Auth-Token value, unless unknown or expired. */
  check(token: string): TokenCheck {
    const issued = this.tokens.get(token);
    if (!issued) return { ok: false, reason: "unknown_token", detail: "the token is not valid" };
    if (issued.expiresAt <= this.opts.now()) {
      this.tokens.delete(token);
      return { ok: false, reason: "expired_token", detail: "the token has expired" };
    }
    return { ok: true, token: issued };
  }

  /** GET /v3/auth/catalog: the catalog of the caller's scope, in Keystone's list shape. */
  catalogReply(ctx: RequestContext): Reply {
    const kind = ctx.scope.kind;
    return {
      status: 200,
      body: { catalog: catalog(ctx.origin, kind), links: { self: `${ctx.origin}/v3/auth/catalog`, previous: null, next: null } },
    };
  }

  private byPassword(identity: Json, scope: ScopeRequest): Authenticated {
    const user = obj(obj(identity.password)?.user);
    const ref = parseUserRef(user);
    const password = str(user?.password);
    if (!ref || !password) {
      throw invalid("auth.identity.password.user needs a password and an id, or a name and a domain (name or id).");
    }
    const found = this.opts.directory.withPassword(ref, password);
    if (!found) throw this.failure("bad_password", "The username or password is wrong.");
    return { user: found, scope: this.scoped(found, scope.kind === "none" ? { kind: "domain" } : scope) };
  }

  private byApplicationCredential(identity: Json, scope: ScopeRequest): Authenticated {
    // Keystone binds an application credential to its project: the request may not pick a scope.
    if (scope.kind !== "none") throw this.failure("bad_scope", "Application credentials cannot request a scope.");
    const cred = obj(identity.application_credential);
    const secret = str(cred?.secret);
    const id = str(cred?.id);
    const name = str(cred?.name);
    const user = cred?.user === undefined ? undefined : parseUserRef(cred.user);
    if (!secret || (!id && !(name && user))) {
      throw invalid("auth.identity.application_credential needs a secret and an id, or a name and a user (id, or name and domain).");
    }
    const found = this.opts.directory.applicationCredential({ id, name, user }, secret);
    if (!found) throw this.failure("bad_application_credential", "Invalid application credential: unknown, or the secret does not match.");
    return {
      user: found.owner,
      scope: this.scoped(found.owner, { kind: "project" }),
      applicationCredential: found.credential,
    };
  }

  private byToken(identity: Json, scope: ScopeRequest): Authenticated {
    const id = str(obj(identity.token)?.id);
    if (!id) throw invalid("auth.identity.token needs the id of a token.");
    const check = this.check(id);
    if (!check.ok) throw this.failure(check.reason, `The token to re-scope is invalid: ${check.detail}.`);
    const original = check.token;
    const user = original.user;
    // Without a scope, the new token keeps the old one's; either way it expires when the old one does.
    const next = scope.kind === "none" ? original.scope : this.scoped(user, scope);
    return { user, scope: next, expiresAt: original.expiresAt };
  }

  /** The scope a user asked for, or 401 when it is not theirs. */
  private scoped(user: Principal, request: Exclude<ScopeRequest, { kind: "none" }>): TokenScope {
    const granted = grantScope(user, request);
    if (!granted) throw this.failure("bad_scope", `The user has no access to ${describeScope(request)}.`);
    return granted;
  }

  private failure(reason: string, message: string) {
    this.opts.onFailure(reason);
    return iamError(401, message);
  }

  private tokenBody(t: IssuedToken, origin: string, withCatalog: boolean): Json {
    const { user, scope } = t;
    return {
      methods: [t.method],
      expires_at: iamTime(t.expiresAt),
      issued_at: iamTime(t.issuedAt),
      user: { domain: user.domain, id: user.id, name: user.name, password_expires_at: "" },
      ...(scope.kind === "project" ? { project: scope.project } : { domain: scope.domain }),
      roles: [{ name: "te_admin", id: "0" }],
      ...(t.applicationCredential ? { application_credential: { ...t.applicationCredential, restricted: true } } : {}),
      ...(withCatalog ? { catalog: catalog(origin, scope.kind) } : {}),
    };
  }
}
