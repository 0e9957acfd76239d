// A small HTTP client for emulator tests: real sockets through undici, one Agent per client so a
// test file can close its connections, and bodies always consumed.
import { Agent, request } from "undici";

export interface CallOptions {
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent as is (for malformed JSON and signing tests). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Tests assert on arbitrary JSON shapes.
  json: any;
}

export class TestClient {
  readonly agent = new Agent({ connections: 256 });

  constructor(readonly base: string) {}

  async call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const headers: Record<string, string> = { ...opts.headers };
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json";
    }
    const res = await request(`${this.base}${path}`, {
      method: method as "GET",
      headers,
      body: payload,
      dispatcher: this.agent,
    });
    const text = await res.body.text();
    let json: unknown;
    if (text !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
