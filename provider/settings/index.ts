// The provider's settings: the model (one entry per setting: type, default, range, sources, secret,
// description), elb:profiles, the one lookup (stack config, the environment, clouds.yaml) and the
// two things resolved through it: a target's settings and the provider's behaviour.

export {
  SETTINGS,
  AUTH_SETTING_VALUES,
  CLOUD_NAMES,
  CONFIG_NAMESPACE,
  settingSpec,
  type SettingName,
  type SettingSpec,
  type SettingType,
  type CloudsYamlKey,
  type AuthSettingValue,
} from "./model";
export { renderSettingsTable } from "./readme-table";
export { parseProfiles, profileConfigKey, profileSettings, PROFILES_CONFIG_KEY, PROFILE_NAME_PATTERN, type ProfileSettings } from "./profiles";
export { resolveSettings } from "./resolve";
export { resolveBehaviour, type Behaviour, type BehaviourSources } from "./behaviour";
export { findCloud, findLoadBalancerType, parseBoolean, type Found, type SettingSources } from "./sources";
