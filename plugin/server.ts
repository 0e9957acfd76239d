// The plugin's gRPC server on loopback. It accepts the engine's connections itself and hands each
// to grpc-js (a connection injector), so EngineConnections sees every one of them close; a server
// bound by grpc-js alone keeps its sockets to itself.
import * as net from "node:net";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { EngineConnections } from "./engine-connections";

export interface ServedProvider {
  port: number;
  close(): Promise<void>;
}

/** Serves the ResourceProvider service on 127.0.0.1, on a port the system picks. */
export async function serveProvider(service: grpc.UntypedServiceImplementation, connections: EngineConnections): Promise<ServedProvider> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, service);
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const listener = net.createServer((socket) => {
    connections.watch(socket);
    injector.injectConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(0, "127.0.0.1", () => {
      listener.off("error", reject);
      resolve();
    });
  });
  return {
    port: (listener.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        injector.destroy();
        listener.close(() => resolve());
      }),
  };
}
