import { parseYaml, YamlError } from "./yaml";

const FILE = "/home/u/.config/openstack/clouds.yaml";

function yamlError(text: string, file = FILE): YamlError {
  try {
    parseYaml(text, file);
  } catch (error) {
    if (error instanceof YamlError) return error;
    throw error;
  }
  throw new Error("expected a YamlError");
}

// toEqual ignores prototypes, so prototype-less maps compare with plain literals.
describe("parseYaml", () => {
  it("reads a clouds.yaml with comments, quotes, flow maps, anchors and a merge key", () => {
    const text = `
# clouds.yaml for OTC
clouds:
  otc: &otc
    auth: &otc-auth
      auth_url: https://iam.eu-de.otc.t-systems.com:443/v3   # IAM
      username: "alice"
      project_name: 'eu-de_myproject'
      user_domain_name: OTC-EU-DE-00000000001000000000
    region_name: eu-de
    interface: public
    identity_api_version: 3
    verify: false
  otc-nl:
    <<: *otc
    auth:
      <<: *otc-auth
      project_name: eu-nl_other
    region_name: eu-nl
    regions: [eu-nl, "eu-de"]
  other:
    auth: {}
`;
    const otcAuth = {
      auth_url: "https://iam.eu-de.otc.t-systems.com:443/v3",
      username: "alice",
      project_name: "eu-de_myproject",
      user_domain_name: "OTC-EU-DE-00000000001000000000",
    };
    expect(parseYaml(text, FILE)).toEqual({
      clouds: {
        otc: { auth: otcAuth, region_name: "eu-de", interface: "public", identity_api_version: "3", verify: "false" },
        "otc-nl": {
          auth: { ...otcAuth, project_name: "eu-nl_other" },
          region_name: "eu-nl",
          interface: "public",
          identity_api_version: "3",
          verify: "false",
          regions: ["eu-nl", "eu-de"],
        },
        other: { auth: {} },
      },
    });
  });

  it("reads a secure.yaml with quoted passwords and an inline PEM as a literal block", () => {
    const text = [
      "clouds:",
      "  otc:",
      "    auth:",
      "      password: 'it''s # not a comment'",
      '      secret_key: "a\\tb \\"q\\" \\u00fc"',
      "    cacert: |",
      "      -----BEGIN CERTIFICATE-----",
      "      MIIB",
      "      # not a comment here",
      "      -----END CERTIFICATE-----",
      "    key: |-",
      "      one",
      "      two",
      "",
    ].join("\n");
    expect(parseYaml(text, "secure.yaml")).toEqual({
      clouds: {
        otc: {
          auth: { password: "it's # not a comment", secret_key: 'a\tb "q" ü' },
          cacert: "-----BEGIN CERTIFICATE-----\nMIIB\n# not a comment here\n-----END CERTIFICATE-----\n",
          key: "one\ntwo",
        },
      },
    });
  });

  it.each([
    ["k: false", "false"],
    ["k: 443", "443"],
    ["k: 1.5", "1.5"],
    ["k: yes", "yes"],
    ["k: 2024-01-01", "2024-01-01"],
    ["k: a#b", "a#b"],
    ["k: a # comment", "a"],
    ["k: ''", ""],
    ["k: 'null'", "null"],
    ["k:", null],
    ["k: ~", null],
    ["k: null", null],
    ["k: # only a comment", null],
  ])("keeps scalars strings: %s", (line, expected) => {
    expect(parseYaml(line, FILE)).toEqual({ k: expected });
  });

  it("returns null for an empty or comment-only document", () => {
    expect(parseYaml("", FILE)).toBeNull();
    expect(parseYaml("# nothing\n\n", FILE)).toBeNull();
  });

  it("accepts a document marker, CRLF line ends and a byte order mark", () => {
    expect(parseYaml("\uFEFF---\r\na:\r\n  b: c\r\n...\r\n", FILE)).toEqual({ a: { b: "c" } });
  });

  it("treats __proto__ and constructor as plain keys of a prototype-less map", () => {
    const parsed = parseYaml("__proto__: x\nconstructor: y\n", FILE) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(parsed["__proto__"]).toBe("x");
    expect(parsed.constructor).toBe("y");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("refuses duplicate keys, naming the file and the line of the second", () => {
    const error = yamlError("clouds:\n  a: {}\n  a: {}\n");
    expect(error.message).toBe(`${FILE}: line 3, column 3: duplicated mapping key`);
    expect([error.file, error.line, error.column]).toEqual([FILE, 3, 3]);
  });

  it.each([
    ["a:\n\tb: c", 2],
    ["a: 1\n   b: 2", 2],
    ["a: [x, y", 2],
    ["a: !custom x", 1],
    ["a: b\n---\nc: d", undefined],
  ])("rejects %j (line %s)", (text, line) => {
    const error = yamlError(text);
    expect(error.line).toBe(line);
    expect(error.message.startsWith(`${FILE}: `)).toBe(true);
  });

  describe("never quotes the file's text", () => {
    const secret = "s3cr3t-Passw0rd";
    const secure = (passwordLine: string) =>
      ["clouds:", "  prod:", "    auth:", "      username: alice", passwordLine, "    region_name: eu-de", ""].join("\n");
    const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");

    it.each([
      ["bad indentation on the password line", secure(`     password: ${secret}`), 5],
      ["a quote left open on the password line", secure(`      password: "${secret}`), 7],
      ["a stray quote after the password", secure(`      password: '${secret}' x`), 5],
    ])("%s", (_, text, line) => {
      const error = yamlError(text, "/home/u/.config/openstack/secure.yaml");
      expect(error.message).toMatch(new RegExp(`^/home/u/\\.config/openstack/secure\\.yaml: line ${line}, column \\d+: [a-z]`));
      expect(error.message).not.toContain(secret);
      for (const line of lines(text)) expect(error.message).not.toContain(line.trim());
      expect(error.stack ?? "").not.toContain(secret);
    });

    it.each([
      ["an alias", `password: *${secret}`, secret],
      ["a tag", `password: !${secret} x`, secret],
      ["a verbatim tag", `password: !<${secret}> x`, secret],
      ["an undeclared tag handle", "password: !hunter! x", "hunter"],
      ["a tag name with a bad escape", "password: !hunter%zz x", "hunter"],
      ["a tag handle declared twice", "%TAG !hunter! tag:a\n%TAG !hunter! tag:b\n---\na: b", "hunter"],
    ])("even where js-yaml's reason would quote it: %s", (_, text, word) => {
      const error = yamlError(text);
      expect(error.message).not.toContain(word);
      expect(error.reason).toMatch(/^[a-z]/);
    });
  });
});
