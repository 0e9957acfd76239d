// Reading request bodies and writing replies on node:http, including the slow-body trickle.
import type { IncomingMessage, ServerResponse } from "node:http";
import { bodyTooLarge } from "./errors";
import type { Timers } from "./timers";

export const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(bodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function encodeJson(body: unknown): Buffer | undefined {
  return body === undefined ? undefined : Buffer.from(JSON.stringify(body));
}

/** Writes status, headers and body; with slowBodyMs > 0 the body is spread over that time. */
export async function writeReply(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: Buffer | undefined,
  slowBodyMs: number,
  timers: Timers,
): Promise<void> {
  const all: Record<string, string> = { ...headers, "Content-Length": String(payload?.length ?? 0) };
  if (payload !== undefined) all["Content-Type"] = "application/json; charset=UTF-8";
  res.writeHead(status, all);
  if (payload === undefined || payload.length === 0) {
    res.end();
    return;
  }
  if (slowBodyMs <= 0) {
    res.end(payload);
    return;
  }
  // Headers are flushed first, then roughly ten equal slices spread over the interval.
  res.flushHeaders();
  const slices = Math.min(10, payload.length);
  const size = Math.ceil(payload.length / slices);
  const gap = slowBodyMs / slices;
  for (let offset = 0; offset < payload.length; offset += size) {
    await timers.sleep(gap);
    if (res.destroyed) return;
    res.write(payload.subarray(offset, offset + size));
  }
  res.end();
}
