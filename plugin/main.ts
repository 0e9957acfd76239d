// pulumi-resource-elb: the resource plugin's entry point. The engine starts it with its own
// address as the argument and reads the port it listens on from the first line of stdout.
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { packageSchema } from "./package-schema";
import { resourceProviderService } from "./service";

/** The plugin's version: its package's, which `make plugin` stamps and `pulumi plugin install` names. */
function packageVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")).version;
  }
  throw new Error(`no package.json above ${__dirname}`);
}

async function main(): Promise<void> {
  const version = packageVersion();
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, resourceProviderService(version, JSON.stringify(packageSchema(version))));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  // A string, so Node does not colour it; the engine parses this line.
  process.stdout.write(`${port}\n`);
}

main().catch((error: unknown) => {
  console.error(`pulumi-resource-elb: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
