// Rolling a pool onto new servers without losing capacity. Change `servers` (new addresses) and
// `pulumi up` replaces each member create-before-delete, Pulumi's default order: the new member
// is added and, with waitForHealthy, reported done only once the pool's health check says ONLINE;
// only then is the old one removed, and its removal is held for drainSeconds so established
// connections can finish before anything that depends on it (its server) goes.
import * as pulumi from "@pulumi/pulumi";
import { PoolMember } from "pulumi-elb-poolmember";

const config = new pulumi.Config();
const poolId = config.require("poolId");
const subnetId = config.require("subnetId");
const servers = (config.get("servers") ?? "192.168.0.11,192.168.0.12,192.168.0.13").split(",").map((address) => address.trim());
const drainSeconds = config.getNumber("drainSeconds") ?? 30;

// Named by position, so a new address at the same position replaces that member.
const members = servers.map(
  (address, index) =>
    new PoolMember(`web-${index + 1}`, {
      poolId,
      subnetId,
      address,
      protocolPort: 80,
      name: `web-${index + 1}`,
      waitForHealthy: true,
      drainSeconds,
    }),
);

export const memberAddresses = members.map((member) => member.address);
