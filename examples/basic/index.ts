// Three backend servers in one pool, declared from a list. Change `weight` in the stack config
// and `pulumi preview` shows an in-place update of each member's weight.
import * as pulumi from "@pulumi/pulumi";
import { PoolMember } from "pulumi-elb-poolmember";

const config = new pulumi.Config();
const poolId = config.require("poolId");
const subnetId = config.require("subnetId");
const weight = config.getNumber("weight") ?? 1;

const servers = [
  { name: "web-1", address: "192.168.0.11" },
  { name: "web-2", address: "192.168.0.12" },
  { name: "web-3", address: "192.168.0.13" },
];

const members = servers.map(
  (server) =>
    new PoolMember(server.name, {
      poolId,
      subnetId,
      address: server.address,
      protocolPort: 80,
      name: server.name,
      weight,
    }),
);

export const memberIds = members.map((member) => member.id);
