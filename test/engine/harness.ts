// What the engine tests use to drive the real pulumi CLI: the isolated stacks of
// scripts/lib/engine-stack.ts (shared with the demo and the benchmark), and helpers that read
// what the engine reported.
import type { OpType } from "@pulumi/pulumi/automation";
import type { OperationLog, StateResource, StepRecord } from "../../scripts/lib/engine-stack";

export * from "../../scripts/lib/engine-stack";

/** The resources of one type in an exported state. */
export function resourcesOfType(state: StateResource[], typeSuffix: string): StateResource[] {
  return state.filter((resource) => resource.type.endsWith(typeSuffix));
}

/** Steps of the given operations, leaving out the stack and provider bookkeeping. */
export function stepsWithOp(log: OperationLog, ...ops: OpType[]): StepRecord[] {
  return log.steps.filter((step) => ops.includes(step.op) && !step.type.startsWith("pulumi:"));
}
export * from "../../scripts/lib/teardown";
