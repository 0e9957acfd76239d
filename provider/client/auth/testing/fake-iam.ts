// A fake IAM for unit tests: records every token request and answers like IAM (201,
// X-Subject-Token, token.expires_at), optionally holding answers until released.

import type { AuthTransport } from "../types";

export const HOUR_MS = 60 * 60 * 1000;

export interface IamCall {
  url: URL;
  body: unknown;
  headers: Record<string, string>;
}

export type IamAnswer = Awaited<ReturnType<AuthTransport["post"]>>;

export class FakeIam implements AuthTransport {
  readonly calls: IamCall[] = [];
  /** Token lifetime of the default answer. */
  lifetimeMs = 24 * HOUR_MS;
  /** Replaces the default answer (a fresh token "token-<n>") when set. */
  answer?: (call: IamCall, n: number) => IamAnswer;
  private held?: Promise<void>;
  private release?: () => void;

  constructor(private readonly now: () => number) {}

  /** Answers wait until release() is called. */
  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  releaseAll(): void {
    this.release?.();
    this.held = undefined;
  }

  /** Only token requests are expected here; a catalog read is a test mistake. */
  async get(url: URL): Promise<IamAnswer> {
    throw new Error(`FakeIam: unexpected GET ${url.pathname}`);
  }

  async post(url: URL, body: string, headers: Record<string, string>): Promise<IamAnswer> {
    const call = { url, body: JSON.parse(body) as unknown, headers };
    this.calls.push(call);
    const n = this.calls.length;
    if (this.held) await this.held;
    if (this.answer) return this.answer(call, n);
    const expires = new Date(this.now() + this.lifetimeMs).toISOString().replace("Z", "000Z");
    return {
      status: 201,
      headers: { "x-subject-token": `token-${n}` },
      body: JSON.stringify({ token: { expires_at: expires, project: { id: "project-from-iam" }, catalog: [] } }),
    };
  }
}

/** A clock the test moves by hand. */
export function fakeClock(start = Date.UTC(2024, 0, 1, 12, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
}
