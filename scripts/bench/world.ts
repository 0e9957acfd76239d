// The benchmark's world: one subnet big enough for every member, and K load balancers with one
// pool each; and the inline program that declares N members spread evenly over those pools.
import type { SeedData } from "../../emulator";
import * as pulumi from "@pulumi/pulumi";
import { PoolMember } from "pulumi-elb-poolmember";
import type { PeerMember } from "./peer";

const PROJECT_ID = "0e1d2c3b4a5f60718293a4b5c6d7e8f9";
const VPC_ID = "00000000-0000-4000-8000-00000000b00a";
export const BENCH_SUBNET_ID = "00000000-0000-4000-8000-00000000b0b1";

const hex = (n: number) => n.toString(16).padStart(4, "0");
export const loadBalancerId = (index: number) => `00000000-0000-4000-8000-0000000${hex(index)}c`;
export const poolId = (index: number) => `00000000-0000-4000-8000-0000000${hex(index)}e`;

/**
 * With `riseS`, every pool has a health monitor that marks a member ONLINE after riseS of passing
 * checks; `existing` members are in their pools from the start (what an interrupted `up` left).
 */
export function benchSeed(loadBalancers: number, riseS?: number, existing: PeerMember[] = []): SeedData {
  const indexes = Array.from({ length: loadBalancers }, (_, i) => i);
  return {
    healthmonitors:
      riseS === undefined
        ? []
        : indexes.map((i) => ({
            id: `00000000-0000-4000-8000-0000000${hex(i)}f`,
            poolId: poolId(i),
            type: "TCP",
            delay: riseS / 2,
            timeout: 1,
            maxRetries: 2,
          })),
    projectId: PROJECT_ID,
    subnets: [{ id: BENCH_SUBNET_ID, name: "bench-subnet", cidr: "10.0.0.0/16", vpcId: VPC_ID }],
    loadbalancers: indexes.map((i) => ({ id: loadBalancerId(i), name: `bench-lb-${i}`, vipSubnetId: BENCH_SUBNET_ID })),
    listeners: indexes.map((i) => ({
      id: `00000000-0000-4000-8000-0000000${hex(i)}d`,
      name: `bench-listener-${i}`,
      loadbalancerId: loadBalancerId(i),
      protocol: "TCP",
      protocolPort: 80,
      defaultPoolId: poolId(i),
    })),
    pools: indexes.map((i) => ({
      id: poolId(i),
      name: `bench-pool-${i}`,
      loadbalancerId: loadBalancerId(i),
      protocol: "TCP",
      lbAlgorithm: "ROUND_ROBIN",
      healthmonitorId: null,
    })),
    members: existing.map((member) => ({ ...member })),
  };
}

/** Member i: pool i mod K, a distinct address in 10.0.1.0 - 10.0.255.0 (200 per third octet). */
export function memberAddress(index: number): string {
  return `10.0.${1 + Math.floor(index / 200)}.${10 + (index % 200)}`;
}

/**
 * The bench's N members spread evenly over K pools: what our program and the peer both make.
 * `first` numbers them from there, so several stacks on one pool hold distinct addresses.
 */
export function benchMembers(members: number, loadBalancers: number, first = 0): PeerMember[] {
  return Array.from({ length: members }, (_, n) => {
    const i = first + n;
    return {
      poolId: poolId(i % loadBalancers),
      subnetId: BENCH_SUBNET_ID,
      address: memberAddress(i),
      protocolPort: 80,
      name: `m${i}`,
      weight: 1,
    };
  });
}

export function benchProgram(
  members: number,
  loadBalancers: number,
  zeroDowntime?: { drainSeconds: number },
  first = 0,
): () => Promise<Record<string, unknown>> {
  return async () => {
    for (const member of benchMembers(members, loadBalancers, first)) {
      new PoolMember(member.name, { ...member, ...(zeroDowntime ? { drainSeconds: zeroDowntime.drainSeconds, waitForHealthy: true } : {}) });
    }
    return {};
  };
}

/** A member of the plugin's type, declared without an SDK, as a YAML or Python program does. */
class PluginPoolMember extends pulumi.CustomResource {
  constructor(name: string, args: pulumi.Inputs) {
    super("elb:index:PoolMember", name, args);
  }
}

/** The same members through the resource plugin. */
export function pluginBenchProgram(members: number, loadBalancers: number): () => Promise<Record<string, unknown>> {
  return async () => {
    for (const member of benchMembers(members, loadBalancers)) new PluginPoolMember(member.name, { ...member });
    return {};
  };
}
