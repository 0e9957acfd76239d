// The runnable programs under examples/, as inline programs for the Automation API. Each run
// evaluates the program's source afresh, so its resources are declared every time (as `pulumi up`
// would); a module cache (Node's, or jest's registry, which ignores require.cache) would declare
// them only on the first run. The program's imports resolve through this module's require, so
// it shares the one @pulumi/pulumi runtime the Automation API drives.
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiFn } from "@pulumi/pulumi/automation";
import * as ts from "typescript";

export function exampleProgram(name: string): PulumiFn {
  // From sources (jest) and from dist/ alike, the example sits at examples/<name>/index.{ts,js}.
  const folder = path.join(__dirname, "..", "..", "examples", name);
  const file = ["index.ts", "index.js"].map((base) => path.join(folder, base)).find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`no program in ${folder}`);
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  });
  return async () => {
    const module = { exports: {} as Record<string, unknown> };
    new Function("require", "module", "exports", "__filename", "__dirname", outputText)(require, module, module.exports, file, folder);
    return { ...module.exports };
  };
}
