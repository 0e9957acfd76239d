import { EventEmitter } from "node:events";
import { ShutdownError, ShutdownSignal } from "./client/shutdown-signal";
import {
  EngineSignal,
  engineProcessSignals,
  isDynamicProviderHost,
  LAUNCHER_POLL_MS,
  launcherParentExited,
  PARENT_POLL_MS,
  parentExited,
  parentOf,
  polled,
  ProcessView,
  stdinClosed,
  StdinView,
  watchEngine,
} from "./shutdown";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A signal the test fires by hand, and whether the watch stopped it. */
function manualSignal() {
  const state = { gone: undefined as ((reason: string) => void) | undefined, stopped: false };
  const signal: EngineSignal = (gone) => {
    state.gone = gone;
    return () => (state.stopped = true);
  };
  return { signal, fire: (reason = "test") => state.gone!(reason), state };
}

function watched(signals: EngineSignal[], shutdown = new ShutdownSignal()) {
  const exit = jest.fn();
  const log = jest.fn();
  const watch = watchEngine({ signals, graceMs: 5_000, shutdown, exit, log });
  return { exit, log, shutdown, watch };
}

test("until a signal speaks nothing happens; when it does, the flag is set at once, the reason named, and the process exits", async () => {
  const engine = manualSignal();
  const { exit, log, shutdown } = watched([engine.signal]);
  await jest.advanceTimersByTimeAsync(60_000);
  expect(shutdown.shuttingDown).toBe(false);
  engine.fire("its end of this process's stdin closed");
  // No timer in between: whatever the runtime checks next is refused.
  expect(() => shutdown.assertMayChange()).toThrow(ShutdownError);
  expect(() => shutdown.assertMaySend("GET")).toThrow(ShutdownError);
  expect(shutdown.reason).toBe("the pulumi engine that started it is gone: its end of this process's stdin closed");
  await jest.advanceTimersByTimeAsync(0);
  expect(exit).toHaveBeenCalledWith(1);
  expect(log.mock.calls[0][0]).toMatch(
    /engine that started this provider is gone \(its end of this process's stdin closed\); sending nothing more.*pulumi cancel/,
  );
});

test("the first signal wins: every signal is stopped, and a second one changes nothing", async () => {
  const [first, second] = [manualSignal(), manualSignal()];
  const { exit, log, shutdown } = watched([first.signal, second.signal]);
  second.fire("second");
  expect(first.state.stopped && second.state.stopped).toBe(true);
  first.fire("first");
  await jest.advanceTimersByTimeAsync(0);
  expect(shutdown.reason).toMatch(/second$/);
  expect(exit).toHaveBeenCalledTimes(1);
  expect(log).toHaveBeenCalledTimes(1);
});

test("a signal that speaks while it starts (stdin already closed) is acted on, and the later ones are not started", async () => {
  const early: EngineSignal = (gone) => {
    gone("already");
    return () => undefined;
  };
  const later = manualSignal();
  const { exit } = watched([early, later.signal]);
  await jest.advanceTimersByTimeAsync(0);
  expect(exit).toHaveBeenCalledTimes(1);
  expect(later.state.gone).toBeUndefined();
});

test("a request on the wire may finish before the exit, within the grace", async () => {
  const engine = manualSignal();
  const { exit, shutdown } = watched([engine.signal]);
  let answer!: () => void;
  const request = shutdown.track(() => new Promise<void>((resolve) => (answer = resolve)));
  engine.fire();
  await jest.advanceTimersByTimeAsync(4_000);
  expect(exit).not.toHaveBeenCalled();
  answer();
  await request;
  await jest.advanceTimersByTimeAsync(0);
  expect(exit).toHaveBeenCalledTimes(1);
});

test("a request that hangs does not hold the exit beyond the grace", async () => {
  const engine = manualSignal();
  const { exit, shutdown } = watched([engine.signal]);
  void shutdown.track(() => new Promise<void>(() => undefined));
  engine.fire();
  await jest.advanceTimersByTimeAsync(4_999);
  expect(exit).not.toHaveBeenCalled();
  await jest.advanceTimersByTimeAsync(1);
  expect(exit).toHaveBeenCalledTimes(1);
});

test("stop() stops every signal", () => {
  const engine = manualSignal();
  watched([engine.signal]).watch.stop();
  expect(engine.state.stopped).toBe(true);
});

test("a polled check looks every interval and its timer does not keep the process alive", async () => {
  const unref = jest.fn();
  const real = global.setInterval;
  global.setInterval = ((...args: Parameters<typeof setInterval>) => Object.assign(real(...args), { unref })) as typeof setInterval;
  const answers: Array<string | undefined> = [undefined, undefined, "gone now"];
  const check = jest.fn(() => answers.shift());
  const gone = jest.fn();
  let stop: () => void;
  try {
    stop = polled(check, 50)(gone);
  } finally {
    global.setInterval = real;
  }
  expect(unref).toHaveBeenCalled();
  await jest.advanceTimersByTimeAsync(100);
  expect(gone).not.toHaveBeenCalled();
  await jest.advanceTimersByTimeAsync(50);
  expect(gone).toHaveBeenCalledWith("gone now");
  stop();
  await jest.advanceTimersByTimeAsync(1_000);
  expect(check).toHaveBeenCalledTimes(3);
});

/** stdin as the watch sees it: a pipe (or not) whose end the test closes. */
function fakeStdin(pipe = true) {
  const stream = Object.assign(new EventEmitter(), { pause: jest.fn(), unref: jest.fn() });
  const open = jest.fn(() => stream);
  const input: StdinView = { isPipe: () => pipe, open };
  return { input, stream, open };
}

test("stdin: end-of-file on the engine's pipe is the signal, with no timer; data on it is dropped; reading it never holds the process", async () => {
  const { input, stream } = fakeStdin();
  const gone = jest.fn();
  stdinClosed(input)(gone);
  expect(stream.unref).toHaveBeenCalled();
  stream.emit("data", Buffer.from("anything"));
  expect(gone).not.toHaveBeenCalled();
  stream.emit("end");
  expect(gone).toHaveBeenCalledWith("its end of this process's stdin closed");
});

test("stdin: an error or a close without end-of-file counts too; stop() lets go of the stream", () => {
  for (const event of ["error", "close"]) {
    const { input, stream } = fakeStdin();
    const gone = jest.fn();
    const stop = stdinClosed(input)(gone);
    stream.emit(event, new Error("EPIPE"));
    expect(gone).toHaveBeenCalledTimes(1);
    stop();
    expect(stream.listenerCount("end") + stream.listenerCount("data") + stream.listenerCount(event)).toBe(0);
    expect(stream.pause).toHaveBeenCalled();
  }
});

test("stdin that is not a pipe (a terminal, a file, /dev/null, which ends at once) is not read and says nothing", () => {
  const { input, open } = fakeStdin(false);
  const gone = jest.fn();
  stdinClosed(input)(gone)();
  expect(open).not.toHaveBeenCalled();
  expect(gone).not.toHaveBeenCalled();
});

/** A process tree the test changes; every /proc read is counted. */
function view(tree: Record<number, { parent: number; cmd: string }>, self: { ppid: number }) {
  const reads = { parentOf: 0 };
  const processes: ProcessView = {
    ppid: () => self.ppid,
    parentOf: (pid) => {
      reads.parentOf++;
      return tree[pid]?.parent;
    },
    commandLine: (pid) => tree[pid]?.cmd,
  };
  return { processes, reads };
}

test("with an exec launcher the engine is the parent: its death is seen within one PARENT_POLL_MS, without reading /proc", async () => {
  const self = { ppid: 100 };
  const { processes, reads } = view({ 100: { parent: 50, cmd: "pulumi up" } }, self);
  const gone = jest.fn();
  parentExited(processes)(gone);
  launcherParentExited(processes)(gone);
  await jest.advanceTimersByTimeAsync(10_000);
  expect(gone).not.toHaveBeenCalled();
  self.ppid = 1;
  await jest.advanceTimersByTimeAsync(PARENT_POLL_MS);
  expect(gone).toHaveBeenCalledWith("its process 100, this process's parent, exited");
  expect(PARENT_POLL_MS).toBeLessThanOrEqual(50);
  expect(reads.parentOf).toBe(0);
});

test("a CLI that is re-parented itself (nohup, a closed terminal) keeps its provider", async () => {
  const tree = { 100: { parent: 50, cmd: "pulumi up" } };
  const gone = jest.fn();
  for (const signal of engineProcessSignals(view(tree, { ppid: 100 }).processes, fakeStdin().input)) signal(gone);
  tree[100].parent = 1;
  await jest.advanceTimersByTimeAsync(10_000);
  expect(gone).not.toHaveBeenCalled();
});

test("with a launcher shell that does not exec, the shell's parent is the engine, read from /proc every LAUNCHER_POLL_MS", async () => {
  const tree: Record<number, { parent: number; cmd: string }> = { 100: { parent: 50, cmd: "/bin/sh /usr/bin/pulumi-resource-pulumi-nodejs 127.0.0.1:4000" } };
  const self = { ppid: 100 };
  const { processes } = view(tree, self);
  const gone = jest.fn();
  parentExited(processes)(gone);
  launcherParentExited(processes)(gone);
  await jest.advanceTimersByTimeAsync(10_000);
  expect(gone).not.toHaveBeenCalled();
  tree[100].parent = 1; // the CLI died; the shell lives on, and stays our parent
  await jest.advanceTimersByTimeAsync(LAUNCHER_POLL_MS);
  expect(gone).toHaveBeenCalledWith("its process 50, the launcher shell's parent, exited");
  expect(gone).toHaveBeenCalledTimes(1);
});

test("the engine's process signals together: stdin's end-of-file reaches the watch before any poll", async () => {
  const { input, stream } = fakeStdin();
  const { processes } = view({ 100: { parent: 50, cmd: "pulumi up" } }, { ppid: 100 });
  const { exit, shutdown } = watched(engineProcessSignals(processes, input));
  stream.emit("end");
  expect(shutdown.shuttingDown).toBe(true);
  await jest.advanceTimersByTimeAsync(0);
  expect(exit).toHaveBeenCalledWith(1);
  // The watch stopped everything it started: no listener, no timer is left.
  expect(stream.listenerCount("end")).toBe(0);
  expect(jest.getTimerCount()).toBe(0);
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
