// The health wait at its deadline, on a clock the test moves: the last look is made at the
// deadline (as late as its answer still comes before it), and the error names the limit it ran
// into, not only how long it waited.
import { DEMO_IDS, demoSeed, Emulator, ManualClock, startEmulator } from "../../emulator";
import { Deadline } from "../client/deadline";
import { emulatorContext, TestContext } from "../testing/emulator-context";
import type { ApiMember } from "../api/types";
import { HealthTarget, listenerHealth, waitUntilOnline } from "./health-wait";

const MONITORED = "00000000-0000-4000-8000-0000000000e9";
const MEMBER = "cf024846-7516-4e3a-b0fb-6590322c836f";
const GET_MEMBER = "GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}";
const target: HealthTarget = { poolId: MONITORED, memberId: MEMBER, where: "192.168.0.80:80", limit: "timeouts.create 20s" };

let clock: ManualClock;
let emulator: Emulator;
let context: TestContext;
/** When each look went out and when its answer came, in ms after the wait began. */
let looks: Array<{ sent: number; answered: number }>;
let began: number;

beforeEach(async () => {
  clock = new ManualClock(1_000_000);
  const seed = demoSeed();
  seed.pools = [...(seed.pools ?? []), { id: MONITORED, name: "monitored", loadbalancerId: DEMO_IDS.loadbalancerId, protocol: "TCP" }];
  seed.healthmonitors = [{ id: "hm-1", poolId: MONITORED, type: "TCP", delay: 2, timeout: 1, maxRetries: 3 }];
  // A server that never passes its health check: the member stays OFFLINE.
  seed.members = [{ id: MEMBER, poolId: MONITORED, address: "192.168.0.80", protocolPort: 80, subnetId: DEMO_IDS.subnetId }];
  seed.memberHealth = { "192.168.0.80": "OFFLINE" };
  emulator = await startEmulator({ seed, clock });
  context = emulatorContext(emulator.url);
  looks = [];
  began = clock.now();
  const call = context.client.call.bind(context.client);
  context.client.call = (async (...args: Parameters<typeof call>) => {
    const sent = clock.now() - began;
    try {
      return await call(...args);
    } finally {
      looks.push({ sent, answered: clock.now() - began });
    }
  }) as typeof context.client.call;
});

afterEach(async () => {
  await context.close();
  await emulator.close();
});

async function waitFor20s(): Promise<Error> {
  const deadline = Deadline.after(20_000, "adding member 192.168.0.80:80", clock, "timeouts.create 20s");
  return (await clock.run(waitUntilOnline(context, target, deadline), 10_000).catch((error) => error)) as Error;
}

test("a member still OFFLINE at the deadline: the last look is at the deadline, and the error names the 20s limit", async () => {
  const failure = await waitFor20s();
  expect(failure).toMatchObject({ kind: "timeout" });
  expect(failure.message).toBe(
    `member ${MEMBER} (192.168.0.80:80) in pool ${MONITORED} is still OFFLINE after waiting 19.9s for the load balancer's health check ` +
      "to report it ONLINE, and the operation's time is up (waitForHealthy; the limit is timeouts.create 20s). " +
      "Check that the server at 192.168.0.80:80 is up and passes the pool's health check",
  );
  // Looks on loopback take no time on this clock: the last goes out 100 ms (the least kept back)
  // before the deadline, not a second before it, and the wait ends there, without sleeping on.
  expect(looks.map((look) => look.sent)).toEqual([0, 500, 1_500, 3_500, 6_500, 11_500, 16_500, 19_900]);
  expect(clock.now() - began).toBe(19_900);
  expect(emulator.counters()[GET_MEMBER]).toEqual({ "200": looks.length });
});

test("looks that take 300 ms: the last goes out 600 ms before the deadline and its answer comes before it", async () => {
  emulator.setFaults({ rules: [{ kind: "latency", ms: 300, route: GET_MEMBER }] });
  const failure = await waitFor20s();
  expect(failure.message).toMatch(/is still OFFLINE after waiting 19\.7s .*\(waitForHealthy; the limit is timeouts\.create 20s\)/);
  const last = looks[looks.length - 1];
  expect(last).toEqual({ sent: 19_400, answered: 19_700 });
  expect(looks.every((look) => look.answered <= 20_000)).toBe(true);
});

describe("listenerHealth: what a dedicated load balancer says of a member that is not ONLINE", () => {
  const member = (status: ApiMember["status"]): ApiMember => ({
    id: MEMBER,
    tenant_id: "p",
    name: "",
    address: "192.168.0.80",
    protocol_port: 80,
    subnet_id: "",
    admin_state_up: true,
    weight: 1,
    operating_status: "OFFLINE",
    status,
  });

  test("names each listener that does not see it ONLINE, with the reason code and the HTTP codes", () => {
    const health = listenerHealth(
      member([
        {
          listener_id: "l-http",
          operating_status: "OFFLINE",
          reason: { reason_code: "RESPONSE_MISMATCH", expected_response: "200", healthcheck_response: "503" },
        },
        { listener_id: "l-ok", operating_status: "ONLINE" },
        { listener_id: "l-tcp", operating_status: "OFFLINE", reason: { reason_code: "CONNECT_REFUSED" } },
      ]),
    );
    expect(health).toEqual(["on listener l-http OFFLINE: RESPONSE_MISMATCH (expected HTTP 200, got 503)", "on listener l-tcp OFFLINE: CONNECT_REFUSED"]);
  });

  test("says nothing where the API reports one status only (the shared ELB, Octavia)", () => {
    expect(listenerHealth(member(undefined))).toEqual([]);
  });
});
