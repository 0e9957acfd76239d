// Errors of the credentials layer. Each has a stable `code` to branch on; messages say where to
// look and what to set, and never carry a credential value.
import { ProviderError } from "../errors";

export type ConfigurationErrorCode =
  /** No token, AK/SK or password in any source. */
  | "ELB_NO_CREDENTIALS"
  /** Half of a credential pair or set (AK without SK, password without user, ...). */
  | "ELB_INCOMPLETE_CREDENTIALS"
  /** A setting has a value we cannot use (unknown cloud, bad boolean, bad URL, ...). */
  | "ELB_INVALID_SETTING"
  /** clouds.yaml / secure.yaml unreadable, unparsable, or without the named cloud. */
  | "ELB_CLOUDS_YAML"
  /** caCert names a file that cannot be read. */
  | "ELB_CACERT"
  /** Neither an endpoint nor anything to derive one from. */
  | "ELB_NO_ENDPOINT"
  /** An http:// URL to a host that is not loopback, which allowInsecureHttp does not allow. */
  | "ELB_CLEAR_TEXT"
  /** A resource names a profile that elb:profiles does not define. */
  | "ELB_UNKNOWN_PROFILE"
  /** Dedicated load balancers' paths need a project id, and nothing gives one. */
  | "ELB_NO_PROJECT";

export class ConfigurationError extends ProviderError {
  constructor(
    readonly code: ConfigurationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ConfigurationError";
  }
}

export type IamErrorCode =
  /** IAM answered 401 or 403: the credentials or the scope are wrong. */
  | "ELB_IAM_REJECTED"
  /** Any other failure of the token request (status, malformed answer, network). */
  | "ELB_IAM_FAILED";

export class IamError extends ProviderError {
  constructor(
    readonly code: IamErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "IamError";
  }
}
