// The PoolMember types: one set, used by the SDK, its adapters and the lifecycle.
// sdk/schema-agreement.test.ts holds them to schema.json.

/** Deadlines per operation, as durations such as "10m", "90s" or "1h30m". */
export interface PoolMemberTimeouts {
  create?: string;
  update?: string;
  delete?: string;
}

/** What a program declares: schema.json's inputProperties, the required ones required. */
export interface PoolMemberInputs {
  /** ID of the backend server group (pool) the member belongs to. */
  poolId: string;
  /** Private IP address of the backend server (IPv6 on dedicated load balancers only). */
  address: string;
  /** Port the backend server listens on. */
  protocolPort: number;
  /** ID of the subnet that contains address; on dedicated load balancers unset means IP as a backend. */
  subnetId?: string;
  /** The profile of elb:profiles whose target holds the member; unset: the top-level settings. */
  profile?: string;
  /** Name of the member; default "". */
  name?: string;
  /** Share of new requests, 0-100; default 1. */
  weight?: number;
  /** Administrative state; default true. */
  adminStateUp?: boolean;
  /** Octavia only: the IP address health checks probe instead of address. */
  monitorAddress?: string;
  /** Octavia only: the port health checks probe instead of protocolPort, 1-65535. */
  monitorPort?: number;
  /** Octavia only: a backup member gets traffic only when every other member is down; default false. */
  backup?: boolean;
  /** Octavia only: the member's tags, a set (held sorted); default none. */
  tags?: string[];
  /** Take over an existing member at this address and port. */
  adopt?: boolean;
  /** Seconds a removal is held open after the delete, for established connections to finish. */
  drainSeconds?: number;
  /** Wait until the health check reports the member ONLINE after it is added. */
  waitForHealthy?: boolean;
  /** Deadlines per operation. */
  timeouts?: PoolMemberTimeouts;
}

/**
 * A member's state, which is its configuration: the member's properties as the load balancer
 * holds them (defaults applied), and the provider's own settings when the program sets them.
 * check() returns this shape and the engine previews an update with it, so nothing in state
 * can be unknown or vanish at preview.
 */
export interface PoolMemberState extends PoolMemberInputs {
  /** Name of the member. */
  name: string;
  /** Share of new requests, 0-100. */
  weight: number;
  /** Administrative state. */
  adminStateUp: boolean;
  /** Dedicated load balancers only (outputs): "v4" or "v6". */
  ipVersion?: string;
  /** Dedicated load balancers only (outputs): "instance" (an ECS in a subnet) or "ip" (IP as a backend). */
  memberType?: string;
  /** Dedicated load balancers only (outputs): the ECS behind an instance member. */
  instanceId?: string;
  /** Dedicated load balancers only (outputs): the member's availability zone, when the API names one. */
  availabilityZone?: string;
}

/** A member as the lookups return it: what the load balancer reports now, health included. */
export interface PoolMemberInfo {
  /** The member id the load balancer generated. */
  id: string;
  /** ID of the pool. */
  poolId: string;
  /** Private IP address of the backend server. */
  address: string;
  /** Port the backend server listens on. */
  protocolPort: number;
  /** ID of the subnet that contains address; unset for a dedicated load balancer's IP member. */
  subnetId?: string;
  /** Name of the member. */
  name: string;
  /** Share of new requests, 0-100. */
  weight: number;
  /** Administrative state. */
  adminStateUp: boolean;
  /** Octavia only: the address health checks probe, when not address. */
  monitorAddress?: string;
  /** Octavia only: the port health checks probe, when not protocolPort. */
  monitorPort?: number;
  /** Octavia only: whether the member is a backup. */
  backup?: boolean;
  /** Octavia only: the member's tags, sorted. */
  tags?: string[];
  /** Dedicated load balancers only: "v4" or "v6". */
  ipVersion?: string;
  /** Dedicated load balancers only: "instance" or "ip". */
  memberType?: string;
  /** Dedicated load balancers only: the ECS behind an instance member. */
  instanceId?: string;
  /** Dedicated load balancers only: the member's availability zone, when the API names one. */
  availabilityZone?: string;
  /** ONLINE, OFFLINE, NO_MONITOR (the pool has no health check) or DISABLED. */
  operatingStatus: string;
  /** ID of the project that owns the member. */
  tenantId: string;
}
