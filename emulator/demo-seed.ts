// The demo world, with fixed, readable ids so demos and docs can name them: a shared load
// balancer (v2.0 API) with one TCP pool (no health monitor) on the IPv4 subnet 192.168.0.0/24,
// and a dedicated one (v3 API) with one dual-stack TCP pool (no health monitor), whose members may
// also come from the IPv6 subnet 2001:db8:a::/64 of the same VPC.
import type { SeedData } from "./types";

export const DEFAULT_PROJECT_ID = "0e1d2c3b4a5f60718293a4b5c6d7e8f9";

export const DEMO_IDS = {
  projectId: DEFAULT_PROJECT_ID,
  vpcId: "00000000-0000-4000-8000-00000000000a",
  subnetId: "00000000-0000-4000-8000-0000000000b1",
  loadbalancerId: "00000000-0000-4000-8000-0000000000c1",
  listenerId: "00000000-0000-4000-8000-0000000000d1",
  poolId: "00000000-0000-4000-8000-0000000000e1",
  /** Serves IPv6 members of dual-stack pools; the subnet above serves IPv4. */
  ipv6SubnetId: "00000000-0000-4000-8000-0000000000b6",
  dedicatedLoadbalancerId: "00000000-0000-4000-8000-0000000000c2",
  dedicatedListenerId: "00000000-0000-4000-8000-0000000000d2",
  dedicatedPoolId: "00000000-0000-4000-8000-0000000000e2",
} as const;

export const DEMO_SUBNET_CIDR = "192.168.0.0/24";
export const DEMO_IPV6_SUBNET_CIDR = "2001:db8:a::/64";

export function demoSeed(): SeedData {
  return {
    projectId: DEMO_IDS.projectId,
    subnets: [
      { id: DEMO_IDS.subnetId, name: "demo-subnet", cidr: DEMO_SUBNET_CIDR, vpcId: DEMO_IDS.vpcId },
      { id: DEMO_IDS.ipv6SubnetId, name: "demo-subnet-ipv6", cidr: DEMO_IPV6_SUBNET_CIDR, vpcId: DEMO_IDS.vpcId },
    ],
    loadbalancers: [
      { id: DEMO_IDS.loadbalancerId, name: "demo-lb", vipSubnetId: DEMO_IDS.subnetId },
      { id: DEMO_IDS.dedicatedLoadbalancerId, name: "demo-dedicated-lb", vipSubnetId: DEMO_IDS.subnetId, dedicated: true },
    ],
    listeners: [
      {
        id: DEMO_IDS.listenerId,
        name: "demo-listener",
        loadbalancerId: DEMO_IDS.loadbalancerId,
        protocol: "TCP",
        protocolPort: 80,
        defaultPoolId: DEMO_IDS.poolId,
      },
      {
        id: DEMO_IDS.dedicatedListenerId,
        name: "demo-dedicated-listener",
        loadbalancerId: DEMO_IDS.dedicatedLoadbalancerId,
        protocol: "TCP",
        protocolPort: 80,
        defaultPoolId: DEMO_IDS.dedicatedPoolId,
      },
    ],
    pools: [
      { id: DEMO_IDS.poolId, name: "demo-pool", loadbalancerId: DEMO_IDS.loadbalancerId, protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", healthmonitorId: null },
      {
        id: DEMO_IDS.dedicatedPoolId,
        name: "demo-dedicated-pool",
        loadbalancerId: DEMO_IDS.dedicatedLoadbalancerId,
        protocol: "TCP",
        lbAlgorithm: "ROUND_ROBIN",
        healthmonitorId: null,
        ipVersion: "dualstack",
      },
    ],
    members: [],
  };
}
