import { addressInCidr, cidrContains, parseCidr } from "./ipv4";

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

test.each(["192.168.0.0", "192.168.0.0/33", "192.168.0.0/x", "192.168.0.0/", "1/2/3", "192.168.0.256/24", "::/0", " 10.0.0.0/8"])(
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
