import { configurationFailure } from "../client/auth/testing/configuration-failure";
import { resolveSettings } from "./resolve";
import type { SettingSources } from "./sources";

const HOME = "/home/ada";
const CWD = "/work/project";
const HOME_CLOUDS = `${HOME}/.config/openstack/clouds.yaml`;
const HOME_SECURE = `${HOME}/.config/openstack/secure.yaml`;

function sources(opts: { config?: Record<string, string>; env?: Record<string, string>; files?: Record<string, string> } = {}): SettingSources {
  return {
    config: (key) => opts.config?.[key],
    env: opts.env ?? {},
    readFile: (file) => opts.files?.[file],
    homeDir: HOME,
    cwd: CWD,
  };
}

const failure = configurationFailure;

const AKSK_ENV = { OS_ACCESS_KEY: "AK-ENV", OS_SECRET_KEY: "SK-ENV" };

describe("resolveSettings: per-setting precedence", () => {
  const files = { [HOME_CLOUDS]: "clouds:\n  c1:\n    region_name: eu-ch2\n" };

  it("stack config beats env beats clouds.yaml", () => {
    const env = { ...AKSK_ENV, OS_CLOUD: "c1", OS_REGION_NAME: "eu-de" };
    const all = resolveSettings(sources({ config: { "elb:region": "eu-nl" }, env, files }));
    expect(all.region).toBe("eu-nl");
    expect(all.origins.region).toBe("stack config elb:region");

    const noConfig = resolveSettings(sources({ env, files }));
    expect(noConfig.region).toBe("eu-de");
    expect(noConfig.origins.region).toBe("env OS_REGION_NAME");

    const onlyYaml = resolveSettings(sources({ env: { ...AKSK_ENV, OS_CLOUD: "c1" }, files }));
    expect(onlyYaml.region).toBe("eu-ch2");
    expect(onlyYaml.origins.region).toBe(`${HOME_CLOUDS} (clouds.c1.region_name)`);
  });

  it("takes the first of several env names and ignores empty values", () => {
    const s = resolveSettings(sources({ env: { ...AKSK_ENV, OS_PROJECT_ID: "", OS_TENANT_ID: "tenant-1" }, config: { "elb:region": "" } }));
    expect(s.projectId).toBe("tenant-1");
    expect(s.origins.projectId).toBe("env OS_TENANT_ID");
    expect(s.region).toBeUndefined();
  });

  it("defaults to otc, no TLS bypass, and says the cloud is a default", () => {
    const s = resolveSettings(sources({ env: AKSK_ENV }));
    expect(s.cloud).toBe("otc");
    expect(s.insecure).toBe(false);
    expect(s.origins.cloud).toBe("default");
  });
});

describe("resolveSettings: auth method precedence", () => {
  const password = { OS_USERNAME: "alice", OS_PASSWORD: "pw-1", OS_DOMAIN_NAME: "acme", OS_REGION_NAME: "eu-de" };

  it("token beats AK/SK beats password", () => {
    expect(resolveSettings(sources({ env: { ...password, ...AKSK_ENV, OS_TOKEN: "tok" } })).auth).toEqual({ kind: "token", token: "tok" });
    expect(resolveSettings(sources({ env: { ...password, ...AKSK_ENV } })).auth).toEqual({ kind: "aksk", accessKey: "AK-ENV", secretKey: "SK-ENV" });
    expect(resolveSettings(sources({ env: password })).auth).toEqual({
      kind: "password",
      username: "alice",
      password: "pw-1",
      domainName: "acme",
    });
  });

  it("applies the method order across sources: a clouds.yaml token beats AK/SK from env", () => {
    const files = { [`${CWD}/clouds.yaml`]: "clouds:\n  c:\n    auth:\n      token: yaml-token\n" };
    const s = resolveSettings(sources({ env: { ...AKSK_ENV, OS_CLOUD: "c" }, files }));
    expect(s.auth).toEqual({ kind: "token", token: "yaml-token" });
    expect(s.origins.token).toBe(`${CWD}/clouds.yaml (clouds.c.auth.token)`);
  });

  it("carries the security token with AK/SK", () => {
    const s = resolveSettings(sources({ env: { ...AKSK_ENV, OS_SECURITY_TOKEN: "st" } }));
    expect(s.auth).toEqual({ kind: "aksk", accessKey: "AK-ENV", secretKey: "SK-ENV", securityToken: "st" });
  });

  it("lets elb:auth force a method over the default order", () => {
    const s = resolveSettings(sources({ config: { "elb:auth": "password" }, env: { ...password, ...AKSK_ENV } }));
    expect(s.auth.kind).toBe("password");
  });

  it("says what is missing when the forced method has no credentials", () => {
    const error = failure(() => resolveSettings(sources({ config: { "elb:auth": "token" }, env: AKSK_ENV })));
    expect(error.code).toBe("ELB_INCOMPLETE_CREDENTIALS");
    expect(error.message).toBe(
      'auth is "token" (from stack config elb:auth) but no token credentials were found: set stack config elb:token, env OS_TOKEN or OS_AUTH_TOKEN, clouds.yaml auth.token',
    );
  });

  it("allows auth none only with an explicit endpoint", () => {
    const ok = resolveSettings(sources({ config: { "elb:auth": "none", "elb:endpoint": "http://127.0.0.1:8080/" } }));
    expect(ok.auth).toEqual({ kind: "none" });
    expect(ok.endpoint).toBe("http://127.0.0.1:8080");

    const error = failure(() => resolveSettings(sources({ env: { ELB_AUTH: "none", OS_REGION_NAME: "eu-de" } })));
    expect(error.code).toBe("ELB_INVALID_SETTING");
    expect(error.message).toContain('auth "none" (from env ELB_AUTH) is only for local emulators');
    expect(error.message).toContain("stack config elb:endpoint, env ELB_ENDPOINT");
  });

  it("rejects an unknown auth value without echoing it", () => {
    const error = failure(() => resolveSettings(sources({ config: { "elb:auth": "sekrit-typo" } })));
    expect(error.code).toBe("ELB_INVALID_SETTING");
    expect(error.message).toBe("auth (from stack config elb:auth) must be one of auto, none, token, aksk, applicationCredential, password");
  });
});

describe("resolveSettings: partial credentials", () => {
  it("names the missing secret key", () => {
    const error = failure(() => resolveSettings(sources({ env: { OS_ACCESS_KEY: "AK-ONLY" } })));
    expect(error.code).toBe("ELB_INCOMPLETE_CREDENTIALS");
    expect(error.message).toBe(
      "found an access key (env OS_ACCESS_KEY) but no secret key: set stack config elb:secretKey, env OS_SECRET_KEY, clouds.yaml auth.sk or auth.secret_key",
    );
  });

  it("names the missing access key", () => {
    const error = failure(() => resolveSettings(sources({ config: { "elb:secretKey": "SK-ONLY" } })));
    expect(error.message).toBe(
      "found a secret key (stack config elb:secretKey) but no access key: set stack config elb:accessKey, env OS_ACCESS_KEY, clouds.yaml auth.ak or auth.access_key",
    );
  });

  it("names the user's domain and the project for password auth", () => {
    const error = failure(() => resolveSettings(sources({ env: { OS_USERNAME: "alice", OS_PASSWORD: "pw" } })));
    expect(error.code).toBe("ELB_INCOMPLETE_CREDENTIALS");
    expect(error.message).toContain("the user's domain: set stack config elb:domainName");
    expect(error.message).toContain("the project: set stack config elb:projectId");
  });

  it("names the password when only a user is given", () => {
    const error = failure(() => resolveSettings(sources({ env: { OS_USER_ID: "uid", OS_REGION_NAME: "eu-de" } })));
    expect(error.message).toBe("password authentication is missing the password: set stack config elb:password, env OS_PASSWORD, clouds.yaml auth.password");
  });

  it("accepts a user id without a domain, scoped by the region's default project", () => {
    const s = resolveSettings(sources({ env: { OS_USER_ID: "uid", OS_PASSWORD: "pw", OS_REGION_NAME: "eu-de" } }));
    expect(s.auth).toEqual({ kind: "password", userId: "uid", password: "pw" });
  });
});

describe("resolveSettings: Huawei Cloud names", () => {
  it("reads HW_* first and falls back to OS_*", () => {
    const s = resolveSettings(
      sources({
        config: { "elb:cloud": "huaweicloud" },
        env: { HW_ACCESS_KEY: "AK-HW", OS_SECRET_KEY: "SK-OS", HW_REGION_NAME: "ap-southeast-1", OS_REGION_NAME: "eu-de", OS_PROJECT_ID: "p-os" },
      }),
    );
    expect(s.cloud).toBe("huaweicloud");
    expect(s.auth).toEqual({ kind: "aksk", accessKey: "AK-HW", secretKey: "SK-OS" });
    expect(s.region).toBe("ap-southeast-1");
    expect(s.projectId).toBe("p-os");
    expect(s.origins).toMatchObject({
      accessKey: "env HW_ACCESS_KEY",
      secretKey: "env OS_SECRET_KEY",
      region: "env HW_REGION_NAME",
      projectId: "env OS_PROJECT_ID",
      cloud: "stack config elb:cloud",
    });
  });

  it("reads HW_USER_PASSWORD, HW_USER_NAME and HW_DOMAIN_NAME", () => {
    const s = resolveSettings(
      sources({ env: { ELB_CLOUD: "huaweicloud", HW_USER_NAME: "bob", HW_USER_PASSWORD: "pw-hw", HW_DOMAIN_NAME: "d", HW_PROJECT_NAME: "cn-north-4_x" } }),
    );
    expect(s.auth).toEqual({ kind: "password", username: "bob", password: "pw-hw", domainName: "d" });
    expect(s.region).toBe("cn-north-4");
  });

  it("ignores HW_* for otc and says so in the error", () => {
    const error = failure(() => resolveSettings(sources({ env: { HW_ACCESS_KEY: "AK-HW-VALUE", HW_SECRET_KEY: "SK-HW-VALUE" } })));
    expect(error.code).toBe("ELB_NO_CREDENTIALS");
    expect(error.message).toContain("HW_* variables (HW_ACCESS_KEY, HW_SECRET_KEY) are read only when the cloud is huaweicloud");
  });

  it("rejects an unknown cloud", () => {
    const error = failure(() => resolveSettings(sources({ env: { ELB_CLOUD: "aws" } })));
    expect(error.message).toBe("cloud (from env ELB_CLOUD) must be one of otc, huaweicloud, openstack");
  });
});

describe("resolveSettings: clouds.yaml", () => {
  const clouds = `
clouds:
  prod:
    auth:
      auth_url: https://iam.eu-de.otc.t-systems.com:443/v3
      username: alice
      project_name: eu-de_shop
      user_domain_name: OTC00000000001000000001
    verify: false
    cacert: ~/certs/ca.pem
  dev:
    auth:
      ak: AK-DEV
      sk: SK-DEV
    region_name: eu-nl
`;
  const secure = `
clouds:
  prod:
    auth:
      password: "yaml-secret-pw"
`;
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  const files = { [HOME_CLOUDS]: clouds, [HOME_SECURE]: secure, [`${HOME}/certs/ca.pem`]: pem };

  it("selects the cloud named by OS_CLOUD and merges secure.yaml over clouds.yaml", () => {
    const s = resolveSettings(sources({ env: { OS_CLOUD: "prod" }, files }));
    expect(s.auth).toEqual({ kind: "password", username: "alice", password: "yaml-secret-pw", domainName: "OTC00000000001000000001" });
    expect(s.authUrl).toBe("https://iam.eu-de.otc.t-systems.com:443/v3");
    expect(s.projectName).toBe("eu-de_shop");
    expect(s.region).toBe("eu-de");
    expect(s.origins.region).toBe(`prefix of projectName (${HOME_CLOUDS} (clouds.prod.auth.project_name))`);
    expect(s.origins.password).toBe(`${HOME_SECURE} (clouds.prod.auth.password)`);
    expect(s.insecure).toBe(true);
    expect(s.caCert).toBe(pem);
  });

  it("lets elb:cloudsYamlCloud beat OS_CLOUD", () => {
    const s = resolveSettings(sources({ config: { "elb:cloudsYamlCloud": "dev" }, env: { OS_CLOUD: "prod" }, files }));
    expect(s.auth).toEqual({ kind: "aksk", accessKey: "AK-DEV", secretKey: "SK-DEV" });
    expect(s.region).toBe("eu-nl");
  });

  it("prefers ./clouds.yaml to the home one, and OS_CLIENT_CONFIG_FILE to both", () => {
    const local = "clouds:\n  dev:\n    region_name: eu-de\n    auth: {ak: A2, sk: S2}\n";
    const explicit = "clouds:\n  dev:\n    region_name: eu-ch2\n    auth: {ak: A3, sk: S3}\n";
    const more = { ...files, [`${CWD}/clouds.yaml`]: local, "/opt/conf/my.yaml": explicit };
    expect(resolveSettings(sources({ env: { OS_CLOUD: "dev" }, files: more })).region).toBe("eu-de");
    expect(resolveSettings(sources({ env: { OS_CLOUD: "dev", OS_CLIENT_CONFIG_FILE: "/opt/conf/my.yaml" }, files: more })).region).toBe("eu-ch2");
  });

  it("falls back to /etc/openstack/clouds.yaml", () => {
    const s = resolveSettings(
      sources({ env: { OS_CLOUD: "e" }, files: { "/etc/openstack/clouds.yaml": "clouds:\n  e:\n    auth:\n      access_key: A\n      secret_key: S\n" } }),
    );
    expect(s.auth).toEqual({ kind: "aksk", accessKey: "A", secretKey: "S" });
  });

  it("names the clouds it found when the named one is missing", () => {
    const error = failure(() => resolveSettings(sources({ env: { OS_CLOUD: "staging" }, files })));
    expect(error.code).toBe("ELB_CLOUDS_YAML");
    expect(error.message).toBe(`cloud "staging" is not in ${HOME_CLOUDS} (clouds found: prod, dev)`);
  });

  it("lists the paths it searched when there is no clouds.yaml", () => {
    const error = failure(() => resolveSettings(sources({ env: { OS_CLOUD: "prod" } })));
    expect(error.message).toBe(
      `cloud "prod" was asked for (elb:cloudsYamlCloud or OS_CLOUD), but no clouds.yaml exists in any of: ${CWD}/clouds.yaml, ${HOME_CLOUDS}, /etc/openstack/clouds.yaml`,
    );
  });

  it("reports a YAML error with the file and line but not the text", () => {
    const error = failure(() =>
      resolveSettings(
        sources({ env: { OS_CLOUD: "prod" }, files: { [HOME_CLOUDS]: clouds, [HOME_SECURE]: 'clouds:\n  prod:\n    password: "unterminated-secret\n' } }),
      ),
    );
    // js-yaml notices the open quote where the stream ends, the line after the password's.
    expect(error.message).toBe(`${HOME_SECURE}: line 4, column 1: unexpected end of the stream within a double quoted scalar`);
    expect(error.message).not.toContain("unterminated-secret");
  });

  it("treats verify: true as secure", () => {
    const s = resolveSettings(sources({ env: { OS_CLOUD: "v" }, files: { [HOME_CLOUDS]: "clouds:\n  v:\n    verify: true\n    auth: {token: t}\n" } }));
    expect(s.insecure).toBe(false);
  });
});

describe("resolveSettings: insecure, caCert, endpoint", () => {
  it.each([
    ["true", true],
    ["1", true],
    ["YES", true],
    ["false", false],
    ["0", false],
  ])("insecure %s => %s", (value, expected) => {
    expect(resolveSettings(sources({ env: { ...AKSK_ENV, OS_INSECURE: value } })).insecure).toBe(expected);
  });

  it("rejects a non-boolean insecure", () => {
    const error = failure(() => resolveSettings(sources({ env: { ...AKSK_ENV, OS_INSECURE: "maybe" } })));
    expect(error.message).toBe("insecure (from env OS_INSECURE) must be one of true, 1, yes, on, false, 0, no, off");
  });

  it("takes PEM text as is and reads a relative path from the working directory", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----";
    expect(resolveSettings(sources({ env: { ...AKSK_ENV, OS_CACERT: pem } })).caCert).toBe(pem);
    const fromFile = resolveSettings(sources({ env: { ...AKSK_ENV, OS_CACERT: "certs/ca.pem" }, files: { [`${CWD}/certs/ca.pem`]: pem } }));
    expect(fromFile.caCert).toBe(pem);
  });

  it("says which caCert file cannot be read, and refuses one that is not PEM", () => {
    const missing = failure(() => resolveSettings(sources({ env: { ...AKSK_ENV, OS_CACERT: "/nope/ca.pem" } })));
    expect(missing.code).toBe("ELB_CACERT");
    expect(missing.message).toBe("caCert (from env OS_CACERT) names a file that cannot be read: /nope/ca.pem");
    const notPem = failure(() => resolveSettings(sources({ env: { ...AKSK_ENV, OS_CACERT: "/x" }, files: { "/x": "hello" } })));
    expect(notPem.message).toBe("caCert (from env OS_CACERT) file /x holds no PEM certificate");
  });

  it("rejects an endpoint that is not an http(s) URL", () => {
    const error = failure(() => resolveSettings(sources({ env: { ...AKSK_ENV, ELB_ENDPOINT: "elb.example.com" } })));
    expect(error.message).toBe("endpoint (from env ELB_ENDPOINT) must be an http or https URL");
  });
});

describe("resolveSettings: the no-credentials error", () => {
  it("lists every place it looked, in order", () => {
    const error = failure(() => resolveSettings(sources({ env: { OS_REGION_NAME: "eu-de" } })));
    expect(error.code).toBe("ELB_NO_CREDENTIALS");
    expect(error.message).toBe(
      [
        "no credentials for the ELB API (cloud otc). Looked for, in this order:",
        "  1. a token: stack config elb:token, env OS_TOKEN or OS_AUTH_TOKEN, clouds.yaml auth.token",
        "  2. an access key and secret key: stack config elb:accessKey, env OS_ACCESS_KEY, clouds.yaml auth.ak or auth.access_key; and stack config elb:secretKey, env OS_SECRET_KEY, clouds.yaml auth.sk or auth.secret_key",
        "  3. an application credential: stack config elb:applicationCredentialId, env OS_APPLICATION_CREDENTIAL_ID, clouds.yaml auth.application_credential_id (or stack config elb:applicationCredentialName, env OS_APPLICATION_CREDENTIAL_NAME, clouds.yaml auth.application_credential_name); and stack config elb:applicationCredentialSecret, env OS_APPLICATION_CREDENTIAL_SECRET, clouds.yaml auth.application_credential_secret",
        "  4. a user and password: stack config elb:username, env OS_USERNAME or OS_USER_NAME, clouds.yaml auth.username or auth.user_name (or stack config elb:userId, env OS_USER_ID, clouds.yaml auth.user_id); and stack config elb:password, env OS_PASSWORD, clouds.yaml auth.password",
        `clouds.yaml: not read, since no cloud name is set (stack config elb:cloudsYamlCloud, env OS_CLOUD); it would be searched in ${CWD}/clouds.yaml, ${HOME_CLOUDS}, /etc/openstack/clouds.yaml`,
        'For a local emulator without auth, set elb:auth to "none" together with elb:endpoint.',
      ].join("\n"),
    );
  });

  it("uses the Huawei names for huaweicloud and names the clouds.yaml it read", () => {
    const error = failure(() =>
      resolveSettings(sources({ env: { ELB_CLOUD: "huaweicloud", OS_CLOUD: "x" }, files: { [HOME_CLOUDS]: "clouds:\n  x:\n    region_name: r\n" } })),
    );
    expect(error.message).toContain("env HW_AUTH_TOKEN or OS_TOKEN or OS_AUTH_TOKEN");
    expect(error.message).toContain("env HW_ACCESS_KEY or OS_ACCESS_KEY");
    expect(error.message).toContain(`clouds.yaml: read cloud "x" from ${HOME_CLOUDS}`);
  });
});

describe("no value ever appears in an error message or in origins", () => {
  const SECRETS = ["AKVALUE-1111", "SKVALUE-2222", "STVALUE-3333", "PWVALUE-4444", "TOKVALUE-5555", "PROJVALUE-6666"];
  const [ak, sk, st, pw, tok, proj] = SECRETS;
  const scenarios: Array<[string, SettingSources]> = [
    ["no credentials, other settings set", sources({ env: { OS_SECURITY_TOKEN: st, OS_PROJECT_ID: proj, OS_DOMAIN_NAME: pw } })],
    ["AK without SK", sources({ env: { OS_ACCESS_KEY: ak, OS_SECURITY_TOKEN: st } })],
    ["SK without AK", sources({ config: { "elb:secretKey": sk } })],
    ["password without user", sources({ env: { OS_PASSWORD: pw, OS_PROJECT_ID: proj } })],
    ["user and password without domain or project", sources({ env: { OS_USERNAME: "u", OS_PASSWORD: pw } })],
    ["bad insecure holding a secret", sources({ env: { OS_TOKEN: tok, OS_INSECURE: pw } })],
    ["bad cloud holding a secret", sources({ config: { "elb:cloud": sk } })],
    ["bad auth holding a secret", sources({ config: { "elb:auth": tok } })],
    ["bad endpoint holding a secret", sources({ env: { OS_TOKEN: tok, ELB_ENDPOINT: `https://u:${pw}@h` } })],
    ["HW_ values for otc", sources({ env: { HW_ACCESS_KEY: ak, HW_SECRET_KEY: sk, HW_USER_PASSWORD: pw } })],
    [
      "clouds.yaml parse error next to a secret",
      sources({ env: { OS_CLOUD: "c" }, files: { [HOME_CLOUDS]: `clouds:\n  c:\n    auth:\n      password: ${pw}\n     sk: '${sk}\n` } }),
    ],
    ["none without endpoint", sources({ env: { ELB_AUTH: "none", OS_PASSWORD: pw, OS_SECRET_KEY: sk } })],
  ];

  it.each(scenarios)("%s", (_name, src) => {
    const error = failure(() => resolveSettings(src));
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
  });

  it("origins name sources, never values", () => {
    const s = resolveSettings(sources({ env: { OS_ACCESS_KEY: ak, OS_SECRET_KEY: sk, OS_SECURITY_TOKEN: st, OS_PASSWORD: pw, OS_PROJECT_ID: proj } }));
    const text = JSON.stringify(s.origins);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(s.origins.secretKey).toBe("env OS_SECRET_KEY");
  });
});

describe("resolveSettings: clear text only to loopback", () => {
  const TOKEN_ENV = { OS_TOKEN: "tok-1" };
  const NONE = { "elb:auth": "none" };

  it.each([
    "http://127.0.0.1:8080",
    "http://127.5.6.7",
    "http://localhost:9000/elb",
    "http://LOCALHOST.",
    "http://[::1]:8080",
    "http://[::ffff:127.0.0.1]:80",
    "https://10.255.255.1:9",
    "https://elb.eu-de.otc.t-systems.com",
  ])("%s is fine without allowInsecureHttp, with credentials too", (url) => {
    expect(resolveSettings(sources({ env: { ...TOKEN_ENV, ELB_ENDPOINT: url } })).endpoint).toBe(url.replace(/\/+$/, ""));
    expect(resolveSettings(sources({ env: { ...TOKEN_ENV, OS_AUTH_URL: url, OS_REGION_NAME: "eu-de" } })).authUrl).toBeDefined();
  });

  it.each(["http://10.255.255.1:9", "http://128.0.0.1", "http://[::2]", "http://localhost.example.com", "http://elb.eu-de.otc.t-systems.com"])(
    "%s is refused, even with auth none, naming the setting, its origin and allowInsecureHttp",
    (url) => {
      const error = failure(() => resolveSettings(sources({ config: { ...NONE, "elb:endpoint": url } })));
      expect(error.code).toBe("ELB_CLEAR_TEXT");
      expect(error.message).toBe(
        `endpoint (from stack config elb:endpoint) is ${new URL(url).origin}, clear-text http to a host that is not loopback, so nothing was sent to it. ` +
          'Use https; or, only on a network you trust, set elb:allowInsecureHttp (or ELB_ALLOW_INSECURE_HTTP) to "true" to allow http without credentials (auth "none"), or to "credentials-too"',
      );
    },
  );

  it("refuses a clear-text auth URL from the environment or clouds.yaml before looking at credentials", () => {
    const fromEnv = failure(() => resolveSettings(sources({ env: { OS_AUTH_URL: "http://iam.example.com/v3" } })));
    expect(fromEnv.code).toBe("ELB_CLEAR_TEXT");
    expect(fromEnv.message).toMatch(/^authUrl \(from env OS_AUTH_URL\) is http:\/\/iam\.example\.com, clear-text http/);
    const files = { [HOME_CLOUDS]: "clouds:\n  lab:\n    auth:\n      auth_url: http://keystone.lab:5000\n      username: ada\n      password: pw\n" };
    const fromYaml = failure(() => resolveSettings(sources({ env: { OS_CLOUD: "lab" }, files })));
    expect(fromYaml.message).toMatch(new RegExp(`^authUrl \\(from ${HOME_CLOUDS} \\(clouds\\.lab\\.auth\\.auth_url\\)\\) is http://keystone\\.lab:5000`));
    expect(fromYaml.message).not.toContain("pw");
  });

  it('"true" allows http without credentials, and refuses it when credentials would go over it', () => {
    const allowed = resolveSettings(sources({ config: { ...NONE, "elb:endpoint": "http://10.255.255.1:9" }, env: { ELB_ALLOW_INSECURE_HTTP: "true" } }));
    expect(allowed.endpoint).toBe("http://10.255.255.1:9");
    expect(allowed.allowInsecureHttp).toBe("withoutCredentials");
    expect(allowed.origins.allowInsecureHttp).toBe("env ELB_ALLOW_INSECURE_HTTP");

    for (const [env, method] of [
      [TOKEN_ENV, "token"],
      [AKSK_ENV, "aksk"],
      [{ OS_USERNAME: "ada", OS_PASSWORD: "pw-secret", OS_DOMAIN_NAME: "d", OS_PROJECT_ID: "p" }, "password"],
      [{ OS_APPLICATION_CREDENTIAL_ID: "ac", OS_APPLICATION_CREDENTIAL_SECRET: "ac-secret" }, "applicationCredential"],
    ] as const) {
      const error = failure(() =>
        resolveSettings(sources({ config: { "elb:endpoint": "http://10.255.255.1:9", "elb:allowInsecureHttp": "true" }, env: { ...env } })),
      );
      expect(error.code).toBe("ELB_CLEAR_TEXT");
      expect(error.message).toBe(
        `endpoint (from stack config elb:endpoint) is http://10.255.255.1:9, clear-text http to a host that is not loopback, and auth "${method}" would send credentials over it, so nothing was sent to it. ` +
          'allowInsecureHttp is "true" (from stack config elb:allowInsecureHttp), which allows http only without credentials: use https, or set elb:allowInsecureHttp (or ELB_ALLOW_INSECURE_HTTP) to "credentials-too"',
      );
      expect(error.message).not.toMatch(/pw-secret|ac-secret|tok-1|SK-ENV/);
    }
  });

  it('"true" lets AK/SK use a clear-text auth URL it never sends anything to, but not a password', () => {
    const config = { "elb:allowInsecureHttp": "true", "elb:authUrl": "http://iam.example.com", "elb:region": "eu-de" };
    expect(resolveSettings(sources({ config, env: AKSK_ENV })).auth.kind).toBe("aksk");
    const error = failure(() => resolveSettings(sources({ config, env: { OS_USERNAME: "ada", OS_PASSWORD: "pw", OS_DOMAIN_NAME: "d" } })));
    expect(error.message).toMatch(/^authUrl \(from stack config elb:authUrl\) .*auth "password" would send credentials over it/);
  });

  it('"credentials-too" allows everything; other values are refused', () => {
    const s = resolveSettings(sources({ config: { "elb:endpoint": "http://10.255.255.1:9", "elb:allowInsecureHttp": "credentials-too" }, env: TOKEN_ENV }));
    expect(s.allowInsecureHttp).toBe("credentialsToo");
    expect(resolveSettings(sources({ env: { ...TOKEN_ENV, ELB_ALLOW_INSECURE_HTTP: "false" } })).allowInsecureHttp).toBe("off");
    expect(resolveSettings(sources({ env: TOKEN_ENV })).allowInsecureHttp).toBe("off");
    const error = failure(() => resolveSettings(sources({ env: { ...TOKEN_ENV, ELB_ALLOW_INSECURE_HTTP: "endpoint" } })));
    expect(error.message).toBe("allowInsecureHttp (from env ELB_ALLOW_INSECURE_HTTP) must be one of false, true, credentials-too");
  });
});

describe("resolveSettings: loadBalancerType", () => {
  const endpoint = { "elb:endpoint": "http://127.0.0.1:8080", "elb:auth": "none" };

  it("is shared unless set, and dedicated from stack config or ELB_LOAD_BALANCER_TYPE", () => {
    expect(resolveSettings(sources({ config: endpoint })).loadBalancerType).toBe("shared");
    const fromConfig = resolveSettings(sources({ config: { ...endpoint, "elb:loadBalancerType": "dedicated", "elb:projectId": "p1" } }));
    expect(fromConfig.loadBalancerType).toBe("dedicated");
    const fromEnv = resolveSettings(sources({ config: { ...endpoint, "elb:projectId": "p1" }, env: { ELB_LOAD_BALANCER_TYPE: "Dedicated" } }));
    expect(fromEnv.loadBalancerType).toBe("dedicated");
  });

  it("refuses a value that is not a type, naming the setting and the allowed values", () => {
    const error = failure(() => resolveSettings(sources({ config: { ...endpoint, "elb:loadBalancerType": "v3" } })));
    expect(error.message).toBe("loadBalancerType (from stack config elb:loadBalancerType) must be one of shared, dedicated");
  });

  it("refuses dedicated on openstack, where every member is Octavia's", () => {
    const error = failure(() => resolveSettings(sources({ config: { ...endpoint, "elb:cloud": "openstack", "elb:loadBalancerType": "dedicated" } })));
    expect(error.message).toMatch(/^loadBalancerType \(from stack config elb:loadBalancerType\) is "dedicated", which exists on otc and huaweicloud only/);
  });

  it("needs the project id for dedicated when no token of its own names one, saying where to set it", () => {
    const error = failure(() => resolveSettings(sources({ config: { ...endpoint, "elb:loadBalancerType": "dedicated" } })));
    expect(error.code).toBe("ELB_NO_PROJECT");
    expect(error.message).toMatch(/has the project id in every path, and with auth "none" nothing tells it: set projectId \(stack config elb:projectId/);
    const aksk = failure(() => resolveSettings(sources({ config: { "elb:region": "eu-de", "elb:loadBalancerType": "dedicated" }, env: AKSK_ENV })));
    expect(aksk.message).toMatch(/with AK\/SK nothing tells it/);
    // A password session's token is scoped to a project, which IAM names.
    const password = { OS_USERNAME: "ada", OS_PASSWORD: "pw", OS_DOMAIN_NAME: "acme", OS_PROJECT_NAME: "eu-de" };
    expect(resolveSettings(sources({ config: { "elb:loadBalancerType": "dedicated" }, env: password })).loadBalancerType).toBe("dedicated");
  });
});
