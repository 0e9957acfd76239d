// The engine's connections to the plugin's gRPC server, and the calls each one carries. The plugin
// accepts the connections itself (main.ts hands each to grpc-js), so it sees one close.
//
// A closed connection alone does not mean the engine is gone: gRPC clients close idle connections
// and open new ones when they next call (grpc-go does after 30 idle minutes). A client never closes
// a connection whose calls it still waits on, though, so a connection that closes with calls
// unanswered has lost its engine: nobody is left to read those answers or record what they made.
import type { EngineSignal } from "../provider/shutdown";

/** What the watch needs of an accepted socket. */
export interface AcceptedConnection {
  remoteAddress?: string;
  remotePort?: number;
  once(event: "close", listener: () => void): unknown;
}

export class EngineConnections {
  /** Unanswered calls by peer ("address:port", as grpc-js's call.getPeer() names it). */
  private readonly unanswered = new Map<string, number>();
  private readonly listeners = new Set<(reason: string) => void>();

  /** Watches a connection the server accepted, until it closes. */
  watch(connection: AcceptedConnection): void {
    // Read now: a closed socket no longer knows its peer.
    const peer = `${connection.remoteAddress}:${connection.remotePort}`;
    connection.once("close", () => {
      const calls = this.unanswered.get(peer) ?? 0;
      if (calls === 0) return;
      for (const gone of this.listeners) gone(`its connection to this provider closed with ${calls} call(s) unanswered`);
    });
  }

  /** Counts a call on the peer's connection as unanswered; the returned function says it is answered. */
  callStarted(peer: string): () => void {
    this.unanswered.set(peer, (this.unanswered.get(peer) ?? 0) + 1);
    let answered = false;
    return () => {
      if (answered) return;
      answered = true;
      const left = (this.unanswered.get(peer) ?? 1) - 1;
      if (left > 0) this.unanswered.set(peer, left);
      else this.unanswered.delete(peer);
    };
  }

  /** The engine watch's view: a connection that closed with calls unanswered. */
  readonly signal: EngineSignal = (gone) => {
    this.listeners.add(gone);
    return () => this.listeners.delete(gone);
  };
}
