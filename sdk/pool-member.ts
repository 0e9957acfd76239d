// PoolMember: one backend server in a backend server group (pool): of a shared ELB, a dedicated load balancer or Octavia.
// Property docs come from schema.json; a test fails when these types and the schema disagree.
import * as pulumi from "@pulumi/pulumi";
import { poolMemberSpec } from "../provider/schema";
import type { PoolMemberState, PoolMemberTimeouts } from "../provider/types";
import * as poolMemberProvider from "./provider-adapter";
import { DECLARED_BY_KEY } from "./wire-keys";

/**
 * Every property starts as undefined, so the engine tracks it as an output even when the
 * program does not set it (outputs only, optional inputs, or everything for a lookup).
 */
const placeholders = Object.fromEntries(
  [...Object.keys(poolMemberSpec.inputProperties), ...Object.keys(poolMemberSpec.outputProperties)].map((name) => [name, undefined]),
);

export interface PoolMemberArgs {
  /** ID of the backend server group (pool) the member belongs to, a UUID in lowercase. Changing it replaces the member. */
  poolId: pulumi.Input<string>;
  /**
   * Private IP address of the backend server's primary NIC, inside subnetId: IPv4 on the shared ELB, IPv4 or IPv6 on
   * dedicated load balancers and Octavia. Changing it replaces the member.
   */
  address: pulumi.Input<string>;
  /** Port the backend server listens on, 1-65535; (address, port) is unique in a pool. Changing it replaces the member. */
  protocolPort: pulumi.Input<number>;
  /**
   * ID of the (Neutron) subnet that contains address, a UUID in lowercase. Required on the shared ELB and Octavia; unset on a
   * dedicated load balancer makes an "IP as a backend" member (IPv4 only). Changing it replaces the member.
   */
  subnetId?: pulumi.Input<string>;
  /**
   * The profile in stack config elb:profiles whose cloud, project and credentials hold the member.
   * Default: the top-level elb:* settings. Changing it replaces the member.
   */
  profile?: pulumi.Input<string>;
  /** Name of the member, at most 255 characters. Default "". Updated in place. */
  name?: pulumi.Input<string>;
  /** Share of new requests, 0-100; 0 drains the member. Default 1. Updated in place. */
  weight?: pulumi.Input<number>;
  /** Administrative state; false takes the member out of service. Default true. Updated in place. */
  adminStateUp?: pulumi.Input<boolean>;
  /**
   * IP address (IPv4 or IPv6) the pool's health check probes instead of address. Default: address.
   * Updated in place. Octavia (elb:cloud openstack) only: refused at preview on otc and huaweicloud.
   */
  monitorAddress?: pulumi.Input<string>;
  /**
   * Port, 1-65535, the pool's health check probes instead of protocolPort. Default: protocolPort.
   * Updated in place. Octavia (elb:cloud openstack) only: refused at preview on otc and huaweicloud.
   */
  monitorPort?: pulumi.Input<number>;
  /**
   * A backup member receives traffic only when every member that is not a backup is down.
   * Default false. Updated in place. Octavia (elb:cloud openstack) only: refused at preview on otc and huaweicloud.
   */
  backup?: pulumi.Input<boolean>;
  /**
   * Tags of the member, each at most 255 characters, none twice; a set, held sorted. Default none.
   * Updated in place. Octavia (elb:cloud openstack) only: refused at preview on otc and huaweicloud.
   */
  tags?: pulumi.Input<string[]>;
  /**
   * Take over a member that already exists at this address and port instead of failing as a
   * duplicate; its name, weight and adminStateUp are then set to these inputs. Default false.
   * With this dynamic-provider SDK it is the way in for a member created outside Pulumi:
   * `pulumi import` and the `import` option do not work for dynamic resources (they do with the
   * resource plugin's typed SDKs).
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Seconds a removal (destroy, removal from the program, the old member of a replacement) is held
   * open after the delete, so established connections can finish before what depends on the
   * member is torn down. Default: elb:drainSeconds, else 0. Updated in place.
   */
  drainSeconds?: pulumi.Input<number>;
  /**
   * Wait until the health check reports the member ONLINE after it is added (NO_MONITOR: no
   * wait). Default: elb:waitForHealthy, else false. Updated in place.
   */
  waitForHealthy?: pulumi.Input<boolean>;
  /**
   * Deadlines per operation ("10m", "90s", "1h30m"); each defaults to 10 minutes. The engine
   * does not pass customTimeouts to dynamic resources, so with this SDK these are the only ones.
   */
  timeouts?: pulumi.Input<PoolMemberTimeouts>;
}

export type { PoolMemberState, PoolMemberTimeouts };

/**
 * A member's state is its configuration: every input and the member id. Its health is live, not
 * configuration, so getPoolMember and getPoolMembers report it (operatingStatus) instead.
 */
export class PoolMember extends pulumi.dynamic.Resource {
  declare readonly poolId: pulumi.Output<string>;
  declare readonly address: pulumi.Output<string>;
  declare readonly protocolPort: pulumi.Output<number>;
  declare readonly subnetId: pulumi.Output<string | undefined>;
  declare readonly profile: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly weight: pulumi.Output<number>;
  declare readonly adminStateUp: pulumi.Output<boolean>;
  declare readonly monitorAddress: pulumi.Output<string | undefined>;
  declare readonly monitorPort: pulumi.Output<number | undefined>;
  declare readonly backup: pulumi.Output<boolean | undefined>;
  declare readonly tags: pulumi.Output<string[] | undefined>;
  declare readonly adopt: pulumi.Output<boolean | undefined>;
  declare readonly drainSeconds: pulumi.Output<number | undefined>;
  declare readonly waitForHealthy: pulumi.Output<boolean | undefined>;
  declare readonly timeouts: pulumi.Output<PoolMemberTimeouts | undefined>;
  declare readonly ipVersion: pulumi.Output<string | undefined>;
  declare readonly memberType: pulumi.Output<string | undefined>;
  declare readonly instanceId: pulumi.Output<string | undefined>;
  declare readonly availabilityZone: pulumi.Output<string | undefined>;

  constructor(name: string, args: PoolMemberArgs, opts?: pulumi.CustomResourceOptions) {
    // The name lets the provider tell which resource declares a member (the engine sends no URN).
    super(poolMemberProvider, name, { ...placeholders, ...args, [DECLARED_BY_KEY]: name }, opts, "elb", "PoolMember");
  }

  /**
   * Reads an existing member without managing it. `id` is "<poolId>/<memberId>", or the member id
   * with `state.poolId` given; `state.profile` reads it from that profile's target.
   */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<PoolMemberState>, opts?: pulumi.CustomResourceOptions): PoolMember {
    return new PoolMember(name, (state ?? {}) as PoolMemberArgs, { ...opts, id });
  }
}
