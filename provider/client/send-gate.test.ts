// A request the client let through while the engine was alive but that had to wait for a
// connection is refused as it is about to be written, once the provider is shutting down: the
// server never sees it. A request already on the wire finishes. Ordering comes from the server's
// own events, never from elapsed time.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { NoAuthenticator } from "./auth";
import { Deadline } from "./deadline";
import { ElbClient } from "./http";
import { ShutdownError, ShutdownSignal } from "./shutdown-signal";

let server: http.Server;
let received: string[];
/** Answers the request held on the server. */
let release: () => void;
let held: Promise<void>;

beforeEach(async () => {
  received = [];
  let arrived!: () => void;
  held = new Promise((resolve) => (arrived = resolve));
  server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    if (req.url === "/held") {
      release = () => res.writeHead(200, { "content-type": "application/json" }).end("{}");
      arrived();
      return;
    }
    res.writeHead(201, { "content-type": "application/json" }).end('{"member":{}}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Turns of the event loop until undici holds a request back, waiting for the busy connection. */
async function untilQueued(dispatcher: Agent): Promise<void> {
  for (let turn = 0; turn < 1_000; turn++) {
    if (Object.values(dispatcher.stats).some((origin) => ("queued" in origin ? origin.queued : origin.pending) > 0)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the request never waited in undici's queue");
}

function clientWith(dispatcher: Agent, shutdown: ShutdownSignal): ElbClient {
  return new ElbClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authenticator: new NoAuthenticator(), dispatcher, shutdown });
}

test("a request waiting for a busy connection is not sent once shutdown begins; the one on the wire finishes", async () => {
  // One connection: the second request waits in undici's queue behind the held one.
  const dispatcher = new Agent({ connections: 1 });
  const shutdown = new ShutdownSignal();
  const client = clientWith(dispatcher, shutdown);
  const deadline = Deadline.after(10_000, "test");
  try {
    const onTheWire = client.call("GET", "held", { deadline });
    await held;
    const queued = client.call("POST", "members", { deadline, body: { member: {} } }).catch((error: unknown) => error);
    // The queued request passed the client's own check: only the gate can stop it now.
    await untilQueued(dispatcher);
    expect(shutdown.requestsInFlight).toBe(2);
    shutdown.begin("the engine is gone");
    release();
    expect((await onTheWire).status).toBe(200);
    const refused = await queued;
    expect(refused).toBeInstanceOf(ShutdownError);
    expect((refused as Error).message).toBe("not sent: the provider is shutting down (the engine is gone)");
    expect(received).toEqual(["GET /held"]);
  } finally {
    await dispatcher.destroy();
  }
});

test("while the provider runs, requests pass the gate unchanged", async () => {
  const dispatcher = new Agent({ connections: 1 });
  const client = clientWith(dispatcher, new ShutdownSignal());
  try {
    const created = await client.call("POST", "members", { deadline: Deadline.after(10_000, "test"), body: { member: {} } });
    expect(created.status).toBe(201);
    expect(received).toEqual(["POST /members"]);
  } finally {
    await dispatcher.destroy();
  }
});
