// Subnets for the emulator, by Node's net: IPv4 subnets (the shared API's members) and IPv6
// subnets (dedicated load balancers' dual-stack pools). Addresses are checked with net.isIPv4 /
// net.isIPv6 (dotted quads without leading zeros, which some stacks read as octal); containment
// with a net.BlockList per subnet, which also compares IPv6 addresses however they are written.
import { BlockList, isIPv4, isIPv6 } from "node:net";

export type IpFamily = "ipv4" | "ipv6";

export interface Cidr {
  /** The address as written, host bits and all ("192.168.0.77" of "192.168.0.77/24"). */
  address: string;
  prefix: number;
  family: IpFamily;
  /** Holds this one subnet, so check() is containment. */
  block: BlockList;
}

/** The family of an address, or null when it is neither an IPv4 nor an IPv6 address. */
export function ipFamily(address: string): IpFamily | null {
  if (isIPv4(address)) return "ipv4";
  if (isIPv6(address)) return "ipv6";
  return null;
}

/** The subnet "a.b.c.d/n" or "2001:db8::/n" names, or null when it is no CIDR. */
export function parseCidr(text: string): Cidr | null {
  const match = /^([^/]*)\/([0-9]{1,3})$/.exec(text);
  if (!match) return null;
  const family = ipFamily(match[1]);
  if (family === null) return null;
  const prefix = Number(match[2]);
  if (prefix > (family === "ipv4" ? 32 : 128)) return null;
  const block = new BlockList();
  block.addSubnet(match[1], prefix, family);
  return { address: match[1], prefix, family, block };
}

/**
 * Whether `address` lies inside `cidr`, in the subnet's own family: an IPv4-mapped IPv6 address
 * is not inside an IPv4 subnet, nor an IPv4 address inside an IPv6 one.
 */
export function cidrContains(cidr: Cidr, address: string): boolean {
  return ipFamily(address) === cidr.family && cidr.block.check(address, cidr.family);
}

/**
 * The IPv4 address `offset` places after the subnet's network address (2 is the default VIP).
 * net has no address arithmetic, so this one sum is ours; IPv6 subnets never need it (a load
 * balancer's vip subnet is IPv4 here).
 */
export function addressInCidr(cidr: Cidr, offset: number): string {
  if (cidr.family !== "ipv4") throw new Error(`addressInCidr needs an IPv4 subnet, got ${cidr.address}/${cidr.prefix}`);
  const value = cidr.address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - cidr.prefix);
  const target = value - (value % size) + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(target / 2 ** shift) % 256).join(".");
}

/**
 * One spelling per address, so duplicates and health match however a client writes it: IPv6 in
 * the compressed lower-case form (RFC 5952, by WHATWG URL's host parser, a Node built-in); IPv4
 * as given (isIPv4 already refuses other spellings).
 */
export function canonicalAddress(address: string): string {
  if (!isIPv6(address)) return address;
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}
