import { teardown } from "./teardown";

describe("teardown", () => {
  test("runs every step in order when all succeed", async () => {
    const ran: string[] = [];
    await teardown(
      () => ran.push("a"),
      async () => ran.push("b"),
      () => ran.push("c"),
    );
    expect(ran).toEqual(["a", "b", "c"]);
  });

  test("runs the steps after a failing one, then throws that failure", async () => {
    const ran: string[] = [];
    const destroyFailed = new Error("failed to load checkpoint: EOF");
    const outcome = teardown(
      async () => {
        throw destroyFailed;
      },
      () => ran.push("emulator closed"),
    );
    await expect(outcome).rejects.toBe(destroyFailed);
    expect(ran).toEqual(["emulator closed"]);
  });

  test("reports every failure when several steps fail", async () => {
    const outcome = teardown(
      () => {
        throw new Error("one");
      },
      () => Promise.reject(new Error("two")),
    );
    await expect(outcome).rejects.toThrow("2 cleanup steps failed");
    await outcome.catch((error: AggregateError) => expect(error.errors.map((e: Error) => e.message)).toEqual(["one", "two"]));
  });
});
