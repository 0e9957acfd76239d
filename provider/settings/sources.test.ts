// The one lookup every setting goes through: stack config, then the selected cloud's environment
// names, then clouds.yaml; empty values count as unset.
import type { CloudEntry } from "../client/auth/clouds-yaml";
import { configurationFailure } from "../client/auth/testing/configuration-failure";
import { settingSpec, type SettingSpec } from "./model";
import { findCloud, fromCloudsYaml, fromConfig, fromConfigOrEnv, fromEnv, placesOf } from "./sources";

/** A setting whose environment names differ per cloud, so a test sees which cloud's were read. */
const PER_CLOUD: SettingSpec = {
  ...settingSpec("region"),
  env: { otc: ["OTC_NAME"], huaweicloud: ["HW_NAME", "OTC_NAME"], openstack: ["OS_NAME"] },
};

describe("fromEnv", () => {
  const env = { OTC_NAME: "otc-value", HW_NAME: "hw-value", OS_NAME: "os-value" };

  it.each([
    ["otc", "otc-value", "OTC_NAME"],
    ["huaweicloud", "hw-value", "HW_NAME"],
    ["openstack", "os-value", "OS_NAME"],
  ] as const)("reads %s's names only", (cloud, value, key) => {
    expect(fromEnv(PER_CLOUD, cloud, env)).toEqual({ value, key, origin: `env ${key}` });
  });

  it("takes the first name that is set and not empty", () => {
    expect(fromEnv(PER_CLOUD, "huaweicloud", { HW_NAME: "", OTC_NAME: "fallback" })?.key).toBe("OTC_NAME");
    expect(fromEnv(PER_CLOUD, "openstack", { OTC_NAME: "otc-value" })).toBeUndefined();
  });
});

describe("fromConfig", () => {
  it("names the top-level key, or the profile's", () => {
    const config = (key: string) => ({ "elb:region": "eu-de" })[key];
    expect(fromConfig(settingSpec("region"), { config })).toEqual({ value: "eu-de", key: "elb:region", origin: "stack config elb:region" });
    expect(fromConfig(settingSpec("region"), { config, profile: "p" })).toEqual({
      value: "eu-de",
      key: "elb:profiles.p.region",
      origin: "stack config elb:profiles.p.region",
    });
  });

  it("treats an empty value as unset", () => {
    expect(fromConfig(settingSpec("region"), { config: () => "" })).toBeUndefined();
  });
});

describe("fromConfigOrEnv", () => {
  it("prefers stack config, and reads no environment for a profile", () => {
    const env = { OS_REGION_NAME: "eu-nl" };
    expect(fromConfigOrEnv(settingSpec("region"), "otc", { config: () => "eu-de", env })?.value).toBe("eu-de");
    expect(fromConfigOrEnv(settingSpec("region"), "otc", { config: () => undefined, env })?.value).toBe("eu-nl");
    expect(fromConfigOrEnv(settingSpec("region"), "otc", { config: () => undefined, env, profile: "p" })).toBeUndefined();
  });
});

describe("fromCloudsYaml", () => {
  const entry = (values: Record<string, string>): CloudEntry => ({
    cloudName: "c",
    cloudsPath: "/clouds.yaml",
    lookup: (path) => (values[path] === undefined ? undefined : { value: values[path], origin: `/clouds.yaml (clouds.c.${path})` }),
  });

  it("takes the first key the model lists, and flips an inverted one", () => {
    expect(fromCloudsYaml(settingSpec("accessKey"), entry({ "auth.access_key": "AK" }))).toMatchObject({
      value: "AK",
      origin: "/clouds.yaml (clouds.c.auth.access_key)",
    });
    expect(fromCloudsYaml(settingSpec("insecure"), entry({ verify: "false" }))?.value).toBe("true");
    expect(configurationFailure(() => fromCloudsYaml(settingSpec("insecure"), entry({ verify: "maybe" }))).message).toBe(
      "insecure (from /clouds.yaml (clouds.c.verify)) must be true or false",
    );
  });
});

describe("findCloud", () => {
  it("is the model's default when nothing sets it, else the value, checked", () => {
    expect(findCloud({ config: () => undefined, env: {} })).toEqual({ cloud: "otc" });
    expect(findCloud({ config: () => undefined, env: { ELB_CLOUD: "OpenStack" } }).cloud).toBe("openstack");
    expect(configurationFailure(() => findCloud({ config: () => "aws", env: {} })).message).toBe(
      "cloud (from stack config elb:cloud) must be one of otc, huaweicloud, openstack",
    );
  });
});

describe("placesOf", () => {
  it("lists every place a setting is looked for, without the environment for a profile", () => {
    expect(placesOf("secretKey", "huaweicloud", undefined)).toBe(
      "stack config elb:secretKey, env HW_SECRET_KEY or OS_SECRET_KEY, clouds.yaml auth.sk or auth.secret_key",
    );
    expect(placesOf("secretKey", "otc", "p")).toBe("stack config elb:profiles.p.secretKey, clouds.yaml auth.sk or auth.secret_key");
  });
});
