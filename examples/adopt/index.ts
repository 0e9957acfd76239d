// Members that were created by hand or by another tool: `pulumi import` does not work for
// dynamic resources, so each PoolMember takes its member over with `adopt: true`. The member
// keeps its id (no traffic is dropped) and its name and weight become what this program says.
import * as pulumi from "@pulumi/pulumi";
import { getPoolMembersOutput, PoolMember } from "pulumi-elb-poolmember";

const config = new pulumi.Config();
const poolId = config.require("poolId");
const subnetId = config.require("subnetId");

// What the pool holds (read while this program runs, so its weights may be before or after
// the adoption below): the generated member ids are hard to find elsewhere.
export const found = getPoolMembersOutput({ poolId }).apply((members) =>
  members.map((member) => `${member.address}:${member.protocolPort} ${member.id} weight ${member.weight}`),
);

const servers = [
  { name: "legacy-1", address: "192.168.0.21" },
  { name: "legacy-2", address: "192.168.0.22" },
];

const members = servers.map(
  (server) =>
    new PoolMember(server.name, {
      poolId,
      subnetId,
      address: server.address,
      protocolPort: 80,
      name: server.name,
      weight: 10,
      // Take over the member at this address and port instead of failing as a duplicate.
      // Once adopted it is an ordinary managed member; the flag can stay or go.
      adopt: true,
    }),
);

export const memberIds = members.map((member) => member.id);
