// The dynamic-provider host's own memory: the same host process, driven by the same engine, but
// serving a provider that does nothing. A case's peak minus this is what our provider adds.
import * as pulumi from "@pulumi/pulumi";
import { EngineStack } from "../lib/engine-stack";
import { ProcessUsage, ProviderSampler } from "./proc-sampler";

/** Peak memory of the host process over `pulumi up` of `resources` no-op dynamic resources. */
export async function measureHostBaseline(resources = 10): Promise<ProcessUsage> {
  const stack = await EngineStack.create({
    projectName: "elb-bench-baseline",
    stackName: "baseline",
    program: async () => {
      const nothing: pulumi.dynamic.ResourceProvider = {
        async create() {
          return { id: "nothing", outs: {} };
        },
      };
      class Nothing extends pulumi.dynamic.Resource {
        constructor(name: string) {
          super(nothing, name, {});
        }
      }
      for (let i = 0; i < resources; i++) new Nothing(`nothing-${i}`);
      return {};
    },
  });
  try {
    const sampler = new ProviderSampler(stack.workDir);
    sampler.start();
    let usage: ProcessUsage;
    try {
      await stack.up();
    } finally {
      usage = sampler.stop();
    }
    if (usage.pids.length === 0) throw new Error("no dynamic-provider host was seen during the baseline's up");
    return usage;
  } finally {
    await stack.dispose();
  }
}
