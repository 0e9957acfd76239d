import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from "./ipv4";

test.each([
  ["0.0.0.0", 0],
  ["192.168.0.1", 3232235521],
  ["255.255.255.255", 4294967295],
])("parses %s", (text, value) => {
  expect(parseIPv4(text)).toBe(value);
  expect(formatIPv4(value)).toBe(text);
});

test.each(["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "", "::1"])("refuses %s", (text) => {
  expect(parseIPv4(text)).toBeNull();
});

test("CIDR parsing normalises the network and contains its range only", () => {
  const cidr = parseCidr("192.168.0.77/24");
  expect(cidr).toEqual({ network: parseIPv4("192.168.0.0"), prefix: 24 });
  expect(cidrContains(cidr!, parseIPv4("192.168.0.0")!)).toBe(true);
  expect(cidrContains(cidr!, parseIPv4("192.168.0.255")!)).toBe(true);
  expect(cidrContains(cidr!, parseIPv4("192.168.1.0")!)).toBe(false);
  expect(cidrContains(parseCidr("0.0.0.0/0")!, parseIPv4("8.8.8.8")!)).toBe(true);
  for (const bad of ["192.168.0.0", "192.168.0.0/33", "192.168.0.0/x", "1/2/3"]) expect(parseCidr(bad)).toBeNull();
});
