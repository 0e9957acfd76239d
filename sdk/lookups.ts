// Lookups for Pulumi programs: read members the program does not manage, for example to find
// the generated member ids, or before adopting members created outside Pulumi. They run in the
// program's process, with the same settings (stack config elb:*, environment, clouds.yaml) as
// the resources.
import * as pulumi from "@pulumi/pulumi";
import { ProviderRuntime } from "../provider";
import * as lookups from "../provider/lookups";
import type { GetPoolMemberArgs, GetPoolMembersArgs, PoolMemberInfo } from "../provider/lookups";

export type { GetPoolMemberArgs, GetPoolMembersArgs, PoolMemberInfo };

/** The program process's one runtime, and the elb:* config it was made for. */
let program: { runtime: ProviderRuntime; configuredFor: string } | undefined;

/**
 * The settings of the running program, for one target (a profile, or the top-level settings).
 * One process may run several stacks (the Automation API's inline programs), so the runtime is
 * configured again whenever the elb:* config differs.
 */
function programContext(profile: string | undefined) {
  const elbConfig = Object.entries(pulumi.runtime.allConfig()).filter(([key]) => key.startsWith("elb:"));
  const fingerprint = JSON.stringify(elbConfig);
  // runtime.getConfig reads the stack config of the running program, secrets decrypted.
  const config = { get: (key: string) => pulumi.runtime.getConfig(key) };
  if (!program) program = { runtime: new ProviderRuntime(config), configuredFor: fingerprint };
  else if (fingerprint !== program.configuredFor) {
    program.runtime.configure(config);
    program.configuredFor = fingerprint;
  }
  return program.runtime.context(profile);
}

/**
 * One member, by `{ poolId, memberId }` or by `{ poolId, address, protocolPort }`, in the target
 * `profile` names (default: the top-level settings); fails when none is found.
 */
export async function getPoolMember(args: GetPoolMemberArgs): Promise<PoolMemberInfo> {
  return lookups.getPoolMember(await programContext(args.profile), args);
}

/** Every member of a pool that matches the given exact-match filters, all pages followed; `profile` as for getPoolMember. */
export async function getPoolMembers(args: GetPoolMembersArgs): Promise<PoolMemberInfo[]> {
  return lookups.getPoolMembers(await programContext(args.profile), args);
}

/** Each field may be a plain value or a Pulumi output, such as another resource's id. */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** getPoolMember for arguments that may be Pulumi outputs. */
export function getPoolMemberOutput(
  args: Inputs<{ poolId: string; memberId: string; profile?: string }> | Inputs<{ poolId: string; address: string; protocolPort: number; profile?: string }>,
): pulumi.Output<PoolMemberInfo> {
  return pulumi.output(args).apply((resolved) => getPoolMember(resolved as GetPoolMemberArgs));
}

/** getPoolMembers for arguments that may be Pulumi outputs. */
export function getPoolMembersOutput(args: Inputs<GetPoolMembersArgs>): pulumi.Output<PoolMemberInfo[]> {
  return pulumi.output(args).apply((resolved) => getPoolMembers(resolved as GetPoolMembersArgs));
}
