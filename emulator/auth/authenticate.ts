// Decides who is calling: X-Auth-Token first, then an AK/SK signature (the precedence clients
// use). Returns the caller's scope (a token's project or domain; for AK/SK the project named in
// X-Project-Id) or the reason for a 401. Whether the scope may call a route is the server's call.
import type { CallerScope } from "../context";
import type { AuthFailure } from "../errors";
import type { AkSkCredential } from "../types";
import { HeaderMap, verifyRequest } from "./aksk";
import type { TokenService } from "./tokens";

export interface AuthRequest {
  method: string;
  path: string;
  query: string;
  headers: HeaderMap;
  body: Buffer;
}

export type AuthResult = { ok: true; scope: CallerScope } | { ok: false; reason: AuthFailure; detail: string };

export interface AuthenticatorOptions {
  required: boolean;
  credentials: AkSkCredential[];
  tokens: TokenService;
  now: () => number;
  projectId: () => string;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export class Authenticator {
  constructor(private readonly opts: AuthenticatorOptions) {}

  get required(): boolean {
    return this.opts.required;
  }

  authenticate(req: AuthRequest): AuthResult {
    // Quick local runs: everyone acts in the emulator's project.
    if (!this.opts.required) return { ok: true, scope: { kind: "project", projectId: this.opts.projectId() } };

    const token = single(req.headers["x-auth-token"]);
    if (token !== undefined) {
      const check = this.opts.tokens.check(token);
      if (!check.ok) return check;
      const { scope } = check.token;
      return {
        ok: true,
        scope: scope.kind === "project" ? { kind: "project", projectId: scope.project.id } : { kind: "domain", domainId: scope.domain.id },
      };
    }
    if (single(req.headers["authorization"]) !== undefined) {
      const result = verifyRequest(req, this.opts.credentials, this.opts.now());
      if (!result.ok) return result;
      // The v2.0 paths carry no project, so AK/SK callers name it in X-Project-Id.
      return { ok: true, scope: { kind: "project", projectId: single(req.headers["x-project-id"]) ?? this.opts.projectId() } };
    }
    return { ok: false, reason: "missing", detail: "no X-Auth-Token or Authorization header" };
  }
}
