import { parseYaml, YamlError } from "./yaml";

// toEqual ignores prototypes, so null-prototype maps compare with plain literals.
describe("parseYaml", () => {
  it("reads a typical clouds.yaml", () => {
    const text = `
# clouds.yaml for OTC
clouds:
  otc:
    auth:
      auth_url: https://iam.eu-de.otc.t-systems.com:443/v3   # IAM
      username: "alice"
      password: 'it''s # not a comment'
      project_name: eu-de_myproject
      user_domain_name: OTC-EU-DE-00000000001000000000
    region_name: eu-de
    interface: public
    identity_api_version: 3
    verify: false
  other:
    auth: {}
`;
    expect(parseYaml(text)).toEqual({
      clouds: {
        otc: {
          auth: {
            auth_url: "https://iam.eu-de.otc.t-systems.com:443/v3",
            username: "alice",
            password: "it's # not a comment",
            project_name: "eu-de_myproject",
            user_domain_name: "OTC-EU-DE-00000000001000000000",
          },
          region_name: "eu-de",
          interface: "public",
          identity_api_version: "3",
          verify: "false",
        },
        other: { auth: {} },
      },
    });
  });

  it.each([
    ['k: "a\\tb\\n\\"q\\" \\\\ \\u00fc \\x41"', "a\tb\n\"q\" \\ ü A"],
    ["k: 'single ''quoted'' \\n'", "single 'quoted' \\n"],
    ["k: plain value with spaces", "plain value with spaces"],
    ["k: a#b", "a#b"], // "#" only starts a comment after whitespace
    ["k: a # comment", "a"],
    ['k: "a # b" # comment', "a # b"],
    ["k: https://h:8443/v3", "https://h:8443/v3"],
    ["k: it's", "it's"],
    ["k: ''", ""],
    ["k:", null],
    ["k: ~", null],
    ["k: null", null],
    ["k: # only a comment", null],
    ["'quoted key': v", "v"],
  ])("scalar %s", (line, expected) => {
    const parsed = parseYaml(line) as Record<string, unknown>;
    expect(Object.values(parsed)).toEqual([expected]);
  });

  it("reads block and flow sequences", () => {
    const text = [
      "regions:",
      "- eu-de",
      "-   eu-nl",
      "nested:",
      "  - name: a",
      "    values: [1, 'two', \"three\"]",
      "  - name: b",
      "  -",
      "    deep: x",
      "flow: {a: 1, b: [x, y], c: }",
      "empty: []",
    ].join("\n");
    expect(parseYaml(text)).toEqual({
      regions: ["eu-de", "eu-nl"],
      nested: [{ name: "a", values: ["1", "two", "three"] }, { name: "b" }, { deep: "x" }],
      flow: { a: "1", b: ["x", "y"], c: null },
      empty: [],
    });
  });

  it("reads literal block scalars (a PEM inline)", () => {
    const text = [
      "cacert: |",
      "  -----BEGIN CERTIFICATE-----",
      "  MIIB",
      "  # not a comment here",
      "",
      "  -----END CERTIFICATE-----",
      "",
      "stripped: |-",
      "  one",
      "  two",
      "after: x",
    ].join("\n");
    expect(parseYaml(text)).toEqual({
      cacert: "-----BEGIN CERTIFICATE-----\nMIIB\n# not a comment here\n\n-----END CERTIFICATE-----\n",
      stripped: "one\ntwo",
      after: "x",
    });
  });

  it("accepts a document marker, CRLF line ends and a byte order mark", () => {
    expect(parseYaml("\uFEFF---\r\na:\r\n  b: c\r\n...\r\n")).toEqual({ a: { b: "c" } });
  });

  it("returns null for an empty or comment-only document", () => {
    expect(parseYaml("")).toBeNull();
    expect(parseYaml("# nothing\n\n")).toBeNull();
  });

  it("keeps the last of duplicate keys and treats __proto__ as a plain key", () => {
    const parsed = parseYaml("a: 1\na: 2\n__proto__: x\n") as Record<string, unknown>;
    expect(parsed.a).toBe("2");
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(parsed["__proto__"]).toBe("x");
  });

  it.each([
    ["a:\n\tb: c", 2, "tabs are not allowed"],
    ["a: 1\n   b: 2", 2, "unexpected indentation"],
    ["a: &anchor x", 1, "anchors, aliases and tags"],
    ["a: *alias", 1, "anchors, aliases and tags"],
    ["a: !!str x", 1, "anchors, aliases and tags"],
    ["a: >\n  folded", 1, "folded block scalars"],
    ['a: "unterminated', 1, "unterminated quoted string"],
    ["a: 'x' y", 1, "unexpected text after a quoted string"],
    ["a:\n  b: c\n just text", 3, "unexpected indentation"],
    ["a: [x, y", 1, "unterminated flow collection"],
    ["a: b\nplain line", 2, 'expected "key: value"'],
    ['a: "\\q"', 1, "unknown escape"],
  ])("rejects %j at line %d", (text, line, message) => {
    let caught: unknown;
    try {
      parseYaml(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(YamlError);
    expect((caught as YamlError).line).toBe(line);
    expect((caught as YamlError).message).toContain(message);
  });

  it("never quotes the file's text in an error", () => {
    const secret = "s3cr3t-Passw0rd";
    for (const text of [`password: "${secret}`, `password: [${secret}, 'x`, `password: *${secret}`, `a: 1\n  password: ${secret}`]) {
      let message = "";
      try {
        parseYaml(text);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe("");
      expect(message).not.toContain(secret);
    }
  });
});
