// Who is who in the emulated IAM: users (by id, or by name within a domain given by name or id)
// and application credentials (by id, or by name and owner). With auth "none" (config null)
// anyone is whoever they say they are, so clients configured for any method still get a token.
import { derivedHexId } from "../ids";
import type { AuthApplicationCredential, AuthUser } from "../types";
import { obj, str } from "./json";

/** OTC names projects after their region. */
export const DEFAULT_PROJECT_NAME = "eu-de";

export interface Domain {
  id: string;
  name: string;
}

/** A user as tokens describe it, with the one project it can act in. */
export interface Principal {
  id: string;
  name: string;
  domain: Domain;
  project: { id: string; name: string };
}

export interface ApplicationCredentialMatch {
  owner: Principal;
  credential: { id: string; name: string };
}

export function domainIdOf(domainName: string): string {
  return derivedHexId(domainName, "domain");
}

function userIdOf(domainName: string, name: string): string {
  return derivedHexId(`${domainName}/${name}`, "user");
}

/** A Keystone user reference: {id} or {name, domain: {name} | {id}}. */
export interface UserRef {
  id?: string;
  name?: string;
  domainName?: string;
  domainId?: string;
}

export function parseUserRef(v: unknown): UserRef | undefined {
  const user = obj(v);
  if (!user) return undefined;
  const domain = obj(user.domain);
  const ref: UserRef = { id: str(user.id), name: str(user.name), domainName: str(domain?.name), domainId: str(domain?.id) };
  const complete = ref.id !== undefined || (ref.name !== undefined && (ref.domainName !== undefined || ref.domainId !== undefined));
  return complete ? ref : undefined;
}

export class Directory {
  /** users/applicationCredentials null: auth "none". */
  constructor(
    private readonly users: AuthUser[] | null,
    private readonly applicationCredentials: AuthApplicationCredential[] | null,
    private readonly projectId: () => string,
  ) {}

  /** The user a reference names, if the password is theirs. */
  withPassword(ref: UserRef, password: string): Principal | undefined {
    if (this.users === null) return this.anyone(ref);
    const user = this.users.find((u) => this.refersTo(ref, u));
    return user && user.password === password ? this.principal(user) : undefined;
  }

  /** The application credential {id} or {name, user}, if the secret matches and its owner exists. */
  applicationCredential(ref: { id?: string; name?: string; user?: UserRef }, secret: string): ApplicationCredentialMatch | undefined {
    if (this.applicationCredentials === null) {
      const id = ref.id ?? derivedHexId(ref.name ?? "", "application_credential");
      const owner = this.anyone(ref.user ?? { name: "application-credential-owner", domainName: "default" });
      return { owner, credential: { id, name: ref.name ?? id } };
    }
    const found = this.applicationCredentials.find((c) => {
      if (c.secret !== secret) return false;
      if (ref.id !== undefined) return c.id === ref.id;
      if (ref.name !== c.name || ref.user === undefined) return false;
      return this.refersTo(ref.user, { name: c.userName, domainName: c.domainName });
    });
    const owner = found && this.users?.find((u) => u.name === found.userName && u.domainName === found.domainName);
    return found && owner ? { owner: this.principal(owner), credential: { id: found.id, name: found.name } } : undefined;
  }

  private refersTo(ref: UserRef, user: Pick<AuthUser, "name" | "domainName" | "domainId">): boolean {
    if (ref.id !== undefined) return ref.id === userIdOf(user.domainName, user.name);
    if (ref.name !== user.name) return false;
    if (ref.domainName !== undefined) return ref.domainName === user.domainName;
    return ref.domainId === (user.domainId ?? domainIdOf(user.domainName));
  }

  private principal(user: AuthUser): Principal {
    return {
      id: userIdOf(user.domainName, user.name),
      name: user.name,
      domain: { id: user.domainId ?? domainIdOf(user.domainName), name: user.domainName },
      project: { id: user.projectId ?? this.projectId(), name: user.projectName ?? DEFAULT_PROJECT_NAME },
    };
  }

  /** Auth "none": a user made up from the reference itself. */
  private anyone(ref: UserRef): Principal {
    const name = ref.name ?? ref.id ?? "anyone";
    const domainName = ref.domainName ?? ref.domainId ?? "default";
    return {
      id: ref.id ?? userIdOf(domainName, name),
      name,
      domain: { id: ref.domainId ?? domainIdOf(domainName), name: domainName },
      project: { id: this.projectId(), name: DEFAULT_PROJECT_NAME },
    };
  }
}
