// The runnable programs under examples/, as inline programs for the Automation API: each run
// loads the program afresh, so its resources are declared every time (as `pulumi up` would).
import * as path from "node:path";
import { PulumiFn } from "@pulumi/pulumi/automation";

export function exampleProgram(name: string): PulumiFn {
  // From sources (jest) and from dist/ alike, the example sits at examples/<name>/index.
  const file = require.resolve(path.join(__dirname, "..", "..", "examples", name, "index"));
  return async () => {
    delete require.cache[file];
    return { ...require(file) };
  };
}
