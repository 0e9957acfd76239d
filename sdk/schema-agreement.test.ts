// The PoolMember types are written by hand for good editor hints; this test holds them to
// schema.json: the SDK's arguments and class (sdk/pool-member.ts), and the one set of plain types
// the SDK, its adapter and the lifecycle share (provider/types.ts). Same properties, same
// optionality, same types, and docs that say which changes replace.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { alwaysInState, poolMemberInfoSpec, poolMemberSpec, PropertySpec } from "../provider/schema";

const parse = (file: string) => ts.createSourceFile(path.basename(file), fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
const sdkSource = parse(path.join(__dirname, "pool-member.ts"));
const typesSource = parse(path.join(__dirname, "..", "provider", "types.ts"));

interface Member {
  optional: boolean;
  type: string;
  doc: string;
}

function membersOf(source: ts.SourceFile, name: string): Record<string, Member> {
  const members: Record<string, Member> = {};
  let found = false;
  source.forEachChild((node) => {
    const isTarget = (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === name;
    if (!isTarget) return;
    found = true;
    for (const member of node.members) {
      if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.type) continue;
      const doc = ts
        .getJSDocCommentsAndTags(member)
        .map((d) => d.getText())
        .join(" ");
      members[member.name.getText()] = { optional: member.questionToken !== undefined, type: member.type.getText(), doc };
    }
  });
  if (!found) throw new Error(`no interface or class ${name} in ${source.fileName}`);
  return members;
}

const tsType = (property: PropertySpec): string =>
  property.tsType ??
  (property.type === "array"
    ? `${tsType(property.items!)}[]`
    : { integer: "number", number: "number", string: "string", boolean: "boolean", object: "object" }[property.type]);
const stateProperties = { ...poolMemberSpec.inputProperties, ...poolMemberSpec.outputProperties };
// An output that is no input (dedicated load balancers' ipVersion, ...) is there only where the API reports it.
const inState = (name: string) => name in poolMemberSpec.inputProperties && alwaysInState(poolMemberSpec, name);

test("PoolMemberArgs has exactly the schema's inputs, optional unless required", () => {
  const expected = Object.fromEntries(
    Object.entries(poolMemberSpec.inputProperties).map(([name, property]) => [
      name,
      { optional: !poolMemberSpec.requiredInputs.includes(name), type: `pulumi.Input<${tsType(property)}>` },
    ]),
  );
  const actual = Object.fromEntries(Object.entries(membersOf(sdkSource, "PoolMemberArgs")).map(([name, m]) => [name, { optional: m.optional, type: m.type }]));
  expect(actual).toEqual(expected);
});

test("object types have exactly the schema's keys, in provider/types.ts", () => {
  for (const property of Object.values(poolMemberSpec.inputProperties).filter((p) => p.tsType)) {
    const keys = Object.entries(membersOf(typesSource, property.tsType!)).map(([key, m]) => [key, m.optional, m.type]);
    expect(keys).toEqual(Object.entries(property.properties ?? {}).map(([key, p]) => [key, true, tsType(p)]));
  }
});

test("PoolMemberArgs docs say which changes replace the member", () => {
  for (const [name, member] of Object.entries(membersOf(sdkSource, "PoolMemberArgs"))) {
    const replaces = poolMemberSpec.inputProperties[name].replaceOnChanges === true;
    expect({ name, saysReplaces: /replaces the member/.test(member.doc) }).toEqual({ name, saysReplaces: replaces });
  }
});

const shapeOf = (members: Record<string, Member>) =>
  Object.fromEntries(Object.entries(members).map(([name, m]) => [name, { optional: m.optional, type: m.type }]));

test("PoolMemberInputs, what the lifecycle is given, has exactly the schema's inputs, optional unless required", () => {
  const expected = Object.fromEntries(
    Object.entries(poolMemberSpec.inputProperties).map(([name, property]) => [
      name,
      { optional: !poolMemberSpec.requiredInputs.includes(name), type: tsType(property) },
    ]),
  );
  expect(shapeOf(membersOf(typesSource, "PoolMemberInputs"))).toEqual(expected);
});

test("PoolMemberState (PoolMemberInputs and its own members) has every state property, optional exactly when check may leave it out", () => {
  const expected = Object.fromEntries(Object.entries(stateProperties).map(([name, property]) => [name, { optional: !inState(name), type: tsType(property) }]));
  const actual = { ...shapeOf(membersOf(typesSource, "PoolMemberInputs")), ...shapeOf(membersOf(typesSource, "PoolMemberState")) };
  expect(actual).toEqual(expected);
});

test("the PoolMember class exposes every state property as an Output", () => {
  const expected = Object.fromEntries(
    Object.entries(stateProperties).map(([name, property]) => [name, `pulumi.Output<${tsType(property)}${inState(name) ? "" : " | undefined"}>`]),
  );
  const actual = Object.fromEntries(Object.entries(membersOf(sdkSource, "PoolMember")).map(([name, m]) => [name, m.type]));
  expect(actual).toEqual(expected);
});

test("PoolMemberInfo, the lookups' result, has exactly the schema's properties", () => {
  const expected = Object.fromEntries(
    Object.entries(poolMemberInfoSpec.properties).map(([name, property]) => [
      name,
      { optional: !poolMemberInfoSpec.required.includes(name), type: tsType(property) },
    ]),
  );
  const actual = Object.fromEntries(
    Object.entries(membersOf(typesSource, "PoolMemberInfo")).map(([name, m]) => [name, { optional: m.optional, type: m.type }]),
  );
  expect(actual).toEqual(expected);
});
