// The emulator's internal records, camelCase; views.ts turns them into API shapes.
import type { Cidr } from "./ipv4";

export interface SubnetRecord {
  id: string;
  name: string;
  cidr: string;
  parsed: Cidr;
  vpcId: string;
}

export interface LoadBalancerRecord {
  id: string;
  name: string;
  vipSubnetId: string;
  vipAddress: string;
  vipPortId: string;
  /** The stored status; PENDING_UPDATE while busy is derived from busyUntil. */
  status: string;
  /** Per load balancer override of the global busy time. */
  busyMs?: number;
  /** Monotonic ms until which the load balancer is PENDING_UPDATE. */
  busyUntil: number;
  createdAt: string;
  updatedAt: string;
}

export interface ListenerRecord {
  id: string;
  name: string;
  loadbalancerId: string;
  protocol: string;
  protocolPort: number;
  defaultPoolId: string | null;
}

export interface PoolRecord {
  id: string;
  name: string;
  loadbalancerId: string;
  protocol: string;
  lbAlgorithm: string;
  healthmonitorId: string | null;
}

export interface MemberRecord {
  id: string;
  poolId: string;
  name: string;
  address: string;
  protocolPort: number;
  subnetId: string;
  adminStateUp: boolean;
  weight: number;
}
