// Credentials: the authenticators the HTTP client asks for per-attempt headers; the IAM token
// session; endpoint derivation; clouds.yaml. The settings they are made from live in ../../settings.

export type { AuthMethod, AuthMethodKind, Authenticator, AuthTransport, CloudName, OutgoingRequest, ResolvedSettings } from "./types";
export { ConfigurationError, IamError, type ConfigurationErrorCode, type IamErrorCode } from "./errors";
export { clearTextRefusal, isClearTextToOtherHost, isLoopbackHost, INSECURE_HTTP_VALUES, type ClearTextUse, type InsecureHttpLevel } from "./clear-text";
export { cloudsYamlSearchPaths, loadCloudEntry, type CloudEntry } from "./clouds-yaml";
export { chooseAuth, type CredentialContext } from "./credentials";
export { parseYaml, YamlError, type YamlValue, type YamlMap } from "./yaml";
export { elbEndpoint, elbEndpointKnown, iamEndpoint, catalogEndpoint, type CatalogService } from "./endpoints";
export {
  TokenSession,
  RENEW_MARGIN_MS,
  passwordTokenRequest,
  applicationCredentialTokenRequest,
  tokenRequest,
  parseIamTime,
  type TokenSessionOptions,
  type SessionToken,
  type ProjectScope,
  type PasswordCredentials,
  type ApplicationCredentials,
  type SessionCredentials,
} from "./token-session";
export {
  createAuthenticator,
  discoverElbEndpoint,
  NoAuthenticator,
  TokenAuthenticator,
  AkSkAuthenticator,
  PasswordAuthenticator,
  AUTH_TOKEN_HEADER,
} from "./authenticators";
