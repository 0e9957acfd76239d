// OpenStack as a cloud of its own: Keystone password, token and application-credential auth,
// the catalog's load-balancer service, and no AK/SK.
import { TokenAuthenticator } from "./authenticators";
import { catalogEndpoint, elbEndpoint, elbEndpointKnown, iamEndpoint, type CatalogService } from "./endpoints";
import { ConfigurationError } from "./errors";
import { resolveSettings, type SettingSources } from "../../settings";
import { applicationCredentialTokenRequest, passwordTokenRequest } from "./token-session";
import type { AuthResponse, AuthTransport } from "./types";

function sources(config: Record<string, string> = {}, env: Record<string, string> = {}, files: Record<string, string> = {}): SettingSources {
  return { config: (key) => config[key], env, readFile: (file) => files[file], homeDir: "/home/ada", cwd: "/work/p" };
}

const OPENSTACK = { "elb:cloud": "openstack" };

describe("resolveSettings on openstack", () => {
  it("takes an application credential by id from the OS_* variables, with no project", () => {
    const settings = resolveSettings(
      sources(OPENSTACK, { OS_AUTH_URL: "https://keystone.example:5000", OS_APPLICATION_CREDENTIAL_ID: "ac-1", OS_APPLICATION_CREDENTIAL_SECRET: "s3cret" }),
    );
    expect(settings.cloud).toBe("openstack");
    expect(settings.auth).toEqual({ kind: "applicationCredential", id: "ac-1", secret: "s3cret" });
  });

  it("takes an application credential by name together with its user, from clouds.yaml", () => {
    const clouds = [
      "clouds:",
      "  lab:",
      "    auth_type: v3applicationcredential",
      "    auth:",
      "      auth_url: https://keystone.example/v3",
      "      application_credential_name: deployer",
      "      application_credential_secret: s3cret",
      "      username: ada",
      "      user_domain_name: Default",
      "",
    ].join("\n");
    const settings = resolveSettings(sources({ ...OPENSTACK, "elb:cloudsYamlCloud": "lab" }, {}, { "/home/ada/.config/openstack/clouds.yaml": clouds }));
    expect(settings.auth).toEqual({ kind: "applicationCredential", name: "deployer", secret: "s3cret", username: "ada", domainName: "Default" });
    expect(settings.authUrl).toBe("https://keystone.example/v3");
  });

  it("names what an application credential by name lacks", () => {
    expect(() => resolveSettings(sources(OPENSTACK, { OS_APPLICATION_CREDENTIAL_NAME: "deployer", OS_APPLICATION_CREDENTIAL_SECRET: "x" }))).toThrow(
      /application credential authentication is missing the user the credential belongs to: set stack config elb:username/,
    );
  });

  it("refuses AK/SK, and leaves AK/SK variables meant for another cloud alone", () => {
    expect(() => resolveSettings(sources({ ...OPENSTACK, "elb:auth": "aksk" }))).toThrow(/not of OpenStack/);
    const settings = resolveSettings(
      sources(OPENSTACK, {
        OS_ACCESS_KEY: "AK",
        OS_SECRET_KEY: "SK",
        OS_USERNAME: "ada",
        OS_PASSWORD: "pw",
        OS_USER_DOMAIN_NAME: "Default",
        OS_PROJECT_NAME: "web_team",
        OS_PROJECT_DOMAIN_NAME: "Customers",
        OS_AUTH_URL: "https://keystone.example",
      }),
    );
    expect(settings.auth.kind).toBe("password");
    // An underscore in an OpenStack project name is not a region prefix.
    expect(settings.region).toBeUndefined();
    expect(settings.projectDomainName).toBe("Customers");
  });

  it("needs a project for password auth: a region is no project on OpenStack", () => {
    const resolve = () =>
      resolveSettings(sources(OPENSTACK, { OS_USERNAME: "ada", OS_PASSWORD: "pw", OS_USER_DOMAIN_NAME: "Default", OS_REGION_NAME: "RegionOne" }));
    expect(resolve).toThrow(ConfigurationError);
    expect(resolve).toThrow(/missing the project/);
  });
});

describe("Keystone token requests", () => {
  it("scopes a password token to the project in its own domain", () => {
    expect(
      passwordTokenRequest({ kind: "password", username: "ada", password: "pw", domainName: "Default" }, { name: "web", domain: { name: "Customers" } }),
    ).toEqual({
      auth: {
        identity: { methods: ["password"], password: { user: { name: "ada", password: "pw", domain: { name: "Default" } } } },
        scope: { project: { name: "web", domain: { name: "Customers" } } },
      },
    });
  });

  it("sends an application credential without a scope, by id or by name and user", () => {
    expect(applicationCredentialTokenRequest({ kind: "applicationCredential", id: "ac-1", secret: "s" })).toEqual({
      auth: { identity: { methods: ["application_credential"], application_credential: { id: "ac-1", secret: "s" } } },
    });
    expect(applicationCredentialTokenRequest({ kind: "applicationCredential", name: "deployer", secret: "s", username: "ada", domainId: "d-1" })).toEqual({
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: { name: "deployer", secret: "s", user: { name: "ada", domain: { id: "d-1" } } },
        },
      },
    });
  });
});

describe("endpoints on openstack", () => {
  const catalog: CatalogService[] = [
    { type: "network", endpoints: [{ interface: "public", region: "RegionOne", url: "https://neutron.example:9696" }] },
    {
      type: "load-balancer",
      name: "octavia",
      endpoints: [
        { interface: "internal", region: "RegionOne", url: "http://10.0.0.5:9876" },
        { interface: "public", region: "RegionOne", url: "https://cloud.example/load-balancer/v2.0/" },
        { interface: "public", region: "RegionTwo", url: "https://lb.two.example" },
      ],
    },
  ];

  it("finds Octavia under its path prefix in the catalog, without the version", () => {
    expect(catalogEndpoint(catalog, "RegionOne", "openstack")).toBe("https://cloud.example/load-balancer");
    expect(elbEndpoint({ cloud: "openstack", region: "RegionTwo" }, catalog)).toBe("https://lb.two.example");
  });

  it("does not guess between regions, and says how to choose", () => {
    expect(() => elbEndpoint({ cloud: "openstack" }, catalog)).toThrow(/several: set elb:region/);
  });

  it("derives nothing from a region: the endpoint comes from the catalog or the settings", () => {
    expect(elbEndpointKnown({ cloud: "openstack", region: "RegionOne" })).toBe(false);
    expect(elbEndpointKnown({ cloud: "openstack", endpoint: "http://127.0.0.1:9876" })).toBe(true);
    expect(elbEndpoint({ cloud: "openstack", endpoint: "http://127.0.0.1:9876/v2/" })).toBe("http://127.0.0.1:9876");
    expect(() => iamEndpoint({ cloud: "openstack", region: "RegionOne" })).toThrow(/elb:authUrl, OS_AUTH_URL/);
    expect(iamEndpoint({ cloud: "openstack", authUrl: "https://keystone.example:5000" })).toBe("https://keystone.example:5000/v3");
  });
});

describe("a ready token's catalog", () => {
  function transport(answer: AuthResponse): AuthTransport & { asked: Array<{ url: string; headers: Record<string, string> }> } {
    const asked: Array<{ url: string; headers: Record<string, string> }> = [];
    return {
      asked,
      post: async () => {
        throw new Error("no POST expected");
      },
      get: async (url, headers) => {
        asked.push({ url: url.href, headers });
        return answer;
      },
    };
  }

  it("is read with GET /v3/auth/catalog and the token", async () => {
    const iam = transport({ status: 200, headers: {}, body: JSON.stringify({ catalog: [{ type: "load-balancer", endpoints: [] }] }) });
    const auth = new TokenAuthenticator("tok-1", () => "https://keystone.example/v3", iam);
    expect(await auth.catalog()).toEqual([{ type: "load-balancer", endpoints: [] }]);
    expect(iam.asked).toEqual([{ url: "https://keystone.example/v3/auth/catalog", headers: { "X-Auth-Token": "tok-1", Accept: "application/json" } }]);
  });

  it("fails with Keystone's refusal, never echoing the token", async () => {
    const iam = transport({ status: 401, headers: {}, body: '{"error":{"code":401,"title":"Unauthorized","message":"tok-1 is bad"}}' });
    const error = await new TokenAuthenticator("tok-1", () => "https://keystone.example/v3", iam).catalog().catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/refused the token/);
    expect((error as Error).message).not.toContain("tok-1");
  });
});
