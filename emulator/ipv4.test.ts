import { addressInCidr, canonicalAddress, cidrContains, ipFamily, parseCidr } from "./ipv4";

test("a subnet contains its whole range and nothing either side", () => {
  const cidr = parseCidr("192.168.0.0/24")!;
  for (const inside of ["192.168.0.0", "192.168.0.1", "192.168.0.255"]) expect(cidrContains(cidr, inside)).toBe(true);
  for (const outside of ["192.167.255.255", "192.168.1.0", "10.0.0.1"]) expect(cidrContains(cidr, outside)).toBe(false);
});

test.each([
  ["10.1.2.3/32", "10.1.2.3", "10.1.2.4"],
  ["10.0.0.0/31", "10.0.0.1", "10.0.0.2"],
  ["172.16.0.0/12", "172.31.255.255", "172.32.0.0"],
  ["192.168.0.77/24", "192.168.0.3", "192.168.1.77"], // host bits in the text are ignored
])("%s holds %s but not %s", (text, inside, outside) => {
  const cidr = parseCidr(text)!;
  expect(cidrContains(cidr, inside)).toBe(true);
  expect(cidrContains(cidr, outside)).toBe(false);
});

test("0.0.0.0/0 holds every IPv4 address", () => {
  const all = parseCidr("0.0.0.0/0")!;
  for (const address of ["0.0.0.0", "8.8.8.8", "255.255.255.255"]) expect(cidrContains(all, address)).toBe(true);
});

test.each(["192.168.0.256", "01.168.0.1", "192.168.0", "192.168.0.1.5", "::ffff:192.168.0.1", "", "x"])(
  "%j is in no subnet, since it is no IPv4 address",
  (address) => {
    expect(cidrContains(parseCidr("0.0.0.0/0")!, address)).toBe(false);
  },
);

test.each(["192.168.0.0", "192.168.0.0/33", "192.168.0.0/x", "192.168.0.0/", "1/2/3", "192.168.0.256/24", "2001:db8::/129", "2001:db8::g/64", " 10.0.0.0/8"])(
  "refuses the CIDR %j",
  (text) => {
    expect(parseCidr(text)).toBeNull();
  },
);

test("addressInCidr counts from the network address, host bits cleared", () => {
  expect(addressInCidr(parseCidr("192.168.0.0/24")!, 2)).toBe("192.168.0.2");
  expect(addressInCidr(parseCidr("192.168.0.77/24")!, 2)).toBe("192.168.0.2");
  expect(addressInCidr(parseCidr("10.20.255.254/16")!, 258)).toBe("10.20.1.2");
  expect(addressInCidr(parseCidr("255.255.255.0/24")!, 255)).toBe("255.255.255.255");
});

test("an IPv6 subnet holds its range however the addresses are written, and no IPv4 address", () => {
  const cidr = parseCidr("2001:db8:a::/64")!;
  expect(cidr.family).toBe("ipv6");
  for (const inside of ["2001:db8:a::1", "2001:0db8:000a:0000::ffff", "2001:db8:a:0:ffff:ffff:ffff:ffff"]) expect(cidrContains(cidr, inside)).toBe(true);
  for (const outside of ["2001:db8:b::1", "2001:db8:a:1::1", "192.168.0.1", "::ffff:192.168.0.1", "x"]) expect(cidrContains(cidr, outside)).toBe(false);
});

test("an IPv4 subnet holds no IPv6 address, not even an IPv4-mapped one", () => {
  expect(cidrContains(parseCidr("0.0.0.0/0")!, "::ffff:10.0.0.1")).toBe(false);
  expect(cidrContains(parseCidr("::/0")!, "10.0.0.1")).toBe(false);
});

test("ipFamily names the family or null", () => {
  expect([ipFamily("10.0.0.1"), ipFamily("2001:db8::1"), ipFamily("01.0.0.1"), ipFamily("")]).toEqual(["ipv4", "ipv6", null, null]);
});

test("canonicalAddress spells an IPv6 address one way and leaves IPv4 alone", () => {
  expect(canonicalAddress("2001:0DB8:000A:0000:0000:0000:0000:0001")).toBe("2001:db8:a::1");
  expect(canonicalAddress("::ffff:192.168.0.1")).toBe("::ffff:c0a8:1");
  expect(canonicalAddress("192.168.0.1")).toBe("192.168.0.1");
});
