// schema.json is the Pulumi package schema the plugin serves: its configuration restates the
// settings list exactly, its version is the package's, every reference resolves, and the
// lookups' arguments are the ones the lookups take.
import * as fs from "node:fs";
import * as path from "node:path";
import { SETTINGS } from "../provider/settings/model";
import { poolMemberInfoSpec, poolMemberSpec, schema } from "../provider/schema";
import { FUNCTION_TOKENS, packageSchema, POOL_MEMBER_TOKEN, PROFILE_TOKEN, settingProperties } from "./package-schema";

const raw = schema as unknown as Record<string, any>;
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));

test("names the package and the version package.json has, one resource and two functions", () => {
  expect(raw).toMatchObject({ name: "elb", version: manifest.version });
  expect(Object.keys(raw.resources)).toEqual([POOL_MEMBER_TOKEN]);
  expect(Object.keys(raw.functions)).toEqual(Object.values(FUNCTION_TOKENS));
  expect(packageSchema("9.9.9")).toMatchObject({ name: "elb", version: "9.9.9" });
});

test("only keys Pulumi's package metaschema allows at the top level", () => {
  const allowed = [
    "name",
    "displayName",
    "version",
    "description",
    "keywords",
    "homepage",
    "license",
    "repository",
    "publisher",
    "pluginDownloadURL",
    "config",
    "types",
    "provider",
    "resources",
    "functions",
    "language",
    "meta",
  ];
  for (const key of Object.keys(raw)) expect(allowed).toContain(key);
});

test("config, the provider and the Profile type restate the settings list, secrets marked", () => {
  expect(raw.config.variables).toEqual(settingProperties({ profiles: true }));
  expect(raw.provider.inputProperties).toEqual(settingProperties({ profiles: true }));
  expect(raw.types[PROFILE_TOKEN].properties).toEqual(settingProperties({ profiles: false }));
  expect(Object.keys(raw.config.variables).filter((name) => raw.config.variables[name].secret)).toEqual(SETTINGS.filter((s) => s.secret).map((s) => s.name));
  // Types and ranges come from the settings model.
  expect(raw.config.variables.drainSeconds).toMatchObject({ type: "integer", minimum: 0, maximum: 3600 });
  expect(raw.config.variables.queueChanges.type).toBe("boolean");
});

test("PoolMember's outputs are its inputs (state is configuration) and what dedicated load balancers report; timeouts resolve to their type", () => {
  const member = raw.resources[POOL_MEMBER_TOKEN];
  const outputsOnly = ["ipVersion", "memberType", "instanceId", "availabilityZone"];
  expect(Object.fromEntries(Object.entries(member.properties).filter(([name]) => !outputsOnly.includes(name)))).toEqual(member.inputProperties);
  expect(Object.keys(poolMemberSpec.outputProperties)).toEqual(outputsOnly);
  expect(member.inputProperties.timeouts.$ref).toBe("#/types/elb:index:PoolMemberTimeouts");
  expect(poolMemberSpec.inputProperties.timeouts).toMatchObject({ type: "object", tsType: "PoolMemberTimeouts" });
  expect(Object.keys(poolMemberSpec.inputProperties.timeouts.properties ?? {})).toEqual(["create", "update", "delete"]);
  expect(member.required).toEqual(
    Object.keys(member.inputProperties).filter((name) => member.requiredInputs.includes(name) || member.inputProperties[name].default !== undefined),
  );
});

test("every $ref points at a type the schema defines", () => {
  const refs = JSON.stringify(raw).match(/"#\/types\/[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(3);
  for (const ref of refs) expect(Object.keys(raw.types)).toContain(JSON.parse(ref).slice("#/types/".length));
});

test("the lookups take the arguments the lookups do, without defaults, and return PoolMemberInfo", () => {
  const members = raw.functions[FUNCTION_TOKENS.getPoolMembers];
  expect(Object.keys(members.inputs.properties).sort()).toEqual(
    [
      ...["poolId", "id", "name", "address", "protocolPort", "subnetId", "weight", "adminStateUp", "tenantId", "pageSize", "profile"],
      ...["monitorAddress", "monitorPort", "backup", "tags", "ipVersion", "memberType", "instanceId", "availabilityZone"],
    ].sort(),
  );
  expect(Object.values(members.inputs.properties).some((p) => "default" in (p as object))).toBe(false);
  expect(members.outputs.properties.members.items).toEqual({ $ref: "#/types/elb:index:PoolMemberInfo" });
  const one = raw.functions[FUNCTION_TOKENS.getPoolMember];
  expect(Object.keys(one.inputs.properties).sort()).toEqual(["address", "memberId", "poolId", "profile", "protocolPort"]);
  expect(Object.keys(one.outputs.properties)).toEqual(Object.keys(poolMemberInfoSpec.properties));
});
