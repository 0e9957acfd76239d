// The transport's promises through the real pulumi CLI: an ELB that answers 503 to everything
// for 40 s is ridden out (retries last as long as the operation's deadline, not 8 attempts); a
// 429 asking to wait longer than the deadline leaves fails at once, saying so; a clear-text
// endpoint on another host is refused at preview, before anything is sent.
import { demoSeed, DEMO_IDS, Emulator, startEmulator } from "../../emulator";
import { PoolMember } from "pulumi-elb-poolmember";
import { EngineStack, resourcesOfType } from "./harness";

jest.setTimeout(600_000);

const POOL = DEMO_IDS.poolId;
const SUBNET = DEMO_IDS.subnetId;
const CREATE = "POST /v2.0/lbaas/pools/{pool_id}/members";
const OUTAGE_MS = 40_000;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: demoSeed() });
});
afterAll(async () => emulator?.close());
beforeEach(() => {
  emulator.setFaults({ rules: [] });
  emulator.reset();
  emulator.resetCounters();
});

const elbConfig = () => ({ "elb:endpoint": { value: emulator.url }, "elb:auth": { value: "none" } });

/** 503s answered on ELB routes, over all of them. */
function unavailable(): number {
  let count = 0;
  for (const [route, statuses] of Object.entries(emulator.counters())) {
    if (route.includes(" /v2.0/")) count += (statuses as Record<string, number>)["503"] ?? 0;
  }
  return count;
}

test("a 40 s outage in which every ELB call answers 503 is ridden out: up succeeds and the member exists", async () => {
  const engine = await EngineStack.create({
    projectName: "outage",
    config: elbConfig(),
    program: async () => {
      new PoolMember("through-outage", { poolId: POOL, subnetId: SUBNET, address: "192.168.0.40", protocolPort: 80 });
      return {};
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    emulator.setFaults({ rules: [{ kind: "error", status: 503 }] });
    timer = setTimeout(() => emulator.setFaults({ rules: [] }), OUTAGE_MS);
    await engine.up();
    // The outage really was met: more 503s than the eight attempts there used to be.
    expect(unavailable()).toBeGreaterThan(8);
    const members = emulator.members(POOL);
    expect(members.map((m) => m.address)).toEqual(["192.168.0.40"]);
    expect(resourcesOfType(await engine.exportState(), "elb:PoolMember").map((r) => r.id)).toEqual([members[0].id]);
    await engine.destroy();
    expect(emulator.members(POOL)).toEqual([]);
  } finally {
    clearTimeout(timer);
    emulator.setFaults({ rules: [] });
    await engine.dispose();
  }
});

test("a 429 with Retry-After beyond timeouts.create fails up at once, naming the wait and the time left", async () => {
  const engine = await EngineStack.create({
    projectName: "retry-after",
    config: elbConfig(),
    program: async () => {
      new PoolMember("throttled", { poolId: POOL, subnetId: SUBNET, address: "192.168.0.41", protocolPort: 80, timeouts: { create: "30s" } });
      return {};
    },
  });
  try {
    emulator.setFaults({ rules: [{ kind: "throttle", retryAfterSeconds: 3600, route: CREATE }] });
    const failure = await engine.up().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /adding member 192\.168\.0\.41:80 to pool .*: POST \S+ answered 429.*; the server asked to wait 3600 s, more than the \d+ s left before this operation's deadline \(timeouts\.create 30s\)/,
    );
    // Once: the provider did not sit out the 30 s deadline in retries.
    expect(emulator.counters()[CREATE]).toEqual({ "429": 1 });
    expect(emulator.members(POOL)).toEqual([]);
  } finally {
    emulator.setFaults({ rules: [] });
    await engine.dispose();
  }
});

describe("clear text to a host that is not loopback", () => {
  // Nothing listens at 10.255.255.1:9, and nothing may be sent there: the refusal comes first.
  const CLEAR_TEXT = "http://10.255.255.1:9";

  async function previewWith(config: Record<string, { value: string; secret?: boolean }>, env?: Record<string, string>) {
    const engine = await EngineStack.create({
      projectName: "clear-text",
      config,
      env,
      program: async () => {
        const member = new PoolMember("clear", { poolId: POOL, subnetId: SUBNET, address: "192.168.0.42", protocolPort: 80 });
        // Stay in the program until the engine has answered the registration (here: refused it).
        await new Promise((resolve) => member.urn.apply(resolve));
        return {};
      },
    });
    try {
      return await engine.preview().catch((error: Error) => error);
    } finally {
      await engine.dispose();
    }
  }

  test("is refused at preview, naming the setting, its origin and elb:allowInsecureHttp", async () => {
    const failure = await previewWith({ "elb:endpoint": { value: CLEAR_TEXT }, "elb:auth": { value: "none" } });
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain(
      "endpoint (from stack config elb:endpoint) is http://10.255.255.1:9, clear-text http to a host that is not loopback, so nothing was sent to it. " +
        'Use https; or, only on a network you trust, set elb:allowInsecureHttp (or ELB_ALLOW_INSECURE_HTTP) to "true"',
    );
  });

  test('with allowInsecureHttp "true" a token is still never sent over it', async () => {
    const failure = await previewWith({
      "elb:endpoint": { value: CLEAR_TEXT },
      "elb:allowInsecureHttp": { value: "true" },
      "elb:token": { value: "tok-clear-text-never-sent", secret: true },
    });
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain(
      'endpoint (from stack config elb:endpoint) is http://10.255.255.1:9, clear-text http to a host that is not loopback, and auth "token" would send credentials over it',
    );
    expect((failure as Error).message).not.toContain("tok-clear-text-never-sent");
  });

  test("an auth URL from the environment is refused the same way", async () => {
    const failure = await previewWith({ "elb:region": { value: "eu-de" } }, { OS_AUTH_URL: "http://10.255.255.1:9/v3", OS_TOKEN: "tok-env" });
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("authUrl (from env OS_AUTH_URL) is http://10.255.255.1:9, clear-text http to a host that is not loopback");
  });
});
