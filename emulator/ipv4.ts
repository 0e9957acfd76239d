// Subnets for the emulator, by Node's net: the API accepts only IPv4 members inside their subnet.
// Addresses are checked with net.isIPv4 (dotted quads, no leading zeros, which some stacks read
// as octal); containment with a net.BlockList per subnet.
import { BlockList, isIPv4 } from "node:net";

export interface Cidr {
  /** The address as written, host bits and all ("192.168.0.77" of "192.168.0.77/24"). */
  address: string;
  prefix: number;
  /** Holds this one subnet, so check() is containment. */
  block: BlockList;
}

/** The subnet "a.b.c.d/n" names, or null when it is no IPv4 CIDR. */
export function parseCidr(text: string): Cidr | null {
  const match = /^([^/]*)\/([0-9]{1,2})$/.exec(text);
  if (!match || !isIPv4(match[1])) return null;
  const prefix = Number(match[2]);
  if (prefix > 32) return null;
  const block = new BlockList();
  block.addSubnet(match[1], prefix, "ipv4");
  return { address: match[1], prefix, block };
}

/** Whether `address` is an IPv4 address inside `cidr` (an IPv4-mapped IPv6 address is not). */
export function cidrContains(cidr: Cidr, address: string): boolean {
  return isIPv4(address) && cidr.block.check(address, "ipv4");
}

/**
 * The address `offset` places after the subnet's network address (2 is the default VIP).
 * net has no address arithmetic, so this one sum is ours.
 */
export function addressInCidr(cidr: Cidr, offset: number): string {
  const value = cidr.address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - cidr.prefix);
  const target = value - (value % size) + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(target / 2 ** shift) % 256).join(".");
}
