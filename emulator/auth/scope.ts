// Token scopes. A project-scoped token acts in one project (what ELB, a project-level service,
// needs); a domain-scoped one is for global services such as IAM itself. As OTC's IAM documents:
// given both, the project wins; given neither, the token is domain-scoped.
import { iamError } from "../errors";
import type { Domain, Principal } from "./directory";
import { obj, str } from "./json";

export type TokenScope = { kind: "project"; project: { id: string; name: string; domain: Domain } } | { kind: "domain"; domain: Domain };

export type ScopeRequest = { kind: "project"; id?: string; name?: string } | { kind: "domain"; id?: string; name?: string } | { kind: "none" };

/** auth.scope of a token request; 400 for a scope that names nothing. */
export function parseScope(v: unknown): ScopeRequest {
  const scope = obj(v);
  if (scope === undefined) return { kind: "none" };
  for (const kind of ["project", "domain"] as const) {
    if (scope[kind] === undefined) continue;
    const target = obj(scope[kind]);
    const id = str(target?.id);
    const name = str(target?.name);
    if (!id && !name) throw iamError(400, `The request body is invalid: auth.scope.${kind} needs an id or a name.`);
    return { kind, id, name };
  }
  if (Object.keys(scope).length > 0) {
    throw iamError(400, `The request body is invalid: auth.scope may name a project or a domain, not ${Object.keys(scope).join(", ")}.`);
  }
  return { kind: "none" };
}

/** The scope a principal gets for a request, or undefined when it may not have it. */
export function grantScope(principal: Principal, request: Exclude<ScopeRequest, { kind: "none" }>): TokenScope | undefined {
  if (request.kind === "project") {
    const { project } = principal;
    if (request.id !== undefined && request.id !== project.id) return undefined;
    if (request.name !== undefined && request.name !== project.name) return undefined;
    return { kind: "project", project: { ...project, domain: principal.domain } };
  }
  const { domain } = principal;
  if (request.id !== undefined && request.id !== domain.id) return undefined;
  if (request.name !== undefined && request.name !== domain.name) return undefined;
  return { kind: "domain", domain };
}

export function describeScope(request: Exclude<ScopeRequest, { kind: "none" }>): string {
  const name = request.id ?? request.name;
  return name === undefined ? `its ${request.kind}` : `${request.kind} ${name}`;
}
