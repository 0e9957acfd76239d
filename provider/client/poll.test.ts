// The poll loop on a ManualClock: time passes only when the test moves it, so every pause is exact.
import { ManualClock } from "../../emulator";
import { settlesWithoutSleeping } from "../../emulator/testing/promises";
import { Deadline } from "./deadline";
import { ElbError } from "./errors";
import { doublingPauses, Look, poll } from "./poll";

function clock(ms: number, setting?: string) {
  const time = new ManualClock(1_000_000);
  return { time, deadline: Deadline.after(ms, "waiting for load balancer lb-1", time, setting) };
}

/** Looks that find the work pending `pendingLooks` times, then done; each look's time is noted. */
function looks(time: ManualClock, pendingLooks: number) {
  const at: number[] = [];
  const look = async (n: number): Promise<Look<string>> => {
    at.push(time.now() - 1_000_000);
    return n < pendingLooks ? { pending: `PENDING_UPDATE (look ${n})` } : { done: "ACTIVE" };
  };
  return { at, look };
}

test("looks until a look is done and returns its value, pausing as pauseMs says after each pending look", async () => {
  const { time, deadline } = clock(60_000);
  const { at, look } = looks(time, 3);
  const asked: number[] = [];
  const pauseMs = (n: number) => (asked.push(n), [100, 200, 400][n]);
  await expect(time.run(poll(look, { deadline, pauseMs }))).resolves.toBe("ACTIVE");
  expect(asked).toEqual([0, 1, 2]);
  expect(at).toEqual([0, 100, 300, 700]);
});

test("a first look that is done returns at once, without sleeping", async () => {
  const { time, deadline } = clock(60_000);
  const { look } = looks(time, 0);
  const work = poll(look, { deadline, pauseMs: () => 1_000 });
  expect(await settlesWithoutSleeping(work, time)).toBe(true);
  await expect(work).resolves.toBe("ACTIVE");
});

test("what a look throws ends the poll at once: a state that waiting will not mend", async () => {
  const { time, deadline } = clock(60_000);
  const failed = new ElbError("lb_failed", "load balancer lb-1 is in provisioning status ERROR");
  let calls = 0;
  const look = async (n: number): Promise<Look<string>> => {
    calls++;
    if (n === 1) throw failed;
    return { pending: "PENDING_UPDATE" };
  };
  await expect(time.run(poll(look, { deadline, pauseMs: () => 100 }))).rejects.toBe(failed);
  expect(calls).toBe(2);
  expect(time.now() - 1_000_000).toBe(100);
});

test("a pause that does not fit fails with the deadline's timeout error, naming what the last look found", async () => {
  const { time, deadline } = clock(1_000, "timeouts.create");
  const { at, look } = looks(time, Number.POSITIVE_INFINITY);
  const failure = await time.run(poll(look, { deadline, pauseMs: () => 400 })).catch((error) => error);
  expect(failure).toMatchObject({
    kind: "timeout",
    message: "waiting for load balancer lb-1 did not finish before its deadline (timeouts.create; last seen: PENDING_UPDATE (look 2))",
  });
  expect(at).toEqual([0, 400, 800]);
});

test("with reserveMs, pauses leave time for a last look, and when none is left the poll fails at once with timeoutError", async () => {
  const { time, deadline } = clock(2_000);
  const { at, look } = looks(time, Number.POSITIVE_INFINITY);
  const timeoutError = (lastSeen: string) => new Error(`still ${lastSeen}`);
  const failure = await time.run(poll(look, { deadline, pauseMs: () => 700, reserveMs: 500, timeoutError })).catch((error) => error);
  // 0, 700, 1400, then a pause cut to 100 ms leaves 500 ms for the look at 1500 ms; after it, nothing is left.
  expect(at).toEqual([0, 700, 1_400, 1_500]);
  expect(failure).toEqual(new Error("still PENDING_UPDATE (look 3)"));
  // It failed at 1500 ms, without sleeping into the deadline.
  expect(time.now() - 1_000_000).toBe(1_500);
  expect(time.pending()).toEqual([]);
});

test("with reserveMs and no timeoutError, running out fails with the deadline's timeout error", async () => {
  const { time, deadline } = clock(1_000);
  const { look } = looks(time, Number.POSITIVE_INFINITY);
  const failure = await time.run(poll(look, { deadline, pauseMs: () => 600, reserveMs: 500 })).catch((error) => error);
  expect(failure).toMatchObject({
    kind: "timeout",
    message: "waiting for load balancer lb-1 did not finish before its deadline (last seen: PENDING_UPDATE (look 1))",
  });
  expect(time.now() - 1_000_000).toBe(500);
});

test("a reserveMs function is given the slowest look so far, so the last look goes out as late as its answer comes in time", async () => {
  const { time, deadline } = clock(10_000);
  const at: number[] = [];
  const given: number[] = [];
  // Looks take 100 ms, then one 300 ms, on the clock.
  const look = async (n: number): Promise<Look<string>> => {
    at.push(time.now() - 1_000_000);
    await time.sleep(n === 1 ? 300 : 100);
    return { pending: `OFFLINE (look ${n})` };
  };
  const reserveMs = (slowest: number) => (given.push(slowest), 2 * slowest);
  const failure = await time.run(poll(look, { deadline, pauseMs: () => 4_000, reserveMs, timeoutError: (seen) => new Error(seen) })).catch((e) => e);
  expect(given).toEqual([100, 300, 300, 300]);
  // 0 (100 ms), 4100 (300 ms), then 4000 ms pauses; the third pause is cut to leave 600 ms: the
  // last look goes out at 9400 ms and is answered at 9500 ms, and 500 ms left is less than 600.
  expect(at).toEqual([0, 4_100, 8_400, 9_400]);
  expect(failure).toEqual(new Error("OFFLINE (look 3)"));
  expect(time.now() - 1_000_000).toBe(9_500);
});

test("doublingPauses starts at its first pause and doubles up to the cap; a first pause above the cap is kept", () => {
  expect([0, 1, 2, 3, 4, 5].map(doublingPauses(100, 2_000))).toEqual([100, 200, 400, 800, 1_600, 2_000]);
  expect([0, 1, 2].map(doublingPauses(3_000, 2_000))).toEqual([3_000, 2_000, 2_000]);
  expect(doublingPauses(20, 2_000)(5_000)).toBe(2_000);
});
