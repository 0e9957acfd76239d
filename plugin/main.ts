// pulumi-resource-elb: the resource plugin's entry point. The engine starts it with its own
// address as the argument and reads the port it listens on from the first line of stdout.
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderRuntime } from "../provider";
import { engineProcessSignals, watchEngine } from "../provider/shutdown";
import { EngineConnections } from "./engine-connections";
import { packageSchema } from "./package-schema";
import { serveProvider } from "./server";
import { resourceProviderService } from "./service";

/** Set by `make plugin`'s bundler (scripts/plugin/bundle.ts); absent when tsc's output runs. */
declare const __ELB_PLUGIN_VERSION__: string | undefined;

/** The plugin's version, which `pulumi plugin install` names: the bundler's, else its package's. */
function pluginVersion(): string {
  return typeof __ELB_PLUGIN_VERSION__ === "string" ? __ELB_PLUGIN_VERSION__ : packageVersion();
}

function packageVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")).version;
  }
  throw new Error(`no package.json above ${__dirname}`);
}

async function main(): Promise<void> {
  const version = pluginVersion();
  const runtime = new ProviderRuntime();
  const connections = new EngineConnections();
  const { port } = await serveProvider(resourceProviderService(version, JSON.stringify(packageSchema(version)), { runtime, connections }), connections);
  // A string, so Node does not colour it; the engine parses this line.
  process.stdout.write(`${port}\n`);
  // Once the engine is gone, this provider sends nothing more and exits: its connection closing
  // under unanswered calls says so first; its stdin and parent too when the engine started us (its
  // address is then our argument), not when someone runs the plugin by hand for the engine to attach.
  const startedByEngine = process.argv.length > 2;
  watchEngine({ signals: [connections.signal, ...(startedByEngine ? engineProcessSignals() : [])], shutdown: runtime.shutdown, log: runtime.log });
}

main().catch((error: unknown) => {
  console.error(`pulumi-resource-elb: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
