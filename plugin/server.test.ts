// The plugin's server as the engine meets it, over real loopback sockets: an engine that dies with
// a call unanswered closes its connection under it, and the watch hears of it; an engine that
// closes an idle connection does not count as gone. And the engine's Cancel: changes are refused
// from then on, reads are not. Each step waits for the event it is about, never for time.
import * as http2 from "node:http2";
import * as grpc from "@grpc/grpc-js";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { ProviderRuntime } from "../provider";
import { ShutdownError } from "../provider/client/shutdown-signal";
import { EngineConnections } from "./engine-connections";
import { serveProvider, ServedProvider } from "./server";
import { CANCELLED, resourceProviderService, unaryCalls } from "./service";

let served: ServedProvider | undefined;
afterEach(async () => served?.close());

/** A gRPC call made by hand on its own HTTP/2 connection, which the test can drop as a dying process would. */
function engineCall(port: number, method: string) {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on("error", () => undefined);
  const stream = session.request({ ":method": "POST", ":path": `/pulumirpc.ResourceProvider/${method}`, "content-type": "application/grpc", te: "trailers" });
  stream.on("error", () => undefined);
  // Read the answer, or the stream never ends.
  stream.resume();
  // One empty message: a flag byte and a zero length.
  stream.end(Buffer.alloc(5));
  const answered = new Promise<void>((resolve) => stream.on("close", resolve));
  return { die: () => session.destroy(), answered, close: () => session.close() };
}

test("a connection that drops while its call is unanswered tells the watch that the engine is gone", async () => {
  const connections = new EngineConnections();
  let started!: () => void;
  const handling = new Promise<void>((resolve) => (started = resolve));
  const unary = unaryCalls(connections);
  const never = unary(() => {
    started();
    return new Promise<PluginInfo>(() => undefined);
  });
  served = await serveProvider({ getPluginInfo: never }, connections);
  const gone = new Promise<string>((resolve) => connections.signal(resolve));
  const engine = engineCall(served.port, "GetPluginInfo");
  await handling;
  engine.die();
  expect(await gone).toBe("its connection to this provider closed with 1 call(s) unanswered");
});

test("a connection closed once its calls are answered (an idle client) says nothing", async () => {
  const connections = new EngineConnections();
  const unary = unaryCalls(connections);
  served = await serveProvider({ getPluginInfo: unary(async () => new PluginInfo().setVersion("1.0.0")) }, connections);
  const gone = jest.fn();
  connections.signal(gone);
  let closed!: () => void;
  const socketClosed = new Promise<void>((resolve) => (closed = resolve));
  // Told after the watch itself, to know when the server has seen the close.
  const watch = connections.watch.bind(connections);
  connections.watch = (socket) => {
    watch(socket);
    socket.once("close", closed);
  };
  const engine = engineCall(served.port, "GetPluginInfo");
  await engine.answered;
  engine.close();
  await socketClosed;
  expect(gone).not.toHaveBeenCalled();
});

test("a real gRPC client's calls are counted on the connection the server accepted (peer names agree)", async () => {
  const connections = new EngineConnections();
  const peers: string[] = [];
  const callStarted = connections.callStarted.bind(connections);
  connections.callStarted = (peer) => (peers.push(peer), callStarted(peer));
  const accepted: string[] = [];
  const watch = connections.watch.bind(connections);
  connections.watch = (socket) => (accepted.push(`${socket.remoteAddress}:${socket.remotePort}`), watch(socket));
  served = await serveProvider(resourceProviderService("1.2.3", "{}", { connections }), connections);
  const client = new grpc.Client(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure());
  try {
    const version = await new Promise<string>((resolve, reject) =>
      client.makeUnaryRequest(
        "/pulumirpc.ResourceProvider/GetPluginInfo",
        () => Buffer.alloc(0),
        (bytes: Buffer) => PluginInfo.deserializeBinary(bytes),
        {},
        (error, info) => (error ? reject(error) : resolve(info!.getVersion())),
      ),
    );
    expect(version).toBe("1.2.3");
    expect(peers).toEqual(accepted);
    expect(peers).toHaveLength(1);
  } finally {
    client.close();
  }
});

test("the engine's Cancel refuses every change from then on, and lets reads through", async () => {
  const runtime = new ProviderRuntime();
  const service = resourceProviderService("1.2.3", "{}", { runtime });
  expect(runtime.shutdown.refusal("POST")).toBeUndefined();
  await new Promise<void>((resolve, reject) =>
    (service.cancel as grpc.handleUnaryCall<unknown, unknown>)(
      { request: {}, getPeer: () => "127.0.0.1:1" } as unknown as grpc.ServerUnaryCall<unknown, unknown>,
      (error) => (error ? reject(error) : resolve()),
    ),
  );
  for (const method of ["POST", "PUT", "DELETE"]) expect(runtime.shutdown.refusal(method)).toEqual(new ShutdownError(CANCELLED));
  expect(runtime.shutdown.refusal("GET")).toBeUndefined();
  // Cancelled is not gone: the process stays, for the engine to read its answers.
  expect(runtime.shutdown.shuttingDown).toBe(false);
});
