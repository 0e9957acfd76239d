// IPv4 parsing and CIDR containment: the API accepts only IPv4 members inside their subnet.

/** The address as an unsigned 32-bit number, or null if it is not a dotted quad. */
export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    // Leading zeros are rejected: some stacks read them as octal, so they are ambiguous.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export interface Cidr {
  network: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr | null {
  const [addr, bits, extra] = text.split("/");
  if (extra !== undefined || bits === undefined || !/^[0-9]{1,2}$/.test(bits)) return null;
  const prefix = Number(bits);
  const ip = parseIPv4(addr);
  if (ip === null || prefix > 32) return null;
  const size = 2 ** (32 - prefix);
  return { network: ip - (ip % size), prefix };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  const size = 2 ** (32 - cidr.prefix);
  return ip >= cidr.network && ip < cidr.network + size;
}
