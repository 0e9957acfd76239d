// What to tell a user whose credentials the API refused: the method that was used and what to
// check, never a value.
import { AuthMethodKind } from "./auth/types";

const CHECKS: Record<AuthMethodKind, string> = {
  none: "no credentials were sent; configure a token, an access key pair or a password (see the README's configuration table)",
  token: "check that the token (elb:token, OS_TOKEN or OS_AUTH_TOKEN) has not expired and is scoped to the project of the load balancer",
  aksk:
    "check the access key and secret key pair, the security token for temporary keys, the project id, " +
    "and this machine's clock (signatures are valid for 15 minutes)",
  password: "check the user name, password, domain and project, and that the user may call the ELB API",
  applicationCredential:
    "check the application credential's id (or name and user) and secret, that it has not expired, and that its roles allow load balancer calls",
};

export function authHint(status: number, method: AuthMethodKind): string {
  const refused = status === 403 ? "the credentials were accepted but lack permission for this call" : "the credentials were refused";
  const how = method === "aksk" ? "AK/SK signing" : method === "applicationCredential" ? "an application credential" : method;
  return `${refused} (authenticated with ${how}); ${CHECKS[method]}`;
}
