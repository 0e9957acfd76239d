// The Python and Go examples in docs/ name only what the generated SDKs (sdk/python, sdk/go) have:
// every `elb.<Name>(` of a Python block is a class or function of pulumi_elb and every keyword of
// `elb.PoolMember(` a parameter of its __init__; every `elb.<Name>` of a Go block is exported by
// package elb and every field of `elb.PoolMemberArgs{...}` is in that struct. So an example cannot
// go stale when schema.json, and with it the SDKs, changes. (docs/_index.md's YAML example runs
// in test/engine/yaml.test.ts.)
import * as fs from "node:fs";
import * as path from "node:path";
import { codeBlocks } from "./lib/markdown";

const repo = path.join(__dirname, "..");
const docsDir = path.join(repo, "docs");
const pythonPackage = path.join(repo, "sdk", "python", "pulumi_elb");
const goPackage = path.join(repo, "sdk", "go", "elb");

const docs = fs
  .readdirSync(docsDir)
  .filter((file) => file.endsWith(".md"))
  .map((file) => ({ file: `docs/${file}`, text: fs.readFileSync(path.join(docsDir, file), "utf8") }));

/** The text from `open` (which is at start) to its matching `close`, both excluded. */
function balanced(text: string, start: number, open: string, close: string): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(start + 1, i);
  }
  throw new Error(`no ${close} closes the ${open} at ${start}: ${text.slice(start, start + 60)}`);
}

/** The bracket depth-0 parts of a call's or literal's body, split at commas. */
function topLevelParts(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = "";
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim() !== "") parts.push(current);
  return parts.map((part) => part.trim());
}

// --- what the generated SDKs have ---

/** Top-level classes and functions of the Python package's modules. */
export function pythonNames(dir = pythonPackage): Set<string> {
  const names = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".py"))) {
    for (const match of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/^(?:class|def) ([A-Za-z_]\w*)/gm)) names.add(match[1]);
  }
  return names;
}

/** The parameters of the first __init__ of `class <name>(` in a Python module. */
export function pythonInitParameters(source: string, className: string): Set<string> {
  const classStart = source.search(new RegExp(`^class ${className}\\(`, "m"));
  if (classStart < 0) throw new Error(`no class ${className}`);
  const init = source.indexOf("def __init__(", classStart);
  const params = balanced(source, source.indexOf("(", init), "(", ")");
  return new Set(
    topLevelParts(params)
      .map((part) => /^\**([A-Za-z_]\w*)/.exec(part)?.[1])
      .filter((name): name is string => name !== undefined),
  );
}

/** Exported top-level identifiers of the Go package: funcs, types, vars and consts. */
export function goExports(dir = goPackage): Set<string> {
  const names = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".go"))) {
    for (const match of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/^(?:func|type|var|const) ([A-Z]\w*)/gm)) names.add(match[1]);
  }
  return names;
}

/** The fields of `type <name> struct {...}` in the Go package. */
export function goStructFields(name: string, dir = goPackage): Set<string> {
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".go"))) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    const at = source.search(new RegExp(`^type ${name} struct \\{`, "m"));
    if (at < 0) continue;
    const body = balanced(source, source.indexOf("{", at), "{", "}");
    return new Set([...body.matchAll(/^\s*([A-Z]\w*)\s/gm)].map((m) => m[1]));
  }
  throw new Error(`no struct ${name} in ${dir}`);
}

// --- what an example uses ---

/** Each `elb.<Name>(` of a Python block, and the keyword arguments of each `elb.PoolMember(`. */
export function pythonUses(block: string): { calls: string[]; poolMemberKeywords: string[] } {
  const calls = [...block.matchAll(/\belb\.([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]);
  const poolMemberKeywords: string[] = [];
  for (const match of block.matchAll(/\belb\.PoolMember\s*\(/g)) {
    const args = balanced(block, match.index! + match[0].length - 1, "(", ")");
    for (const part of topLevelParts(args)) {
      const keyword = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(part);
      if (keyword) poolMemberKeywords.push(keyword[1]);
    }
  }
  return { calls, poolMemberKeywords };
}

/** Each `elb.<Name>` of a Go block, and the fields set in each `elb.PoolMemberArgs{...}`. */
export function goUses(block: string): { names: string[]; poolMemberArgsFields: string[] } {
  const names = [...block.matchAll(/\belb\.([A-Za-z_]\w*)/g)].map((m) => m[1]);
  const poolMemberArgsFields: string[] = [];
  for (const match of block.matchAll(/\belb\.PoolMemberArgs\s*\{/g)) {
    const body = balanced(block, match.index! + match[0].length - 1, "{", "}");
    for (const part of topLevelParts(body)) {
      const field = /^([A-Za-z_]\w*)\s*:/.exec(part);
      if (field) poolMemberArgsFields.push(field[1]);
    }
  }
  return { names, poolMemberArgsFields };
}

// --- the checks ---

/** What the Python blocks of `markdown` name that pulumi_elb does not have. */
export function pythonMismatches(markdown: string): string[] {
  const names = pythonNames();
  const init = pythonInitParameters(fs.readFileSync(path.join(pythonPackage, "pool_member.py"), "utf8"), "PoolMember");
  return codeBlocks(markdown, "python").flatMap((block) => {
    const { calls, poolMemberKeywords } = pythonUses(block);
    return [
      ...calls.filter((name) => !names.has(name)).map((name) => `elb.${name}( is not a class or function of pulumi_elb`),
      ...poolMemberKeywords.filter((k) => !init.has(k)).map((k) => `elb.PoolMember(${k}=...): PoolMember.__init__ has no parameter ${k}`),
    ];
  });
}

/** What the Go blocks of `markdown` name that package elb does not have. */
export function goMismatches(markdown: string): string[] {
  const exported = goExports();
  const fields = goStructFields("PoolMemberArgs");
  return codeBlocks(markdown, "go").flatMap((block) => {
    const { names, poolMemberArgsFields } = goUses(block);
    return [
      ...names.filter((name) => !exported.has(name)).map((name) => `elb.${name} is not exported by package elb`),
      ...poolMemberArgsFields.filter((f) => !fields.has(f)).map((f) => `elb.PoolMemberArgs{${f}: ...}: PoolMemberArgs has no field ${f}`),
    ];
  });
}

describe("the docs' examples name only what the generated SDKs have", () => {
  const python = docs.flatMap(({ file, text }) => codeBlocks(text, "python").map((block) => ({ file, block })));
  const go = docs.flatMap(({ file, text }) => codeBlocks(text, "go").map((block) => ({ file, block })));

  test("docs/ has Python and Go examples that use PoolMember and a lookup", () => {
    expect(python.length).toBeGreaterThan(0);
    expect(go.length).toBeGreaterThan(0);
    const pythonCalls = python.flatMap(({ block }) => pythonUses(block).calls);
    expect(pythonCalls).toEqual(expect.arrayContaining(["PoolMember", "get_pool_members_output"]));
    expect(python.flatMap(({ block }) => pythonUses(block).poolMemberKeywords)).toEqual(expect.arrayContaining(["pool_id", "protocol_port"]));
    expect(go.flatMap(({ block }) => goUses(block).names)).toEqual(expect.arrayContaining(["NewPoolMember", "PoolMemberArgs", "GetPoolMembersOutput"]));
    expect(go.flatMap(({ block }) => goUses(block).poolMemberArgsFields)).toEqual(expect.arrayContaining(["PoolId", "ProtocolPort"]));
  });

  test.each(docs.map((d) => [d.file, d.text]))("%s: Python blocks", (_file, text) => {
    expect(pythonMismatches(text)).toEqual([]);
  });

  test.each(docs.map((d) => [d.file, d.text]))("%s: Go blocks", (_file, text) => {
    expect(goMismatches(text)).toEqual([]);
  });
});

describe("the checks fail on a typo", () => {
  const python = (code: string) => "```python\n" + code + "\n```\n";
  const go = (code: string) => "```go\n" + code + "\n```\n";

  test("Python: a class, a function or a PoolMember keyword that the SDK does not have", () => {
    expect(pythonMismatches(python('web = elb.PoolMember("w", pool_id=p, protocol_port=80)\nelb.get_pool_members_output(pool_id=p)'))).toEqual([]);
    expect(pythonMismatches(python('elb.PoolMembr("w", pool_id=p)'))).toEqual(["elb.PoolMembr( is not a class or function of pulumi_elb"]);
    expect(pythonMismatches(python("elb.get_pool_member_outputs(pool_id=p)"))).toEqual([
      "elb.get_pool_member_outputs( is not a class or function of pulumi_elb",
    ]);
    expect(pythonMismatches(python('elb.PoolMember(\n    "w",\n    pool_id=f(a, b=1),\n    protocol_prt=80,\n)'))).toEqual([
      "elb.PoolMember(protocol_prt=...): PoolMember.__init__ has no parameter protocol_prt",
    ]);
    // A keyword of the args class that __init__ does not take is caught too; `opts` is taken.
    expect(pythonMismatches(python('elb.PoolMember("w", opts=pulumi.ResourceOptions(), poolId=p)'))).toEqual([
      "elb.PoolMember(poolId=...): PoolMember.__init__ has no parameter poolId",
    ]);
  });

  test("Go: an identifier that package elb does not export, or a field PoolMemberArgs does not have", () => {
    expect(goMismatches(go('elb.NewPoolMember(ctx, "w", &elb.PoolMemberArgs{PoolId: pulumi.String(p), Weight: pulumi.Int(1)})'))).toEqual([]);
    expect(goMismatches(go("elb.NewPoolMembers(ctx)"))).toEqual(["elb.NewPoolMembers is not exported by package elb"]);
    expect(goMismatches(go("elb.GetPoolMember(ctx, &elb.GetPoolMemberArgs{})"))).toEqual(["elb.GetPoolMemberArgs is not exported by package elb"]);
    expect(goMismatches(go("&elb.PoolMemberArgs{\n\tPoolId: pulumi.String(f(a, b)),\n\tWeigth: pulumi.Int(1),\n}"))).toEqual([
      "elb.PoolMemberArgs{Weigth: ...}: PoolMemberArgs has no field Weigth",
    ]);
  });

  test("what the generated SDKs have is read as expected", () => {
    expect([...pythonNames()]).toEqual(expect.arrayContaining(["PoolMember", "PoolMemberArgs", "get_pool_member", "get_pool_members_output"]));
    const init = pythonInitParameters(fs.readFileSync(path.join(pythonPackage, "pool_member.py"), "utf8"), "PoolMember");
    expect([...init]).toEqual(expect.arrayContaining(["resource_name", "opts", "pool_id", "subnet_id", "address", "protocol_port", "weight", "timeouts"]));
    expect([...goExports()]).toEqual(expect.arrayContaining(["NewPoolMember", "PoolMemberArgs", "LookupPoolMember", "GetPoolMembersOutput", "PoolMemberInfo"]));
    expect([...goStructFields("PoolMemberArgs")].sort()).toEqual(
      [
        "Address",
        "AdminStateUp",
        "Adopt",
        "Backup",
        "DrainSeconds",
        "MonitorAddress",
        "MonitorPort",
        "Name",
        "PoolId",
        "Profile",
        "ProtocolPort",
        "SubnetId",
        "Tags",
        "Timeouts",
        "WaitForHealthy",
        "Weight",
      ].sort(),
    );
  });
});
