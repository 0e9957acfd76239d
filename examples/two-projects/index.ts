// Backend servers in two projects of one stack: the web tier in the stack's default target (the
// top-level elb:* settings), the batch tier in the profile "shared" (elb:profiles.shared.*, its
// own project and credentials). Each list is declared the same way; only `profile` differs.
import * as pulumi from "@pulumi/pulumi";
import { getPoolMembers, PoolMember } from "pulumi-elb-poolmember";

const config = new pulumi.Config();

interface Tier {
  /** The profile in elb:profiles whose project holds the pool; undefined: the top-level settings. */
  profile?: string;
  poolId: string;
  subnetId: string;
  servers: { name: string; address: string }[];
}

const tiers: Tier[] = [
  {
    poolId: config.require("webPoolId"),
    subnetId: config.require("webSubnetId"),
    servers: [
      { name: "web-1", address: "192.168.0.21" },
      { name: "web-2", address: "192.168.0.22" },
    ],
  },
  {
    profile: config.get("sharedProfile") ?? "shared",
    poolId: config.require("batchPoolId"),
    subnetId: config.require("batchSubnetId"),
    servers: [
      { name: "batch-1", address: "192.168.0.31" },
      { name: "batch-2", address: "192.168.0.32" },
    ],
  },
];

const declared = tiers.flatMap((tier) =>
  tier.servers.map((server) => ({
    name: server.name,
    member: new PoolMember(server.name, {
      profile: tier.profile,
      poolId: tier.poolId,
      subnetId: tier.subnetId,
      address: server.address,
      protocolPort: 80,
      name: server.name,
    }),
  })),
);

export const memberIds = Object.fromEntries(declared.map(({ name, member }) => [name, member.id]));

// What each pool holds now, read with each target's own credentials once the members exist.
const ready = pulumi.all(declared.map(({ member }) => member.id));
export const poolContents = tiers.map((tier) =>
  ready.apply(async () => (await getPoolMembers({ poolId: tier.poolId, profile: tier.profile })).map((m) => `${m.name} ${m.address}`).sort()),
);
