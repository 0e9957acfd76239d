// The demo world: one load balancer with one TCP pool (no health monitor) and one subnet
// 192.168.0.0/24, with fixed, readable ids so demos and docs can name them.
import type { SeedData } from "./types";

export const DEFAULT_PROJECT_ID = "0e1d2c3b4a5f60718293a4b5c6d7e8f9";

export const DEMO_IDS = {
  projectId: DEFAULT_PROJECT_ID,
  vpcId: "00000000-0000-4000-8000-00000000000a",
  subnetId: "00000000-0000-4000-8000-0000000000b1",
  loadbalancerId: "00000000-0000-4000-8000-0000000000c1",
  listenerId: "00000000-0000-4000-8000-0000000000d1",
  poolId: "00000000-0000-4000-8000-0000000000e1",
} as const;

export function demoSeed(): SeedData {
  return {
    projectId: DEMO_IDS.projectId,
    subnets: [{ id: DEMO_IDS.subnetId, name: "demo-subnet", cidr: "192.168.0.0/24", vpcId: DEMO_IDS.vpcId }],
    loadbalancers: [{ id: DEMO_IDS.loadbalancerId, name: "demo-lb", vipSubnetId: DEMO_IDS.subnetId }],
    listeners: [
      {
        id: DEMO_IDS.listenerId,
        name: "demo-listener",
        loadbalancerId: DEMO_IDS.loadbalancerId,
        protocol: "TCP",
        protocolPort: 80,
        defaultPoolId: DEMO_IDS.poolId,
      },
    ],
    pools: [
      { id: DEMO_IDS.poolId, name: "demo-pool", loadbalancerId: DEMO_IDS.loadbalancerId, protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", healthmonitorId: null },
    ],
    members: [],
  };
}
