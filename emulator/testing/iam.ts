// Shared by the IAM tests: a configuration with two users in two projects, AK/SK and application
// credentials, an injectable clock, and builders for token requests.
import { demoSeed, Emulator, startEmulator } from "../index";
import type { AuthConfig, EmulatorOptions } from "../types";
import { TestClient } from "./client";

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
export const OTHER_PROJECT = "ffffffffffffffffffffffffffffffff";

export function iamConfig(now: () => number): AuthConfig {
  return {
    users: [
      { name: "alice", password: "alice-pw", domainName: "acme" },
      { name: "bob", password: "bob-pw", domainName: "acme", projectId: OTHER_PROJECT, projectName: "eu-de_other" },
      { name: "carol", password: "carol-pw", domainName: "globex", domainId: "0123456789abcdef0123456789abcdef" },
    ],
    credentials: [{ accessKey: "AK1", secretKey: "SK1" }],
    applicationCredentials: [
      { id: "appcred-alice", name: "ci", secret: "s3cret", userName: "alice", domainName: "acme" },
      { id: "appcred-bob", name: "ci", secret: "b0b", userName: "bob", domainName: "acme" },
    ],
    tokenLifetimeSeconds: 600,
    now,
  };
}

type Json = Record<string, unknown>;

export function passwordIdentity(name: string, password: string, domain: Json = { name: "acme" }): Json {
  return { methods: ["password"], password: { user: { name, password, domain } } };
}

export function tokenRequest(identity: Json, scope?: Json): Json {
  return { auth: { identity, ...(scope === undefined ? {} : { scope }) } };
}

export async function issue(client: TestClient, identity: Json, scope?: Json) {
  const res = await client.call("POST", "/v3/auth/tokens", { body: tokenRequest(identity, scope) });
  return { res, token: res.headers["x-subject-token"] as string | undefined };
}

/** One emulator with IAM per test file, on a clock every test starts at T0 and may move. */
export function iamWorld(options: Pick<EmulatorOptions, "errorStyle"> = {}) {
  const world = { clock: T0, emu: undefined as unknown as Emulator, client: undefined as unknown as TestClient };
  beforeAll(async () => {
    world.emu = await startEmulator({ seed: demoSeed(), auth: iamConfig(() => world.clock), ...options });
    world.client = new TestClient(world.emu.url);
  });
  afterAll(async () => {
    await world.client.close();
    await world.emu.close();
  });
  beforeEach(() => {
    world.clock = T0;
    world.emu.resetCounters();
  });
  return world;
}
