// Credentials: settings from stack config, environment and clouds.yaml; the authenticators the
// HTTP client asks for per-attempt headers; the IAM token session; endpoint derivation.

export type { AuthMethod, AuthMethodKind, Authenticator, AuthTransport, CloudName, OutgoingRequest, ResolvedSettings } from "./types";
export { ConfigurationError, IamError, type ConfigurationErrorCode, type IamErrorCode } from "./errors";
export {
  SETTINGS,
  AUTH_SETTING_VALUES,
  CLOUD_NAMES,
  CONFIG_NAMESPACE,
  settingSpec,
  renderSettingsTable,
  type SettingName,
  type SettingSpec,
  type CloudsYamlKey,
  type AuthSettingValue,
} from "./settings";
export { resolveSettings, parseBoolean, type SettingSources } from "./resolve";
export { clearTextRefusal, isClearTextToOtherHost, isLoopbackHost, INSECURE_HTTP_VALUES, type ClearTextUse, type InsecureHttpLevel } from "./clear-text";
export { cloudsYamlSearchPaths, loadCloudEntry, type CloudEntry } from "./clouds-yaml";
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
