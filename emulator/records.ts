// The emulator's internal records, camelCase; views.ts turns them into API shapes.
import type { MemberChecks } from "./health";
import type { Cidr } from "./ipv4";
import type { PoolIpVersion } from "./types";

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
  /** Dedicated (ELB v3 routes) or shared (v2.0 routes); each API sees only its own kind. */
  dedicated: boolean;
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
  /** A declared health monitor, or an id no monitor record has (an undeclared monitor: see Store.thresholdOf). */
  healthmonitorId: string | null;
  /** v3 ip_version; shared pools are always "v4". */
  ipVersion: PoolIpVersion;
}

export interface HealthMonitorRecord {
  id: string;
  name: string;
  poolId: string;
  /** TCP, UDP_CONNECT or HTTP. */
  type: string;
  /** Seconds between checks; fractions down to a millisecond are allowed. */
  delay: number;
  /** Seconds a check may take. */
  timeout: number;
  /** Consecutive results needed to turn a member ONLINE, and (the emulator's rule) OFFLINE. */
  maxRetries: number;
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
  /** Dedicated pools: the ECS id behind an instance member; "" for an IP member (and in shared pools). */
  instanceId: string;
  availabilityZone: string;
  /** v3 timestamps, "2024-08-08T09:00:34Z". */
  createdAt: string;
  updatedAt: string;
  /** Where its health checks stand; see health.ts. */
  checks: MemberChecks;
}
