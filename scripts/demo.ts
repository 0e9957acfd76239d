// `make demo`: starts the ELB emulator, then takes examples/basic through the real pulumi CLI
// the way a user would: preview, up, a weight change with its preview, up again, destroy.
// Everything the CLI prints is shown as it comes.
import { demoSeed, DEMO_IDS, startEmulator } from "../emulator";
import { EngineStack } from "./lib/engine-stack";
import { exampleProgram } from "./lib/examples";

function banner(text: string): void {
  process.stdout.write(`\n=== ${text} ===\n\n`);
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ seed: demoSeed(), busyMs: 300 });
  banner(`ELB emulator at ${emulator.url}: load balancer ${DEMO_IDS.loadbalancerId}, pool ${DEMO_IDS.poolId}`);
  const stack = await EngineStack.create({
    projectName: "basic",
    stackName: "demo",
    program: exampleProgram("basic"),
    showDiffs: true,
    echo: (text) => process.stdout.write(text),
    config: {
      "basic:poolId": { value: DEMO_IDS.poolId },
      "basic:subnetId": { value: DEMO_IDS.subnetId },
      "basic:weight": { value: "1" },
      "elb:endpoint": { value: emulator.url },
      "elb:auth": { value: "none" },
    },
  });
  const showPool = () => {
    const rows = emulator.members(DEMO_IDS.poolId).map((m) => `  ${m.address}:${m.protocol_port}  weight ${m.weight}  ${m.name}  ${m.id}`);
    process.stdout.write(`\nThe pool now holds ${rows.length} member(s)${rows.length ? ":\n" + rows.join("\n") : "."}\n`);
  };
  try {
    banner("pulumi preview");
    await stack.preview();
    banner("pulumi up");
    await stack.up();
    showPool();
    banner("pulumi config set weight 5, then pulumi preview --diff");
    await stack.stack.setConfig("basic:weight", { value: "5" });
    await stack.preview();
    banner("pulumi up");
    await stack.up();
    showPool();
    banner("pulumi destroy");
    await stack.destroy();
    showPool();
  } finally {
    await stack.dispose();
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
