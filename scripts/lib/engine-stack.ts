// Drives the real pulumi CLI through the Automation API with an inline program, each stack in
// its own isolated workspace: its own PULUMI_HOME, a file backend in a temp folder, a fixed
// passphrase, no update check and no plugin downloads. Nothing here touches the network
// beyond loopback. The engine tests (test/engine/harness.ts), the demo and the benchmark use it.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConfigMap, DestroyResult, EngineEvent, OpType, PreviewResult, PulumiFn, RefreshResult, Stack, UpResult } from "@pulumi/pulumi/automation";
import { checkoutRoot } from "./checkout";
import { toolchainDir } from "./toolchain";

/** The Automation API module: the repo's own, or another @pulumi/pulumi's (the compat test). */
export type AutomationApi = typeof import("@pulumi/pulumi/automation");

/** The folder whose node_modules programs resolve from; the same from sources and from dist/. */
const repoRoot = checkoutRoot;
const PASSPHRASE = "engine-test-passphrase";

export interface StackOptions {
  /** An inline program (TypeScript run in this process); or `projectDir`. */
  program?: PulumiFn;
  /**
   * A project folder on disk (its Pulumi.yaml names the runtime, e.g. yaml), copied into the
   * stack's workspace and run by the CLI with that runtime's language host.
   */
  projectDir?: string;
  projectName?: string;
  stackName?: string;
  config?: ConfigMap;
  /** Config set as `pulumi config set --path` does: structured keys such as elb:profiles.<name>.<key>. */
  pathConfig?: ConfigMap;
  /** Extra environment for the CLI and the provider processes it starts. */
  env?: Record<string, string>;
  /** Receives what the CLI prints, as it prints it (the demo shows it to the user). */
  echo?: (text: string) => void;
  /** Show property-level diffs in previews, like `pulumi preview --diff` (the default). */
  showDiffs?: boolean;
  /**
   * The folder the program's node_modules links to, from which the engine's dynamic-provider
   * host and the serialized provider resolve @pulumi/pulumi and this package (default: the repo's).
   */
  nodeModules?: string;
  /**
   * The @pulumi/pulumi folder whose Automation API runs the CLI and the inline program
   * (default: the repo's own).
   */
  pulumiPackage?: string;
  /**
   * The folder whose bin/pulumi runs the operations (default: the toolchain's). The Automation
   * API puts that bin folder first on the CLI's PATH, so a PATH without node needs one without it.
   */
  pulumiRoot?: string;
}

/** Per-operation engine options; `parallel` is the CLI's --parallel (omitted: the CLI default). */
export interface OperationOptions {
  parallel?: number;
}

export interface RefreshOptions {
  /** Drop creates an interrupted run left pending (`pulumi refresh --clear-pending-creates`). */
  clearPendingCreates?: boolean;
}

/** A failed CLI operation: the error, with what the CLI printed and the diagnostics. */
export class EngineOperationError extends Error {
  constructor(
    readonly cause: unknown,
    readonly log: OperationLog,
  ) {
    const original = cause instanceof Error ? cause.message : String(cause);
    const printed = [log.stdout, ...log.diagnostics].filter((text) => text && !original.includes(text)).join("\n");
    super(printed ? `${original}\n${printed}` : original);
    this.name = "EngineOperationError";
  }
}

/**
 * When the engine stops a run early (a failed check, a failed create), the inline program's
 * outstanding calls to the engine fail with gRPC UNAVAILABLE or CANCELLED after the operation
 * has returned. A real `pulumi up` just exits then; in a test process they would surface as
 * stray rejections, so they are dropped here. Anything else still fails loudly.
 */
function ignoreOrphanedProgramCalls(reason: unknown): void {
  const code = (reason as { code?: unknown })?.code;
  if (code === 14 || code === 1) return;
  throw reason;
}
if (!process.listeners("unhandledRejection").includes(ignoreOrphanedProgramCalls)) {
  process.on("unhandledRejection", ignoreOrphanedProgramCalls);
}

/** One resource step the engine reported, from the engine's own events. */
export interface StepRecord {
  op: OpType;
  urn: string;
  type: string;
  /** What the provider reported (dynamic providers report no per-property diffs). */
  diffs: string[];
  /** The state before and after the step, as the engine reported it (after: at preview, what it expects). */
  old?: EngineState;
  new?: EngineState;
  /** When the engine reported the step done (Date.now() on arrival in this process). */
  doneAt?: number;
}

export interface EngineState {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export interface OperationLog {
  steps: StepRecord[];
  /** Diagnostics the engine reported, provider console output included. */
  diagnostics: string[];
  /** When each diagnostic reached this process (Date.now()), by index. */
  diagnosticTimes: number[];
  /** What the CLI printed, as a user would see it. */
  stdout: string;
}

/**
 * Inline programs run in this process, one engine after another, and grpc-js shares one
 * connection per address among all channels. When a later engine's monitor gets the port of
 * an earlier, dead one, the program's first call is failed at once ("No connection established.
 * Last error: null") and the Automation API's language server takes a gRPC error as a clean end:
 * the program registers nothing and the operation "succeeds". A pool per channel avoids it.
 */
function isolateInlineProgramChannels(pulumiPackage: string): void {
  // Older versions (3.139) keep their options private; the compat test runs one engine only.
  const settings: { grpcClientOptions?: Record<string, unknown> } = require(path.join(pulumiPackage, "runtime", "settings"));
  if (settings.grpcClientOptions) settings.grpcClientOptions["grpc.use_local_subchannel_pool"] = 1;
}

export class EngineStack {
  private constructor(
    readonly stack: Stack,
    readonly workDir: string,
    private readonly tempRoot: string,
    private readonly options: StackOptions,
    private readonly cliEnv: Record<string, string>,
  ) {}

  /** Every diagnostic and every line of CLI output over the stack's life, for secret scans. */
  readonly transcript: string[] = [];

  static async create(options: StackOptions): Promise<EngineStack> {
    const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), "elb-engine-"));
    const workDir = path.join(tempRoot, "program");
    const backendDir = path.join(tempRoot, "state");
    const homeDir = path.join(tempRoot, "home");
    // metadata=skip: the file backend otherwise writes a sidecar .attrs file beside the state
    // with a plain create-then-write (gocloud's fileblob), so a kill -9 between the two leaves
    // it empty and every later command fails with "failed to load checkpoint: EOF". The state
    // file itself is written atomically (temp file, rename).
    const backendUrl = `file://${backendDir}?metadata=skip`;
    for (const dir of [workDir, backendDir, homeDir]) fs.mkdirSync(dir, { recursive: true });
    // The engine starts the dynamic provider with the program folder as working directory;
    // this link lets it resolve @pulumi/pulumi and this package as a user's project would.
    fs.symlinkSync(options.nodeModules ?? path.join(repoRoot, "node_modules"), path.join(workDir, "node_modules"), "dir");

    // Loaded only when asked for, so a process that drives another @pulumi/pulumi loads only that one.
    const pulumiPackage = options.pulumiPackage ?? path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const { LocalWorkspace, PulumiCommand }: AutomationApi = require(path.join(pulumiPackage, "automation"));
    if (options.program) isolateInlineProgramChannels(pulumiPackage);
    const pulumiCommand = await PulumiCommand.get({ root: options.pulumiRoot ?? toolchainDir() });
    const projectName = options.projectName ?? "engine-test";
    const envVars = {
      PULUMI_BACKEND_URL: backendUrl,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
      ...options.env,
    };
    const workspaceOptions = { workDir, pulumiHome: homeDir, pulumiCommand, envVars };
    let stack: Stack;
    if (options.projectDir) {
      fs.cpSync(options.projectDir, workDir, { recursive: true });
      stack = await LocalWorkspace.createOrSelectStack({ stackName: options.stackName ?? "test", workDir }, workspaceOptions);
    } else {
      if (!options.program) throw new Error("EngineStack.create needs a program or a projectDir");
      stack = await LocalWorkspace.createOrSelectStack(
        { stackName: options.stackName ?? "test", projectName, program: options.program },
        { ...workspaceOptions, projectSettings: { name: projectName, runtime: "nodejs", backend: { url: backendUrl } } },
      );
    }
    if (options.config) await stack.setAllConfig(options.config);
    if (options.pathConfig) await stack.setAllConfig(options.pathConfig, true);
    return new EngineStack(stack, workDir, tempRoot, options, { ...envVars, PULUMI_HOME: homeDir });
  }

  /** This stack's own PULUMI_HOME (its plugins folder holds what `plugin install` put there). */
  get pulumiHome(): string {
    return this.cliEnv.PULUMI_HOME;
  }

  /**
   * Runs the pulumi CLI itself in this stack's workspace (its PULUMI_HOME, backend and
   * passphrase), for what the Automation API has no call for (`plugin install --file`, `import`).
   * A failure carries what the CLI printed.
   */
  async cli(args: string[]): Promise<{ stdout: string; stderr: string }> {
    const pulumi = path.join(toolchainDir(), "bin", "pulumi");
    const env = { ...process.env, PATH: `${path.join(toolchainDir(), "bin")}${path.delimiter}${process.env.PATH ?? ""}`, ...this.cliEnv };
    return new Promise((resolve, reject) => {
      execFile(pulumi, [...args, "--non-interactive"], { cwd: this.workDir, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        this.transcript.push(stdout, stderr);
        if (error) reject(new Error(`pulumi ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      });
    });
  }

  preview(options: OperationOptions = {}): Promise<PreviewResult & OperationLog> {
    return this.run((hooks) => this.stack.preview({ ...options, ...hooks, diff: this.options.showDiffs ?? true }));
  }

  up(options: OperationOptions = {}): Promise<UpResult & OperationLog> {
    return this.run((hooks) => this.stack.up({ ...options, ...hooks }));
  }

  refresh(options: RefreshOptions = {}): Promise<RefreshResult & OperationLog> {
    return this.run((hooks) => this.stack.refresh({ ...options, ...hooks }));
  }

  destroy(options: OperationOptions = {}): Promise<DestroyResult & OperationLog> {
    return this.run((hooks) => this.stack.destroy({ ...options, ...hooks }));
  }

  /**
   * Runs one CLI operation, collecting its events and output. A failure carries everything the
   * CLI printed in its message, as a user would see it.
   */
  private async run<T extends object>(
    operation: (hooks: { onEvent: (event: EngineEvent) => void; onOutput: (out: string) => void }) => Promise<T>,
  ): Promise<T & OperationLog> {
    const log = this.newLog();
    try {
      const result = await operation({ onEvent: this.listener(log), onOutput: this.printer(log) });
      return { ...result, ...log };
    } catch (error) {
      throw new EngineOperationError(error, log);
    }
  }

  /** The stack's state as `pulumi stack export` gives it. */
  async exportState(): Promise<StateResource[]> {
    const deployment = await this.stack.exportStack();
    return (deployment.deployment?.resources ?? []) as StateResource[];
  }

  /** Destroys whatever is left and removes the temp folder. */
  async dispose(): Promise<void> {
    try {
      await this.stack.destroy();
      await this.stack.workspace.removeStack(this.stack.name);
    } finally {
      fs.rmSync(this.tempRoot, { recursive: true, force: true });
    }
  }

  private newLog(): OperationLog {
    return { steps: [], diagnostics: [], diagnosticTimes: [], stdout: "" };
  }

  private listener(log: OperationLog): (event: EngineEvent) => void {
    // Older Automation APIs (3.139's, in compat.test.ts) tail the engine's event log by polling
    // and have once delivered a preview's events twice; each event's sequence number is unique.
    const seen = new Set<number>();
    return (event) => {
      if (typeof event.sequence === "number") {
        if (seen.has(event.sequence)) return;
        seen.add(event.sequence);
      }
      const pre = event.resourcePreEvent;
      if (pre) {
        const { op, urn, type, diffs, old, new: next } = pre.metadata;
        log.steps.push({ op, urn, type, diffs: diffs ?? [], old: old && stateOf(old), new: next && stateOf(next) });
      }
      // The state a step leaves (at preview: the state the engine expects), once it has run.
      const done = event.resOutputsEvent?.metadata;
      const step = done && [...log.steps].reverse().find((s) => s.urn === done.urn && s.op === done.op);
      if (step) step.doneAt = Date.now();
      if (step && done.new) step.new = stateOf(done.new);
      const diagnostic = event.diagnosticEvent;
      if (diagnostic) {
        log.diagnostics.push(diagnostic.message);
        log.diagnosticTimes.push(Date.now());
        this.transcript.push(diagnostic.message);
      }
    };
  }

  private printer(log: OperationLog): (out: string) => void {
    return (out) => {
      log.stdout += out;
      this.transcript.push(out);
      this.options.echo?.(out);
    };
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const stateOf = (state: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }): EngineState => ({
  inputs: state.inputs ?? {},
  outputs: state.outputs ?? {},
});
