// IAM password tokens: POST /v3/auth/tokens issues a project-scoped token (201, X-Subject-Token),
// and ELB routes check X-Auth-Token against the issued set. With auth "none" any password is
// accepted, so clients configured for password auth still work against a quick local emulator.
import { randomBytes } from "node:crypto";
import type { Reply, RequestContext } from "../context";
import { ApiError, AuthFailure } from "../errors";
import type { AuthUser } from "../types";
import { derivedHexId as hexId } from "../ids";
import { parseJsonObject } from "../validate";

export const DEFAULT_TOKEN_LIFETIME_S = 24 * 60 * 60;
export const DEFAULT_PROJECT_NAME = "eu-de";
const REGION = "eu-de";

interface IssuedToken {
  projectId: string;
  expiresAt: number;
}

export interface TokenServiceOptions {
  /** null: auth "none", every user and password is accepted. */
  users: AuthUser[] | null;
  lifetimeSeconds: number;
  now: () => number;
  projectId: () => string;
  /** Called once per token issued and per failed attempt, for the counters. */
  onIssued: () => void;
  onFailure: (reason: string) => void;
}

export type TokenCheck = { ok: true; projectId: string } | { ok: false; reason: AuthFailure; detail: string };

function iamError(status: number, message: string): ApiError {
  return new ApiError({ status, type: "Unauthorized", message, code: "IAM", keystone: true });
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** IAM writes timestamps with microseconds: 2015-11-09T01:42:57.527363Z. */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
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
      throw iamError(400, "The request body is invalid: it must be a JSON object.");
    }
    const identity = obj(obj(body.auth)?.identity);
    const methods = identity?.methods;
    if (!Array.isArray(methods) || !methods.includes("password")) {
      throw iamError(400, "The request body is invalid: auth.identity.methods must include \"password\".");
    }
    const user = obj(obj(identity?.password)?.user);
    const name = str(user?.name);
    const password = str(user?.password);
    const domainName = str(obj(user?.domain)?.name);
    if (!name || !password || !domainName) {
      throw iamError(400, "The request body is invalid: auth.identity.password.user needs name, password and domain.name.");
    }
    const project = obj(obj(obj(body.auth)?.scope)?.project);
    const scopeId = str(project?.id);
    const scopeName = str(project?.name);
    if (!scopeId && !scopeName) {
      throw iamError(400, "The request body is invalid: ELB is a project-level service, so auth.scope.project needs an id or a name.");
    }

    const account = this.findUser(name, password, domainName);
    if (!account) {
      this.opts.onFailure("bad_password");
      throw iamError(401, "The username or password is wrong.");
    }
    const projectId = account.projectId ?? this.opts.projectId();
    const projectName = account.projectName ?? DEFAULT_PROJECT_NAME;
    if ((scopeId && scopeId !== projectId) || (scopeName && scopeName !== projectName)) {
      this.opts.onFailure("bad_scope");
      throw iamError(401, `The user has no access to project ${scopeId ?? scopeName}.`);
    }

    const issuedAt = this.opts.now();
    const expiresAt = issuedAt + this.opts.lifetimeSeconds * 1000;
    const token = `MII${randomBytes(96).toString("base64url")}`;
    this.tokens.set(token, { projectId, expiresAt });
    this.opts.onIssued();

    const domain = { id: hexId(domainName, "domain"), name: domainName };
    const noCatalog = ctx.query.has("nocatalog") && ctx.query.get("nocatalog") !== "false";
    return {
      status: 201,
      headers: { "X-Subject-Token": token },
      body: {
        token: {
          methods: ["password"],
          expires_at: iamTime(expiresAt),
          issued_at: iamTime(issuedAt),
          user: { domain, id: hexId(`${domainName}/${name}`, "user"), name, password_expires_at: "" },
          project: { domain, id: projectId, name: projectName },
          roles: [{ name: "te_admin", id: "0" }],
          ...(noCatalog ? {} : { catalog: this.catalog(ctx.origin) }),
        },
      },
    };
  }

  check(token: string): TokenCheck {
    const issued = this.tokens.get(token);
    if (!issued) return { ok: false, reason: "unknown_token", detail: "the token is not valid" };
    if (issued.expiresAt <= this.opts.now()) {
      this.tokens.delete(token);
      return { ok: false, reason: "expired_token", detail: "the token has expired" };
    }
    return { ok: true, projectId: issued.projectId };
  }

  private findUser(name: string, password: string, domainName: string): AuthUser | undefined {
    if (this.opts.users === null) return { name, password, domainName };
    return this.opts.users.find((u) => u.name === name && u.password === password && u.domainName === domainName);
  }

  private catalog(origin: string): unknown[] {
    const endpoint = (url: string, service: string, region: string) => ({
      url,
      region,
      region_id: region,
      interface: "public",
      id: hexId(service, "endpoint"),
    });
    return [
      { type: "identity", id: hexId("iam", "service"), name: "iam", endpoints: [endpoint(`${origin}/v3`, "iam", "*")] },
      { type: "elb", id: hexId("elb", "service"), name: "elb", endpoints: [endpoint(origin, "elb", REGION)] },
      { type: "network", id: hexId("neutron", "service"), name: "neutron", endpoints: [endpoint(origin, "neutron", REGION)] },
    ];
  }
}
