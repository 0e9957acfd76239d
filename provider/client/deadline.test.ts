import { Deadline } from "./deadline";

test("race gives the work's result, or a timeout naming the operation when the deadline passes first", async () => {
  await expect(Deadline.after(1_000, "x").race(Promise.resolve(1))).resolves.toBe(1);
  const never = new Promise<number>(() => undefined);
  await expect(Deadline.after(30, "adding member 10.0.0.5:80").race(never, "waiting in line")).rejects.toThrow(
    "adding member 10.0.0.5:80 did not finish before its deadline (last seen: waiting in line)",
  );
});

test("a deadline weeks away does not fire at once (setTimeout's limit is about 24.8 days)", async () => {
  const farAway = Deadline.after(600 * 3_600_000, "x");
  const outcome = await Promise.race([
    farAway.race(new Promise<string>((resolve) => setTimeout(() => resolve("work"), 50))),
    new Promise<string>((resolve) => setTimeout(() => resolve("still waiting"), 200)),
  ]);
  expect(outcome).toBe("work");
});

test("sleep past the deadline throws a timeout when the deadline comes", async () => {
  const started = Date.now();
  await expect(Deadline.after(40, "updating").sleep(5_000)).rejects.toMatchObject({ kind: "timeout" });
  expect(Date.now() - started).toBeLessThan(1_000);
});

test("the clock is injectable: time left and expiry follow it, and the setting is kept for messages", () => {
  let now = 5_000;
  const deadline = Deadline.after(30_000, "adding member 10.0.0.5:80", () => now, "timeouts.create");
  expect(deadline.remainingMs()).toBe(30_000);
  now += 29_999;
  expect(deadline.expired()).toBe(false);
  now += 1;
  expect(deadline.expired()).toBe(true);
  expect(deadline.remainingMs()).toBe(0);
  expect(deadline.setting).toBe("timeouts.create");
});
