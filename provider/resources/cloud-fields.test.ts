// Octavia's own member fields (monitorAddress, monitorPort, backup, tags): refused at check on
// the shared ELB's clouds, checked against Octavia's limits, held in state so that unset and
// Octavia's "nothing" (null, false, []) never differ, and mapped to and from the API's fields.
import { apiFieldsOf, createRequest, memberInfo, octaviaProperties, updateRequest } from "../api/member-mapping";
import { memberDifferences } from "../api/members";
import type { ApiMember } from "../api/types";
import { ProviderRuntime } from "../runtime";
import { configuredBy, lifecycleOn } from "../testing/lifecycle";
import type { PoolMemberState } from "../types";
import { UNKNOWN } from "../validate";

const POOL = "0416b6f1-877f-4a51-987e-978b3f084253";
const SUBNET = "33d8b01a-bbe6-41f4-bc45-78a1d284d503";
const base = { poolId: POOL, subnetId: SUBNET, address: "192.168.0.70", protocolPort: 80 };
// Endpoints that are never called: check makes no call, and these tests make nothing else.
const onCloud = (cloud: string, profiles?: object) =>
  lifecycleOn(
    () =>
      new ProviderRuntime(
        configuredBy({
          "elb:cloud": cloud,
          "elb:endpoint": "http://127.0.0.1:9",
          "elb:auth": "none",
          ...(profiles ? { "elb:profiles": JSON.stringify(profiles) } : {}),
        }),
      ),
  );
const octavia = onCloud("openstack");
const FIELDS = { monitorAddress: "192.168.0.71", monitorPort: 8080, backup: true, tags: ["web"] };

describe.each(["otc", "huaweicloud"])("on %s", (cloud) => {
  test.each(Object.entries(FIELDS))("setting %s is refused at check, naming the property, the cloud and Octavia", async (name, value) => {
    const { failures } = await onCloud(cloud).check({ ...base, [name]: value });
    expect(failures).toEqual([
      {
        property: name,
        reason: expect.stringMatching(new RegExp(`^is an Octavia \\(openstack\\) field: the ${cloud} cloud's shared ELB v2\\.0 API has no such field`)),
      },
    ]);
  });

  test("a value still unknown at preview is refused too, and leaving them out is fine", async () => {
    expect((await onCloud(cloud).check({ ...base, tags: UNKNOWN })).failures.map((f) => f.property)).toEqual(["tags"]);
    expect((await onCloud(cloud).check(base)).failures).toEqual([]);
  });
});

test("a profile on openstack takes them while the default target on otc refuses them, and the reverse", async () => {
  const mixed = onCloud("otc", { os: { cloud: "openstack", endpoint: "http://127.0.0.1:9", auth: "none" } });
  expect((await mixed.check({ ...base, ...FIELDS, profile: "os" })).failures).toEqual([]);
  expect((await mixed.check({ ...base, backup: true })).failures.map((f) => f.property)).toEqual(["backup"]);
  const reverse = onCloud("openstack", { shared: { cloud: "otc", endpoint: "http://127.0.0.1:9", auth: "none" } });
  expect((await reverse.check({ ...base, monitorPort: 81, profile: "shared" })).failures[0].reason).toContain("the otc cloud's");
});

test("create refuses them before any call when the cloud was not known at check", async () => {
  const otc = onCloud("otc");
  const failure = await otc.create({ ...base, name: "", weight: 1, adminStateUp: true, backup: true }).catch((error: Error) => error);
  expect(String(failure)).toMatch(/backup is an Octavia \(openstack\) field: the otc cloud's/);
  // Nothing listens on port 9: a call would have failed with ECONNREFUSED instead.
  expect(String(failure)).not.toContain("ECONNREFUSED");
});

describe("on openstack, values are checked against Octavia's limits", () => {
  test.each([
    ["monitorPort 0", { monitorPort: 0 }, "monitorPort", /^must be an integer from 1 to 65535, got 0$/],
    ["monitorPort 70000", { monitorPort: 70000 }, "monitorPort", /^must be an integer from 1 to 65535, got 70000$/],
    ["monitorPort 80.5", { monitorPort: 80.5 }, "monitorPort", /^must be an integer from 1 to 65535, got 80\.5$/],
    ["monitorAddress not an IP", { monitorAddress: "web-1" }, "monitorAddress", /^must be an IP address \(IPv4 .*IPv6.*\), got "web-1"$/],
    ["monitorAddress 300.1.1.1", { monitorAddress: "300.1.1.1" }, "monitorAddress", /^must be an IP address/],
    ["backup as a string", { backup: "yes" }, "backup", /^must be true or false, got "yes"$/],
    ["tags not a list", { tags: "web" }, "tags", /^must be a list, got "web"$/],
    ["a tag of 256 characters", { tags: ["ok", "t".repeat(256)] }, "tags", /^item 1 must have at most 255 characters, got 256$/],
    ["a tag that is not a string", { tags: [5] }, "tags", /^item 0 must be a string, got 5$/],
    ["a tag twice", { tags: ["a", "b", "a"] }, "tags", /^must not hold a value twice, got "a" more than once$/],
  ])("%s is refused naming the property and what is allowed", async (_what, override, property, reason) => {
    const { failures } = await octavia.check({ ...base, ...override });
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("IPv6 monitor addresses and tags of 255 characters are fine", async () => {
    expect((await octavia.check({ ...base, monitorAddress: "fd00::71", tags: ["t".repeat(255)] })).failures).toEqual([]);
  });
});

describe("state: unset and Octavia's nothing are the same", () => {
  test("check keeps backup false and tags [] as given (a change to them then previews as ~), leaves unset ones out, and sorts tags", async () => {
    const { inputs, failures } = await octavia.check({ ...base, backup: false, tags: [], monitorPort: 8080 });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ backup: false, tags: [], monitorPort: 8080 });
    expect(inputs).not.toHaveProperty("monitorAddress");
    expect((await octavia.check({ ...base, tags: ["web", "blue", "a"] })).inputs.tags).toEqual(["a", "blue", "web"]);
  });

  const state = async (overrides: object = {}) => (await octavia.check({ ...base, ...overrides })).inputs;

  test("diff: unchanged fields and a reordered tag list are no change; a changed field updates in place", async () => {
    const olds = await state(FIELDS);
    expect(octavia.diff(olds, await state({ ...FIELDS, tags: ["web"] })).changes).toBe(false);
    expect(octavia.diff(await state(), await state({ backup: false, tags: [] })).changes).toBe(false);
    expect(octavia.diff(await state({ backup: false, tags: [] }), await state()).changes).toBe(false);
    for (const [name, value] of Object.entries({ monitorAddress: "fd00::1", monitorPort: 9090, backup: false, tags: ["web", "x"] })) {
      const outcome = octavia.diff(olds, await state({ ...FIELDS, [name]: value }));
      expect({ name, changed: outcome.changed, replaces: outcome.replaces }).toEqual({ name, changed: [name], replaces: [] });
    }
    const removed = octavia.diff(olds, await state());
    expect(removed.changed).toEqual(["monitorAddress", "monitorPort", "backup", "tags"]);
    expect(removed.replaces).toEqual([]);
  });

  test("diff: a value unknown at preview is a change", async () => {
    expect(octavia.diff(await state(FIELDS), { ...(await state(FIELDS)), monitorPort: UNKNOWN as unknown as number }).changed).toEqual(["monitorPort"]);
  });
});

describe("mapping to and from Octavia's fields", () => {
  const member: ApiMember = {
    id: "cf024846-7516-4e3a-b0fb-6590322c836f",
    tenant_id: "p",
    name: "m",
    address: "192.168.0.70",
    protocol_port: 80,
    subnet_id: SUBNET,
    admin_state_up: true,
    weight: 1,
    operating_status: "NO_MONITOR",
  };
  const wanted = (overrides: Partial<PoolMemberState> = {}): PoolMemberState => ({ ...base, name: "m", weight: 1, adminStateUp: true, ...overrides });

  test("createRequest sends them only when set, so the shared ELB never sees them", () => {
    expect(Object.keys(createRequest(wanted()))).toEqual(["address", "protocol_port", "subnet_id", "name", "weight", "admin_state_up"]);
    expect(createRequest(wanted({ monitorAddress: "10.0.0.1", monitorPort: 81, backup: true, tags: ["b", "a"] }))).toMatchObject({
      monitor_address: "10.0.0.1",
      monitor_port: 81,
      backup: true,
      tags: ["a", "b"],
    });
  });

  test("updateRequest sends only what changed, and clears with what Octavia's PUT takes", () => {
    const before = wanted({ monitorAddress: "10.0.0.1", monitorPort: 81, backup: true, tags: ["a"] });
    expect(updateRequest(apiFieldsOf(before), before)).toEqual({});
    expect(updateRequest(apiFieldsOf(before), { ...before, monitorPort: 82, tags: ["a", "c"] })).toEqual({ monitor_port: 82, tags: ["a", "c"] });
    expect(updateRequest(apiFieldsOf(before), wanted())).toEqual({ monitor_address: null, monitor_port: null, backup: false, tags: [] });
    // An Octavia member without them, as it reports one, and an adopt of it with none asked.
    expect(updateRequest({ ...member, monitor_address: null, monitor_port: null, backup: false, tags: [] }, wanted())).toEqual({});
    // The shared ELB's member has no such fields at all.
    expect(updateRequest(member, wanted())).toEqual({});
  });

  test("octaviaProperties reads Octavia's nothing as unset and leaves out what the API does not report", () => {
    expect(octaviaProperties({ ...member, monitor_address: null, monitor_port: null, backup: false, tags: [] })).toEqual({
      monitorAddress: undefined,
      monitorPort: undefined,
      backup: undefined,
      tags: undefined,
    });
    expect(octaviaProperties({ ...member, monitor_address: "fd00::1", monitor_port: 81, backup: true, tags: ["z", "a"] })).toEqual({
      monitorAddress: "fd00::1",
      monitorPort: 81,
      backup: true,
      tags: ["a", "z"],
    });
    expect(octaviaProperties(member)).toEqual({});
  });

  test("memberInfo reports what Octavia reports (backup false, tags []), and nothing of them on the shared ELB", () => {
    expect(memberInfo(POOL, { ...member, monitor_address: null, monitor_port: null, backup: false, tags: ["z", "a"] })).toMatchObject({
      backup: false,
      tags: ["a", "z"],
    });
    expect(memberInfo(POOL, { ...member, monitor_address: null })).not.toHaveProperty("monitorAddress");
    expect(Object.keys(memberInfo(POOL, member))).not.toEqual(expect.arrayContaining(["backup"]));
  });

  test("a member found after a lost POST is ours only when Octavia's fields match too", () => {
    const asked = createRequest(wanted({ backup: true, tags: ["a"] }));
    expect(memberDifferences({ ...member, backup: true, tags: ["a"], monitor_address: null, monitor_port: null }, asked)).toEqual([]);
    expect(memberDifferences({ ...member, backup: false, tags: [], monitor_address: null, monitor_port: null }, asked)).toEqual([
      "backup false (asked true)",
      'tags [] (asked ["a"])',
    ]);
    expect(memberDifferences(member, createRequest(wanted()))).toEqual([]);
  });
});
