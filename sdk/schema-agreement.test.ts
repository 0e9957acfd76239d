// The SDK's types are written by hand for good editor hints; this test holds them to schema.json:
// same properties, same optionality, same types, and docs that say which changes replace.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { poolMemberSpec, PropertySpec } from "../provider/schema";

const source = ts.createSourceFile(
  "pool-member.ts",
  fs.readFileSync(path.join(__dirname, "pool-member.ts"), "utf8"),
  ts.ScriptTarget.ES2022,
  true,
);

interface Member {
  optional: boolean;
  type: string;
  doc: string;
}

function membersOf(name: string): Record<string, Member> {
  const members: Record<string, Member> = {};
  source.forEachChild((node) => {
    const isTarget = (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === name;
    if (!isTarget) return;
    for (const member of node.members) {
      if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.type) continue;
      const doc = ts.getJSDocCommentsAndTags(member).map((d) => d.getText()).join(" ");
      members[member.name.getText()] = { optional: member.questionToken !== undefined, type: member.type.getText(), doc };
    }
  });
  return members;
}

const tsType = (property: PropertySpec) =>
  property.tsType ?? { integer: "number", number: "number", string: "string", boolean: "boolean", object: "object" }[property.type];
/** State and outputs may be undefined when the program need not set them and nothing defaults them. */
const stateType = (name: string, property: PropertySpec) =>
  name in poolMemberSpec.inputProperties && !poolMemberSpec.requiredInputs.includes(name) && property.default === undefined
    ? `${tsType(property)} | undefined`
    : tsType(property);
const allProperties = { ...poolMemberSpec.inputProperties, ...poolMemberSpec.outputProperties };

test("PoolMemberArgs has exactly the schema's inputs, optional unless required", () => {
  const expected = Object.fromEntries(
    Object.entries(poolMemberSpec.inputProperties).map(([name, property]) => [
      name,
      { optional: !poolMemberSpec.requiredInputs.includes(name), type: `pulumi.Input<${tsType(property)}>` },
    ]),
  );
  const actual = Object.fromEntries(Object.entries(membersOf("PoolMemberArgs")).map(([name, m]) => [name, { optional: m.optional, type: m.type }]));
  expect(actual).toEqual(expected);
});

test("object types in PoolMemberArgs have exactly the schema's keys", () => {
  for (const property of Object.values(poolMemberSpec.inputProperties).filter((p) => p.tsType)) {
    const keys = Object.entries(membersOf(property.tsType!)).map(([key, m]) => [key, m.optional, m.type]);
    expect(keys).toEqual(Object.entries(property.properties ?? {}).map(([key, p]) => [key, true, tsType(p)]));
  }
});

test("PoolMemberArgs docs say which changes replace the member", () => {
  for (const [name, member] of Object.entries(membersOf("PoolMemberArgs"))) {
    const replaces = poolMemberSpec.inputProperties[name].replaceOnChanges === true;
    expect({ name, saysReplaces: /replaces the member/.test(member.doc) }).toEqual({ name, saysReplaces: replaces });
  }
});

test("PoolMemberState has every input and output with its plain type", () => {
  const expected = Object.fromEntries(Object.entries(allProperties).map(([name, property]) => [name, stateType(name, property)]));
  const actual = Object.fromEntries(Object.entries(membersOf("PoolMemberState")).map(([name, m]) => [name, m.type]));
  expect(actual).toEqual(expected);
});

test("the PoolMember class exposes every property as an Output", () => {
  const expected = Object.fromEntries(
    Object.entries(allProperties).map(([name, property]) => [name, `pulumi.Output<${stateType(name, property)}>`]),
  );
  const actual = Object.fromEntries(Object.entries(membersOf("PoolMember")).map(([name, m]) => [name, m.type]));
  expect(actual).toEqual(expected);
});
