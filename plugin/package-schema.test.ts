// The package schema is derived, not written: every PoolMember input, every setting and every
// lookup result property is in it, with the rules Pulumi's schema can carry.
import { SETTINGS } from "../provider/client/auth/settings";
import { poolMemberInfoSpec, poolMemberSpec } from "../provider/schema";
import { FUNCTION_TOKENS, packageSchema, POOL_MEMBER_TOKEN } from "./package-schema";

const schema = packageSchema("1.2.3") as Record<string, any>;

test("names the package, its version, one resource and two functions", () => {
  expect(schema).toMatchObject({ name: "elb", version: "1.2.3" });
  expect(Object.keys(schema.resources)).toEqual([POOL_MEMBER_TOKEN]);
  expect(Object.keys(schema.functions)).toEqual(Object.values(FUNCTION_TOKENS));
});

test("PoolMember has schema.json's inputs, required ones and replacing ones alike, and states them as outputs", () => {
  const member = schema.resources[POOL_MEMBER_TOKEN];
  expect(Object.keys(member.inputProperties)).toEqual(Object.keys(poolMemberSpec.inputProperties));
  expect(member.requiredInputs).toEqual(poolMemberSpec.requiredInputs);
  const replacing = Object.entries(poolMemberSpec.inputProperties).filter(([, p]) => p.replaceOnChanges).map(([name]) => name);
  expect(Object.keys(member.inputProperties).filter((name) => member.inputProperties[name].replaceOnChanges)).toEqual(replacing);
  expect(member.properties).toEqual(member.inputProperties);
  expect(member.inputProperties.timeouts).toMatchObject({ $ref: "#/types/elb:index:PoolMemberTimeouts" });
});

test("every $ref points at a type the schema defines", () => {
  const refs = JSON.stringify(schema).match(/"#\/types\/[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(3);
  for (const ref of refs) expect(Object.keys(schema.types)).toContain(JSON.parse(ref).slice("#/types/".length));
});

test("config, the provider and a profile take every setting, secrets marked; config and provider also take profiles", () => {
  for (const where of [schema.config.variables, schema.provider.inputProperties]) {
    expect(Object.keys(where)).toEqual([...SETTINGS.map((s) => s.name), "profiles"]);
    expect(Object.keys(where).filter((name) => where[name].secret)).toEqual(SETTINGS.filter((s) => s.secret).map((s) => s.name));
  }
  expect(Object.keys(schema.types["elb:index:Profile"].properties)).toEqual(SETTINGS.map((s) => s.name));
  expect(schema.config.variables.drainSeconds.type).toBe("integer");
  expect(schema.config.variables.insecure.type).toBe("boolean");
});

test("the lookups take filters without defaults and return what PoolMemberInfo has", () => {
  const members = schema.functions[FUNCTION_TOKENS.getPoolMembers];
  expect(members.inputs.properties.weight).not.toHaveProperty("default");
  expect(members.inputs.required).toEqual(["poolId"]);
  expect(members.outputs.properties.members.items).toEqual({ $ref: "#/types/elb:index:PoolMemberInfo" });
  expect(Object.keys(schema.functions[FUNCTION_TOKENS.getPoolMember].outputs.properties)).toEqual(Object.keys(poolMemberInfoSpec.properties));
});
