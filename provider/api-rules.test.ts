// The rules that depend on the target's API (cloud-fields.ts apiRefusals): a subnet and IPv4 on
// the shared ELB, a subnet on Octavia, and on dedicated load balancers an optional subnet except
// for an IPv6 address (IP as a backend is IPv4 only).
import { apiRefusals } from "./cloud-fields";

const SUBNET = "33d8b01a-bbe6-41f4-bc45-78a1d284d503";
const properties = (failures: { property: string }[]) => failures.map((failure) => failure.property);

test("dedicated: no subnet is an IP-as-a-backend member for IPv4, and refused for IPv6 naming subnetId and why", () => {
  expect(apiRefusals({ address: "10.0.0.5" }, "otc", "dedicated")).toEqual([]);
  expect(apiRefusals({ address: "2001:db8:a::5", subnetId: SUBNET }, "huaweicloud", "dedicated")).toEqual([]);
  const [failure, ...more] = apiRefusals({ address: "2001:db8:a::5" }, "otc", "dedicated");
  expect(more).toEqual([]);
  expect(failure.property).toBe("subnetId");
  expect(failure.reason).toMatch(/^is required for the IPv6 address 2001:db8:a::5: .*"IP as a backend" member, which the API takes with an IPv4 address only/);
});

test("shared: subnetId is required and the address IPv4, each refusal naming its property and the way out", () => {
  const failures = apiRefusals({ address: "fd00::5" }, "otc", "shared");
  expect(properties(failures)).toEqual(["subnetId", "address"]);
  expect(failures[0].reason).toMatch(
    /^is required on the shared ELB's v2\.0 API: .*Only dedicated load balancers \(elb:loadBalancerType dedicated\) take a member without one/,
  );
  expect(failures[1].reason).toMatch(
    /^must be an IPv4 address such as 192\.168\.0\.10: .* has no IPv6 members \(dedicated load balancers and Octavia do\), got "fd00::5"$/,
  );
});

test("octavia: subnetId is required, IPv6 is taken", () => {
  expect(properties(apiRefusals({ address: "fd00::5" }, "openstack", "octavia"))).toEqual(["subnetId"]);
  expect(apiRefusals({ address: "fd00::5", subnetId: SUBNET }, "openstack", "octavia")).toEqual([]);
});

test("dedicated refuses Octavia's fields, naming its own API", () => {
  const [failure] = apiRefusals({ address: "10.0.0.5", backup: true }, "otc", "dedicated");
  expect(failure).toEqual({
    property: "backup",
    reason: expect.stringMatching(/^is an Octavia \(openstack\) field: the otc cloud's dedicated load balancers' ELB v3 API has no such field/),
  });
});
