import { SETTINGS, settingSpec, type SettingName } from "./model";

describe("SETTINGS", () => {
  it("holds exactly the documented settings, once each", () => {
    const expected: SettingName[] = [
      "cloud",
      "loadBalancerType",
      "auth",
      "region",
      "accessKey",
      "secretKey",
      "securityToken",
      "projectId",
      "projectName",
      "projectDomainName",
      "projectDomainId",
      "authUrl",
      "endpoint",
      "username",
      "userId",
      "password",
      "domainName",
      "domainId",
      "token",
      "applicationCredentialId",
      "applicationCredentialName",
      "applicationCredentialSecret",
      "cloudsYamlCloud",
      "insecure",
      "caCert",
      "allowInsecureHttp",
      "queueChanges",
      "batchChanges",
      "adoptExisting",
      "drainSeconds",
      "waitForHealthy",
    ];
    expect(SETTINGS.map((s) => s.name)).toEqual(expected);
  });

  it("keys every setting as elb:<name> in stack config", () => {
    for (const s of SETTINGS) expect(s.configKey).toBe(`elb:${s.name}`);
  });

  it("marks exactly the credentials as secret", () => {
    expect(SETTINGS.filter((s) => s.secret).map((s) => s.name)).toEqual([
      "accessKey",
      "secretKey",
      "securityToken",
      "password",
      "token",
      "applicationCredentialSecret",
    ]);
  });

  it("lists the OTC names for otc and HW_* names falling back to them for huaweicloud", () => {
    expect(settingSpec("accessKey").env).toEqual({ otc: ["OS_ACCESS_KEY"], huaweicloud: ["HW_ACCESS_KEY", "OS_ACCESS_KEY"], openstack: ["OS_ACCESS_KEY"] });
    expect(settingSpec("password").env).toEqual({ otc: ["OS_PASSWORD"], huaweicloud: ["HW_USER_PASSWORD", "OS_PASSWORD"], openstack: ["OS_PASSWORD"] });
    expect(settingSpec("token").env).toEqual({
      otc: ["OS_TOKEN", "OS_AUTH_TOKEN"],
      huaweicloud: ["HW_AUTH_TOKEN", "OS_TOKEN", "OS_AUTH_TOKEN"],
      openstack: ["OS_TOKEN", "OS_AUTH_TOKEN"],
    });
    expect(settingSpec("projectId").env.otc).toEqual(["OS_PROJECT_ID", "OS_TENANT_ID"]);
    expect(settingSpec("cloudsYamlCloud").env.otc).toEqual(["OS_CLOUD"]);
    for (const s of SETTINGS) {
      const hw = s.env.huaweicloud;
      expect(hw.slice(hw.length - s.env.otc.length)).toEqual(s.env.otc);
      expect(hw.slice(0, hw.length - s.env.otc.length).every((n) => n.startsWith("HW_"))).toBe(true);
    }
  });

  it("lets profiles inherit exactly the provider's behaviour settings, never a target's", () => {
    expect(SETTINGS.filter((s) => s.inheritedByProfiles).map((s) => s.name)).toEqual([
      "queueChanges",
      "batchChanges",
      "adoptExisting",
      "drainSeconds",
      "waitForHealthy",
    ]);
  });

  it("types the switches and counts; every other setting is text", () => {
    const typed = SETTINGS.filter((s) => s.type !== "string").map((s) => [s.name, s.type]);
    expect(typed).toEqual([
      ["insecure", "boolean"],
      ["queueChanges", "boolean"],
      ["batchChanges", "boolean"],
      ["adoptExisting", "boolean"],
      ["drainSeconds", "integer"],
      ["waitForHealthy", "boolean"],
    ]);
    expect(settingSpec("drainSeconds")).toMatchObject({ default: 0, minimum: 0, maximum: 3600 });
  });

  it("gives the behaviour settings their defaults, except queueChanges and batchChanges, whose defaults are the API's", () => {
    const defaults = Object.fromEntries(SETTINGS.filter((s) => s.inheritedByProfiles).map((s) => [s.name, s.default]));
    expect(defaults).toEqual({ queueChanges: undefined, batchChanges: undefined, adoptExisting: false, drainSeconds: 0, waitForHealthy: false });
    expect([settingSpec("cloud").default, settingSpec("auth").default]).toEqual(["otc", "auto"]);
  });

  it("states each default and range in the description, which the schema and the README show", () => {
    for (const s of SETTINGS) {
      if (s.default !== undefined) {
        expect(s.description).toContain("default");
        expect(s.description).toContain(String(s.default));
      }
      if (s.type === "integer") expect(s.description).toContain(`at most ${s.maximum}`);
    }
  });

  it("has a one-line description for every setting", () => {
    for (const s of SETTINGS) {
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.description).not.toContain("\n");
    }
  });
});
