// Helpers for tests that prove credentials stay out of Pulumi's state, output and files:
// a loopback proxy in front of the emulator that records every token issued and every
// credential header sent (so the scan can look for the exact values the provider used), and
// a scan that names where a secret was found.
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import type { EngineStack, StateResource } from "./harness";

export interface RecordingProxy {
  /** e.g. http://127.0.0.1:41235; the Host header is passed on, so IAM's catalog points here too. */
  url: string;
  /** X-Subject-Token values IAM issued through the proxy. */
  issuedTokens: Set<string>;
  /** Values of X-Auth-Token and X-Security-Token the provider sent. */
  sentCredentials: Map<string, Set<string>>;
  /** Access key ids named in Authorization headers. */
  signedWith: Set<string>;
  close(): Promise<void>;
}

const RECORDED_REQUEST_HEADERS = ["x-auth-token", "x-security-token"];

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const issuedTokens = new Set<string>();
  const sentCredentials = new Map<string, Set<string>>(RECORDED_REQUEST_HEADERS.map((name) => [name, new Set<string>()]));
  const signedWith = new Set<string>();

  const server = http.createServer((req, res) => {
    for (const name of RECORDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") sentCredentials.get(name)!.add(value);
    }
    const access = /Access=([^,\s]+)/.exec(String(req.headers.authorization ?? ""));
    if (access) signedWith.add(access[1]);
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      const token = answer.headers["x-subject-token"];
      if (typeof token === "string") issuedTokens.add(token);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    issuedTokens,
    sentCredentials,
    signedWith,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** Text of every file under `dir` (gzipped state included), keyed by path; `skip` names folders to leave out. */
export function filesUnder(dir: string, skip: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink() || skip.includes(entry.name)) continue;
    if (entry.isDirectory()) Object.assign(out, filesUnder(full, skip));
    else if (entry.isFile()) {
      const bytes = fs.readFileSync(full);
      out[full] = (entry.name.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
    }
  }
  return out;
}

/** "<secret name> in <haystack name>" for every secret found anywhere; [] when clean. */
export function secretHits(haystacks: Record<string, string>, secrets: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const [secretName, value] of Object.entries(secrets)) {
    if (value.length < 8) throw new Error(`secret ${secretName} is too short to search for meaningfully`);
    for (const [where, text] of Object.entries(haystacks)) if (text.includes(value)) hits.push(`${secretName} in ${where}`);
  }
  return hits;
}

/** How Pulumi marks a secret value in state; `exportStack()` (--show-secrets) shows it decrypted inside. */
export const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** The state with every value Pulumi keeps as a secret (stored encrypted) replaced by "[secret]". */
export function maskSecretValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecretValues);
  if (value === null || typeof value !== "object") return value;
  if (SECRET_SIGNATURE in value) return "[secret]";
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskSecretValues(inner)]));
}

/**
 * Everything a secret could leak into: the exported state (every resource, `__provider`,
 * inputs and outputs), the CLI transcript, the backend's files (checkpoints, history, backups)
 * and the workspace's Pulumi.*.yaml and PULUMI_HOME, leaving out files the test wrote itself.
 */
export function haystacks(engine: EngineStack, states: StateResource[][], extra: Record<string, string> = {}): Record<string, string> {
  const tempRoot = path.dirname(engine.workDir); // the harness keeps state/ and home/ beside program/
  const workspaceFiles = Object.fromEntries(
    fs
      .readdirSync(engine.workDir)
      .filter((name) => /^Pulumi\..*ya?ml$/.test(name))
      .map((name) => [path.join(engine.workDir, name), fs.readFileSync(path.join(engine.workDir, name), "utf8")]),
  );
  return {
    ...Object.fromEntries(states.map((state, i) => [`exported state #${i + 1}`, JSON.stringify(maskSecretValues(state))])),
    "CLI transcript": engine.transcript.join("\n"),
    ...filesUnder(path.join(tempRoot, "state")),
    ...filesUnder(path.join(tempRoot, "home"), ["plugins"]),
    ...workspaceFiles,
    ...extra,
  };
}
