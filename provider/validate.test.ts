import { runtime } from "@pulumi/pulumi";
import { lookupArgSpecs, poolMemberSpec, PropertySpec } from "./schema";
import { checkInputs, checkValue, isIPv4, isUuid, UNKNOWN } from "./validate";

// The OTC docs' example ids (adding_a_backend_server.rst and the README).
const POOL = "0416b6f1-877f-4a51-987e-978b3f084253";
const SUBNET = "33d8b01a-bbe6-41f4-bc45-78a1d284d503";
const valid = { poolId: POOL, address: "192.168.0.10", protocolPort: 80, subnetId: SUBNET };

function failuresFor(overrides: Record<string, unknown>) {
  return checkInputs(poolMemberSpec, { ...valid, ...overrides }).failures;
}

describe("checkInputs for PoolMember", () => {
  test("valid inputs pass and get the defaults of member properties, not of provider settings", () => {
    const result = checkInputs(poolMemberSpec, valid);
    expect(result.failures).toEqual([]);
    // adopt (default false) is a setting of the provider: left unset, it stays out of state and previews.
    expect(result.inputs).toEqual({ ...valid, name: "", weight: 1, adminStateUp: true });
  });

  test("weight 0 is kept, not replaced by the default", () => {
    expect(checkInputs(poolMemberSpec, { ...valid, weight: 0 }).inputs.weight).toBe(0);
  });

  test.each([
    ["address", "300.1.1.1", /must be an IP address \(IPv4 such as 192\.168\.0\.10, or IPv6 such as fd00::10\), got "300\.1\.1\.1"/],
    ["address", "fe80::1::2", /must be an IP address/],
    ["address", "10.0.0.010", /IPv4/],
    ["protocolPort", 0, /must be an integer from 1 to 65535, got 0/],
    ["protocolPort", 65536, /from 1 to 65535, got 65536/],
    ["protocolPort", 1.5, /must be an integer from 1 to 65535, got 1\.5/],
    ["protocolPort", "80", /must be an integer from 1 to 65535, got "80"/],
    ["weight", -1, /must be an integer from 0 to 100, got -1/],
    ["weight", 101, /from 0 to 100, got 101/],
    ["weight", 1.5, /must be an integer from 0 to 100/],
    ["name", "x".repeat(256), /at most 255 characters, got 256/],
    ["name", "🚀".repeat(256), /at most 255 characters, got 256/],
    ["name", "web\n1", /must not contain control characters/],
    ["name", "tab\there", /must not contain control characters/],
    ["timeouts", { create: "0s" }, /create must be longer than zero/],
    ["timeouts", { delete: "0m" }, /delete must be longer than zero/],
    [
      "poolId",
      "not-a-uuid",
      /^must be a UUID in lowercase, such as 0416b6f1-877f-4a51-987e-978b3f084253 \(hexadecimal digits in groups of 8-4-4-4-12\), got "not-a-uuid"$/,
    ],
    ["poolId", "", /must be a UUID in lowercase.*, got ""$/],
    ["poolId", `${POOL}/../x`, /must be a UUID/],
    ["poolId", POOL.replace(/-/g, ""), /must be a UUID/],
    ["poolId", `{${POOL}}`, /must be a UUID/],
    ["poolId", POOL.toUpperCase(), /UUID in lowercase.*as the API writes ids \(written otherwise it would read back as a change\)/],
    ["subnetId", "abc", /^must be a UUID in lowercase, such as .*, got "abc"$/],
    ["subnetId", `${SUBNET}0`, /must be a UUID/],
    ["adminStateUp", "yes", /must be true or false, got "yes"/],
  ])("%s = %p is rejected with the allowed values", (property, value, reason) => {
    const failures = failuresFor({ [property]: value });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe(property);
    expect(failures[0].reason).toMatch(reason);
  });

  test("the bounds themselves are allowed", () => {
    expect(failuresFor({ protocolPort: 1, weight: 0, name: "x".repeat(255) })).toEqual([]);
    // 255 characters as the API counts them, though each takes two UTF-16 units.
    expect(failuresFor({ name: "🚀".repeat(255) })).toEqual([]);
    expect(failuresFor({ name: "Zürich – Ost", timeouts: { create: "1ms" } })).toEqual([]);
    expect(failuresFor({ protocolPort: 65535, weight: 100 })).toEqual([]);
  });

  test("every failure is reported at once", () => {
    const failures = checkInputs(poolMemberSpec, { address: "nope", protocolPort: 0, weight: 101 }).failures;
    expect(failures.map((f) => f.property).sort()).toEqual(["address", "poolId", "protocolPort", "weight"]);
    expect(failures.find((f) => f.property === "poolId")?.reason).toMatch(/^is required: /);
  });

  test("UNKNOWN is the engine's unknown value, as the Pulumi SDK exports it", () => {
    expect(UNKNOWN).toBe(runtime.unknownValue);
  });

  test("unknown values (preview) pass", () => {
    expect(failuresFor({ poolId: UNKNOWN, address: UNKNOWN, protocolPort: UNKNOWN, weight: UNKNOWN })).toEqual([]);
  });

  test("a misspelt property is named, with the real ones", () => {
    const failures = failuresFor({ weigth: 5 });
    expect(failures).toEqual([{ property: "weigth", reason: expect.stringContaining("the inputs are poolId, address") }]);
  });
});

test.each([
  ["0.0.0.0", true],
  ["255.255.255.255", true],
  ["192.168.1.1", true],
  ["256.1.1.1", false],
  ["1.2.3", false],
  ["1.2.3.4.5", false],
  ["01.2.3.4", false],
  ["1.2.3.a", false],
  ["", false],
])("isIPv4(%p) is %p", (text, expected) => {
  expect(isIPv4(text)).toBe(expected);
});

test.each([
  [POOL, true],
  ["00000000-0000-4000-8000-0000000000e1", true],
  // Any version and variant: Octavia's UuidType takes any, and the shared ELB's docs show examples only.
  ["6ba7b810-9dad-11d1-80b4-00c04fd430c8", true],
  [POOL.toUpperCase(), false],
  [POOL.replace(/-/g, ""), false],
  [`${POOL} `, false],
  [`urn:uuid:${POOL}`, false],
  ["0416b6f1-877f-4a51-987e-978b3f08425g", false],
  ["", false],
])("isUuid(%p) is %p", (text, expected) => {
  expect(isUuid(text)).toBe(expected);
});

describe("ids are UUIDs on every supported cloud", () => {
  const uuidNames = (properties: Record<string, PropertySpec>) =>
    Object.entries(properties)
      .filter(([, property]) => property.format === "uuid")
      .map(([name]) => name);

  test("schema.json marks exactly the ids as UUIDs: of a member, and of the lookups' arguments", () => {
    expect(uuidNames(poolMemberSpec.inputProperties)).toEqual(["poolId", "subnetId"]);
    expect(uuidNames(lookupArgSpecs.getPoolMember.properties)).toEqual(["poolId", "memberId"]);
    expect(uuidNames(lookupArgSpecs.getPoolMembers.properties)).toEqual(["poolId", "id", "subnetId"]);
  });

  test.each(uuidNames(poolMemberSpec.inputProperties))("%s refuses a non-UUID naming itself, takes a UUID, and passes an unknown value", (name) => {
    expect(failuresFor({ [name]: "abc" })).toEqual([{ property: name, reason: expect.stringMatching(/^must be a UUID in lowercase/) }]);
    expect(failuresFor({ [name]: "6ba7b810-9dad-11d1-80b4-00c04fd430c8" })).toEqual([]);
    expect(failuresFor({ [name]: UNKNOWN })).toEqual([]);
  });

  test("a UUID property still refuses what is not a string", () => {
    expect(checkValue(poolMemberSpec.inputProperties.poolId, 42)).toBe("must be a string, got 42");
  });
});

describe("timeouts", () => {
  test("durations are accepted", () => {
    expect(failuresFor({ timeouts: { create: "10m", update: "90s", delete: "1h30m" } })).toEqual([]);
  });

  test("a bad duration or an unknown key is named with what is allowed", () => {
    const failures = failuresFor({ timeouts: { create: "ten minutes", read: "1m" } });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("timeouts");
    expect(failures[0].reason).toMatch(/create must be a duration such as "10m", "90s" or "1h30m", got "ten minutes"/);
    expect(failures[0].reason).toMatch(/read is not allowed \(allowed: create, update, delete\)/);
  });
});

describe("schema-driven bounds", () => {
  // Every numeric and length rule in schema.json is enforced at exactly its bounds.
  for (const [name, property] of Object.entries(poolMemberSpec.inputProperties)) {
    if (property.minimum !== undefined) {
      test(`${name} rejects ${property.minimum - 1} and accepts ${property.minimum}`, () => {
        expect(failuresFor({ [name]: property.minimum! - 1 }).map((f) => f.property)).toEqual([name]);
        expect(failuresFor({ [name]: property.minimum })).toEqual([]);
      });
    }
    if (property.maximum !== undefined) {
      test(`${name} rejects ${property.maximum + 1} and accepts ${property.maximum}`, () => {
        expect(failuresFor({ [name]: property.maximum! + 1 }).map((f) => f.property)).toEqual([name]);
        expect(failuresFor({ [name]: property.maximum })).toEqual([]);
      });
    }
    if (property.maxLength !== undefined && property.type === "string" && !property.format) {
      test(`${name} rejects ${property.maxLength + 1} characters`, () => {
        expect(failuresFor({ [name]: "a".repeat(property.maxLength! + 1) }).map((f) => f.property)).toEqual([name]);
        expect(failuresFor({ [name]: "a".repeat(property.maxLength!) })).toEqual([]);
      });
    }
  }

  test.each(poolMemberSpec.requiredInputs)("%s is required", (name) => {
    const { [name]: _omitted, ...rest } = { ...valid } as Record<string, unknown>;
    expect(checkInputs(poolMemberSpec, rest).failures.map((f) => f.property)).toEqual([name]);
  });
});
