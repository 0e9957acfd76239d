import { ShutdownError, ShutdownSignal } from "./client/shutdown-signal";
import { engineAliveCheck, isDynamicProviderHost, parentOf, ProcessView, watchEngine } from "./shutdown";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function watched(alive: { value: boolean }, shutdown = new ShutdownSignal()) {
  const exit = jest.fn();
  const log = jest.fn();
  const watch = watchEngine({ isEngineAlive: () => alive.value, intervalMs: 1_000, graceMs: 5_000, shutdown, exit, log });
  return { exit, log, shutdown, watch };
}

test("while the engine lives nothing happens; within one interval of its death the flag is set and the process exits", async () => {
  const alive = { value: true };
  const { exit, log, shutdown, watch } = watched(alive);
  await jest.advanceTimersByTimeAsync(10_000);
  expect(shutdown.shuttingDown).toBe(false);
  alive.value = false;
  await jest.advanceTimersByTimeAsync(1_000);
  expect(shutdown.shuttingDown).toBe(true);
  expect(() => shutdown.assertMayChange()).toThrow(ShutdownError);
  expect(exit).toHaveBeenCalledWith(1);
  expect(log.mock.calls[0][0]).toMatch(/engine that started this provider is gone; sending nothing more.*pulumi cancel/);
  watch.stop();
});

test("a request on the wire may finish before the exit, within the grace", async () => {
  const alive = { value: true };
  const { exit, shutdown } = watched(alive);
  let answer!: () => void;
  const request = shutdown.track(() => new Promise<void>((resolve) => (answer = resolve)));
  alive.value = false;
  await jest.advanceTimersByTimeAsync(1_000);
  expect(shutdown.shuttingDown).toBe(true);
  expect(exit).not.toHaveBeenCalled();
  answer();
  await request;
  await jest.advanceTimersByTimeAsync(0);
  expect(exit).toHaveBeenCalledTimes(1);
});

test("a request that hangs does not hold the exit beyond the grace", async () => {
  const alive = { value: false };
  const { exit, shutdown } = watched(alive);
  void shutdown.track(() => new Promise<void>(() => undefined));
  await jest.advanceTimersByTimeAsync(1_000 + 4_999);
  expect(exit).not.toHaveBeenCalled();
  await jest.advanceTimersByTimeAsync(1);
  expect(exit).toHaveBeenCalledTimes(1);
});

test("the watch does not keep the process alive", () => {
  const unref = jest.fn();
  const real = global.setInterval;
  global.setInterval = ((...args: Parameters<typeof setInterval>) => Object.assign(real(...args), { unref })) as typeof setInterval;
  try {
    watched({ value: true }).watch.stop();
  } finally {
    global.setInterval = real;
  }
  expect(unref).toHaveBeenCalled();
});

function view(tree: Record<number, { parent: number; cmd: string }>, self: { ppid: number }): ProcessView {
  return { ppid: () => self.ppid, parentOf: (pid) => tree[pid]?.parent, commandLine: (pid) => tree[pid]?.cmd };
}

test("with an exec launcher the engine is the parent: its death re-parents us", () => {
  const self = { ppid: 100 };
  const alive = engineAliveCheck(view({ 100: { parent: 50, cmd: "pulumi up" } }, self));
  expect(alive()).toBe(true);
  self.ppid = 1;
  expect(alive()).toBe(false);
});

test("a CLI that is re-parented itself (nohup, a closed terminal) keeps its provider", () => {
  const tree = { 100: { parent: 50, cmd: "pulumi up" } };
  const alive = engineAliveCheck(view(tree, { ppid: 100 }));
  tree[100].parent = 1;
  expect(alive()).toBe(true);
});

test("with a launcher shell that does not exec, the shell's parent is the engine", () => {
  const tree: Record<number, { parent: number; cmd: string }> = { 100: { parent: 50, cmd: "/bin/sh /usr/bin/pulumi-resource-pulumi-nodejs 127.0.0.1:4000" } };
  const alive = engineAliveCheck(view(tree, { ppid: 100 }));
  expect(alive()).toBe(true);
  tree[100].parent = 1; // the CLI died; the shell lives on
  expect(alive()).toBe(false);
});

test("parentOf reads /proc stat, names with spaces and parentheses included", () => {
  expect(parentOf(7, () => "7 (a (b) c) S 42 7 7 0")).toBe(42);
  expect(
    parentOf(7, () => {
      throw new Error("ENOENT");
    }),
  ).toBeUndefined();
  expect(parentOf(process.pid)).toBe(process.ppid);
});

test("only the dynamic-provider host counts as the provider process", () => {
  expect(isDynamicProviderHost(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:1"])).toBe(true);
  expect(isDynamicProviderHost(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider"])).toBe(true);
  expect(isDynamicProviderHost(["node", "/p/program/index.js"])).toBe(false);
  expect(isDynamicProviderHost(process.argv)).toBe(false);
});
