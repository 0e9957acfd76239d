import { configurationFailure } from "../client/auth/testing/configuration-failure";
import { parseProfiles, profileSettings } from "./profiles";
import { resolveSettings } from "./resolve";
import type { SettingSources } from "./sources";

const failure = configurationFailure;

describe("parseProfiles", () => {
  it("reads each profile's settings as text, structured values included", () => {
    const profiles = parseProfiles(JSON.stringify({ shared: { region: "eu-de", insecure: true, drainSeconds: 5 }, "eu-nl_2": {} }));
    expect([...profiles.keys()]).toEqual(["shared", "eu-nl_2"]);
    expect(profiles.get("shared")).toEqual({ region: "eu-de", insecure: "true", drainSeconds: "5" });
  });

  it("is empty when elb:profiles is not set", () => {
    expect(parseProfiles(undefined).size).toBe(0);
    expect(parseProfiles("").size).toBe(0);
  });

  it.each([
    ["a plain value", "eu-de", "elb:profiles must be structured config (an object of named profiles), not a plain value"],
    ["a list", "[1]", "elb:profiles must be an object of named profiles"],
    ["a name with a dot", JSON.stringify({ "a.b": {} }), 'the profile name "a.b" must be 1 to 63 letters'],
    ["an entry that is no object", JSON.stringify({ a: "x" }), "elb:profiles.a must be an object of settings (cloud, loadBalancerType, auth, region,"],
    [
      "an unknown key",
      JSON.stringify({ a: { regoin: "eu-de" } }),
      "elb:profiles.a.regoin is not a setting; a profile takes cloud, loadBalancerType, auth, region,",
    ],
    [
      "a nested value",
      JSON.stringify({ a: { region: { x: 1 } } }),
      "elb:profiles.a.region must be a single value (text, a number or true/false), not an object",
    ],
  ])("refuses %s, naming the key", (_what, raw, message) => {
    const error = failure(() => parseProfiles(raw));
    expect(error.code).toBe("ELB_INVALID_SETTING");
    expect(error.message).toContain(message);
  });

  it("never shows a value in its messages: an entry may hold secrets", () => {
    const error = failure(() => parseProfiles(JSON.stringify({ a: { secretKey: ["sk-must-not-show"] } })));
    expect(error.message).toContain("elb:profiles.a.secretKey");
    expect(error.message).not.toContain("sk-must-not-show");
  });

  it("says how to define a profile that is not there, and which are", () => {
    const error = failure(() => profileSettings(parseProfiles(JSON.stringify({ a: {}, b: {} })), "shared"));
    expect(error.code).toBe("ELB_UNKNOWN_PROFILE");
    expect(error.message).toContain('profile "shared" is not defined (the profiles defined are a, b)');
    expect(error.message).toContain("pulumi config set --path --secret 'elb:profiles.shared.secretKey'");
    expect(failure(() => profileSettings(new Map(), "x")).message).toContain("(elb:profiles is not set)");
  });
});

describe("resolveSettings for a profile", () => {
  const HOME = "/home/ada";
  function profileSources(entry: Record<string, string>, env: Record<string, string> = {}, files: Record<string, string> = {}): SettingSources {
    return {
      config: (key) => entry[key.slice("elb:".length)],
      env,
      readFile: (file) => files[file],
      homeDir: HOME,
      cwd: "/work/project",
      profile: "shared",
    };
  }

  it("names its keys as elb:profiles.<profile>.<name>", () => {
    const settings = resolveSettings(profileSources({ region: "eu-de", accessKey: "AK", secretKey: "SK" }));
    expect(settings.auth).toEqual({ kind: "aksk", accessKey: "AK", secretKey: "SK" });
    expect(settings.origins.region).toBe("stack config elb:profiles.shared.region");
  });

  it("reads no setting from the environment: that belongs to members without a profile", () => {
    const env = { OS_ACCESS_KEY: "AK-ENV", OS_SECRET_KEY: "SK-ENV", OS_REGION_NAME: "eu-nl", HW_ACCESS_KEY: "HW" };
    const error = failure(() => resolveSettings(profileSources({ region: "eu-de" }, env)));
    expect(error.code).toBe("ELB_NO_CREDENTIALS");
    expect(error.message).toContain(
      "an access key and secret key: stack config elb:profiles.shared.accessKey, clouds.yaml auth.ak or auth.access_key; and stack config elb:profiles.shared.secretKey",
    );
    expect(error.message).not.toContain("OS_ACCESS_KEY");
    expect(error.message).not.toContain("HW_* variables");
    expect(error.message).toContain("A profile reads no environment variables");
    expect(error.message).toContain('set elb:profiles.shared.auth to "none" together with elb:profiles.shared.endpoint');
  });

  it("names the missing half of a credential under the profile", () => {
    const error = failure(() => resolveSettings(profileSources({ accessKey: "AK" })));
    expect(error.message).toBe(
      "found an access key (stack config elb:profiles.shared.accessKey) but no secret key: set stack config elb:profiles.shared.secretKey, clouds.yaml auth.sk or auth.secret_key",
    );
  });

  it("takes credentials from the clouds.yaml cloud it names, found where OS_CLIENT_CONFIG_FILE says", () => {
    const files = { "/etc/elb/clouds.yaml": "clouds:\n  second:\n    region_name: eu-ch2\n    auth:\n      ak: AK-YAML\n      sk: SK-YAML\n" };
    const settings = resolveSettings(profileSources({ cloudsYamlCloud: "second" }, { OS_CLIENT_CONFIG_FILE: "/etc/elb/clouds.yaml" }, files));
    expect(settings.region).toBe("eu-ch2");
    expect(settings.auth).toEqual({ kind: "aksk", accessKey: "AK-YAML", secretKey: "SK-YAML" });
  });
});
