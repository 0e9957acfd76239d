// Dedicated load balancers (the ELB v3 API) through the real pulumi CLI, beyond the scenario list
// that runs on them too (pool-member.test.ts, lookups.test.ts on the "dedicated" backend): one
// stack with members of both kinds on one emulator (the default target on the shared ELB, the
// profile "ded" on its dedicated load balancer), IP-as-a-backend and IPv6 members and what v3
// reports of them, a wrong loadBalancerType named as such instead of a member "gone", bad input
// on each API refused at preview, and a health gate that names the listener and the reason.
import * as pulumi from "@pulumi/pulumi";
import { getPoolMembersOutput, PoolMember } from "pulumi-elb-poolmember";
import { demoSeed, DEMO_IDS, Emulator, startEmulator, type DedicatedMember } from "../../emulator";
import { mutatingCalls, selectedBackends } from "./backends";
import { EngineStack, resourcesOfType, teardown } from "./harness";
import { printedChanges } from "./printed-preview";

jest.setTimeout(300_000);

const SHARED_POOL = DEMO_IDS.poolId;
const DEDICATED_POOL = DEMO_IDS.dedicatedPoolId;
const DEDICATED_LB = DEMO_IDS.dedicatedLoadbalancerId;
const IPV4_SUBNET = DEMO_IDS.subnetId;
const IPV6_SUBNET = DEMO_IDS.ipv6SubnetId;

/** The stack config for the emulator: the top level on its shared ELB, the profile "ded" on its dedicated load balancer. */
function bothKinds(emulator: Emulator) {
  return {
    config: {
      "elb:endpoint": { value: emulator.url },
      "elb:auth": { value: "none" },
      // Lets the shared target ask v3 whether a pool it cannot find is a dedicated one.
      "elb:projectId": { value: emulator.projectId },
    },
    pathConfig: {
      "elb:profiles.ded.endpoint": { value: emulator.url },
      "elb:profiles.ded.auth": { value: "none" },
      "elb:profiles.ded.projectId": { value: emulator.projectId },
      "elb:profiles.ded.loadBalancerType": { value: "dedicated" },
    },
  };
}

const v3Members = (emulator: Emulator, poolId: string = DEDICATED_POOL) => emulator.members<DedicatedMember>(poolId);

(selectedBackends().includes("dedicated") ? describe : describe.skip)("dedicated load balancers (ELB v3)", () => {
  describe("one stack with members of both kinds", () => {
    let emulator: Emulator;
    let engine: EngineStack;
    let ipWeight = 1;

    beforeAll(async () => {
      emulator = await startEmulator({ seed: demoSeed() });
      engine = await EngineStack.create({ projectName: "both-kinds", program: program(), ...bothKinds(emulator) });
    });
    afterAll(() =>
      teardown(
        () => engine?.dispose(),
        () => emulator?.close(),
      ),
    );

    function program() {
      return async () => {
        new PoolMember("shared", { poolId: SHARED_POOL, subnetId: IPV4_SUBNET, address: "192.168.0.10", protocolPort: 80 });
        new PoolMember("instance", { profile: "ded", poolId: DEDICATED_POOL, subnetId: IPV4_SUBNET, address: "192.168.0.20", protocolPort: 80 });
        const ip = new PoolMember("ip", { profile: "ded", poolId: DEDICATED_POOL, address: "172.16.5.9", protocolPort: 80, weight: ipWeight });
        const ipv6 = new PoolMember("ipv6", { profile: "ded", poolId: DEDICATED_POOL, subnetId: IPV6_SUBNET, address: "2001:db8:a::10", protocolPort: 443 });
        // Looked up once the members are there (their ids are inputs of the lookup's apply).
        const listed = pulumi.all([ip.id, ipv6.id]).apply(() => getPoolMembersOutput({ profile: "ded", poolId: DEDICATED_POOL }));
        // v3's own filters, applied by the server (the provider does not filter on them itself).
        const addresses = (filter: { memberType?: string; ipVersion?: string }) =>
          pulumi
            .all([ip.id, ipv6.id])
            .apply(() => getPoolMembersOutput({ profile: "ded", poolId: DEDICATED_POOL, ...filter }))
            .apply((found) => found.map((m) => m.address));
        return { listed, ipMembers: addresses({ memberType: "ip" }), v6Members: addresses({ ipVersion: "v6" }) };
      };
    }

    const stateOf = async (name: string) => resourcesOfType(await engine.exportState(), "elb:PoolMember").find((r) => r.urn.endsWith(`::${name}`))!;

    test("up puts each member on its own kind of load balancer; v3 reports IP-as-a-backend and IPv6 members as such", async () => {
      const up = await engine.up();
      expect(up.summary.resourceChanges?.create).toBe(5);
      expect(emulator.members(SHARED_POOL).map((m) => m.address)).toEqual(["192.168.0.10"]);
      const dedicated = v3Members(emulator);
      expect(dedicated.map((m) => m.address).sort()).toEqual(["172.16.5.9", "192.168.0.20", "2001:db8:a::10"]);
      const ip = dedicated.find((m) => m.address === "172.16.5.9")!;
      expect(ip).toMatchObject({ subnet_cidr_id: expect.not.stringMatching(/./), member_type: "ip", ip_version: "v4" });
      const ipv6 = dedicated.find((m) => m.address === "2001:db8:a::10")!;
      expect(ipv6).toMatchObject({ subnet_cidr_id: IPV6_SUBNET, member_type: "instance", ip_version: "v6" });

      // State: the configuration, and what v3 reports beyond it; no subnetId where the program set none.
      const ipState = (await stateOf("ip")).outputs!;
      expect(ipState).toMatchObject({ address: "172.16.5.9", memberType: "ip", ipVersion: "v4" });
      expect(ipState).not.toHaveProperty("subnetId");
      expect((await stateOf("ipv6")).outputs).toMatchObject({ subnetId: IPV6_SUBNET, memberType: "instance", ipVersion: "v6", instanceId: ipv6.instance_id });
      const sharedState = (await stateOf("shared")).outputs!;
      for (const output of ["ipVersion", "memberType", "instanceId", "availabilityZone"]) expect(sharedState).not.toHaveProperty(output);

      // The lookup through the profile reports them too.
      const listed = up.outputs.listed.value as Record<string, unknown>[];
      expect(listed.map((m) => [m.address, m.memberType, m.ipVersion]).sort()).toEqual([
        ["172.16.5.9", "ip", "v4"],
        ["192.168.0.20", "instance", "v4"],
        ["2001:db8:a::10", "instance", "v6"],
      ]);
      expect(up.outputs.ipMembers.value).toEqual(["172.16.5.9"]);
      expect(up.outputs.v6Members.value).toEqual(["2001:db8:a::10"]);
    });

    test("the next preview shows no change, and a weight change on the IP member previews as that alone and updates in place", async () => {
      expect((await engine.preview()).changeSummary).toEqual({ same: 5 });
      const before = v3Members(emulator).find((m) => m.address === "172.16.5.9")!;
      ipWeight = 3;
      const preview = await engine.preview();
      expect(printedChanges(preview.stdout, "elb:PoolMember")).toEqual([{ name: "ip", op: "update", changed: ["~ weight: 1 => 3"] }]);
      const up = await engine.up();
      expect(up.summary.resourceChanges).toMatchObject({ update: 1, same: 4 });
      const after = v3Members(emulator).find((m) => m.address === "172.16.5.9")!;
      expect(after).toMatchObject({ id: before.id, weight: 3 });
      expect((await stateOf("ip")).outputs).toMatchObject({ weight: 3, memberType: "ip", ipVersion: "v4" });
    });

    test("destroy empties both pools", async () => {
      const result = await engine.destroy();
      expect(result.summary.resourceChanges?.delete).toBe(5);
      expect(emulator.members(SHARED_POOL)).toEqual([]);
      expect(v3Members(emulator)).toEqual([]);
    });
  });

  describe("a wrong loadBalancerType", () => {
    let emulator: Emulator;
    let engine: EngineStack;
    let weight = 1;

    beforeAll(async () => {
      emulator = await startEmulator({ seed: demoSeed() });
      engine = await EngineStack.create({
        projectName: "wrong-type",
        program: async () => {
          new PoolMember("m", { profile: "ded", poolId: DEDICATED_POOL, subnetId: IPV4_SUBNET, address: "192.168.0.50", protocolPort: 80, weight });
        },
        ...bothKinds(emulator),
      });
    });
    afterAll(() =>
      teardown(
        () => engine?.dispose(),
        () => emulator?.close(),
      ),
    );

    test("fails the next change naming the setting, never as a member gone, and nothing is lost", async () => {
      await engine.up();
      const [before] = v3Members(emulator);
      // (refresh and destroy run with the configuration the state recorded; a change runs with the program's.)
      await engine.stack.setConfig("elb:profiles.ded.loadBalancerType", { value: "shared" }, true);
      weight = 4;
      try {
        const failure = await engine.up().catch((error: Error) => error);
        expect(failure).toBeInstanceOf(Error);
        expect((failure as Error).message).toContain(`pool ${DEDICATED_POOL} is not a pool of a shared load balancer but of a dedicated one`);
        expect((failure as Error).message).toContain('set elb:profiles.ded.loadBalancerType to "dedicated"');
        expect(resourcesOfType(await engine.exportState(), "elb:PoolMember").map((r) => r.id)).toEqual([before.id]);
        expect(v3Members(emulator)).toMatchObject([{ id: before.id, weight: 1 }]);
      } finally {
        await engine.stack.setConfig("elb:profiles.ded.loadBalancerType", { value: "dedicated" }, true);
      }
      const up = await engine.up();
      expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
      expect(v3Members(emulator)).toMatchObject([{ id: before.id, weight: 4 }]);
      await engine.destroy();
      expect(v3Members(emulator)).toEqual([]);
    });
  });

  describe("bad input on each API is refused at preview, naming the property, with no API call", () => {
    let emulator: Emulator;
    const stacks: EngineStack[] = [];

    beforeAll(async () => {
      emulator = await startEmulator({ seed: demoSeed() });
    });
    afterAll(() => teardown(...stacks.map((stack) => () => stack.dispose()), () => emulator?.close()));

    test.each([
      [
        "an IPv6 address without a subnet on a dedicated load balancer",
        { profile: "ded", poolId: DEDICATED_POOL, address: "2001:db8:a::11" },
        /property subnetId value .* has a problem: is required for the IPv6 address 2001:db8:a::11: .*"IP as a backend"/,
      ],
      [
        "an Octavia field on a dedicated load balancer",
        { profile: "ded", poolId: DEDICATED_POOL, address: "192.168.0.30", backup: true },
        /property backup value .* has a problem: is an Octavia \(openstack\) field: the otc cloud's dedicated load balancers' ELB v3 API has no such field/,
      ],
      [
        "an IPv6 address on the shared ELB",
        { poolId: SHARED_POOL, subnetId: IPV6_SUBNET, address: "2001:db8:a::12" },
        /property address value .* has a problem: must be an IPv4 address .*shared ELB's v2\.0 API has no IPv6 members/,
      ],
      [
        "no subnet on the shared ELB",
        { poolId: SHARED_POOL, address: "192.168.0.31" },
        /property subnetId value .* has a problem: is required on the shared ELB's v2\.0 API/,
      ],
      [
        "an address that is no IP address on either",
        { profile: "ded", poolId: DEDICATED_POOL, address: "web-1" },
        /property address value .* has a problem: must be an IP address \(IPv4 such as 192\.168\.0\.10, or IPv6 such as fd00::10\), got \\?"web-1\\?"/,
      ],
    ])("%s", async (_what, args, message) => {
      const stack = await EngineStack.create({
        projectName: "dedicated-bad-input",
        program: async () => {
          new PoolMember("bad", { protocolPort: 80, ...(args as { poolId: string; address: string }) });
        },
        ...bothKinds(emulator),
      });
      stacks.push(stack);
      emulator.resetCounters();
      const failure = await stack.preview().catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(message);
      expect(emulator.counters()).toEqual({});
    });
  });

  describe("the health gate on a dedicated load balancer", () => {
    const MONITORED = "00000000-0000-4000-8000-0000000000e7";
    let emulator: Emulator;
    let engine: EngineStack;

    beforeAll(async () => {
      const seed = demoSeed();
      seed.pools = [...(seed.pools ?? []), { id: MONITORED, name: "monitored", loadbalancerId: DEDICATED_LB, protocol: "HTTP" }];
      seed.listeners = [
        ...(seed.listeners ?? []),
        {
          id: "00000000-0000-4000-8000-0000000000d7",
          loadbalancerId: DEDICATED_LB,
          protocol: "HTTP",
          protocolPort: 8080,
          defaultPoolId: MONITORED,
        },
      ];
      seed.healthmonitors = [{ id: "00000000-0000-4000-8000-0000000000f7", poolId: MONITORED, type: "HTTP", delay: 0.2, timeout: 0.1, maxRetries: 1 }];
      emulator = await startEmulator({ seed });
      emulator.setMemberHealth("192.168.0.40", "OFFLINE");
      engine = await EngineStack.create({
        projectName: "dedicated-health",
        program: async () => {
          new PoolMember("web", {
            profile: "ded",
            poolId: MONITORED,
            subnetId: IPV4_SUBNET,
            address: "192.168.0.40",
            protocolPort: 80,
            waitForHealthy: true,
            timeouts: { create: "3s" },
          });
        },
        ...bothKinds(emulator),
      });
    });
    afterAll(() =>
      teardown(
        () => engine?.dispose(),
        () => emulator?.close(),
      ),
    );

    test("a member that stays OFFLINE fails the up naming the listener and the health check's reason, and is recorded in state", async () => {
      emulator.resetCounters();
      const failure = await engine.up().catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      const [member] = v3Members(emulator, MONITORED);
      expect((failure as Error).message).toMatch(
        new RegExp(
          `member ${member.id} \\(192\\.168\\.0\\.40:80\\) in pool ${MONITORED} is still OFFLINE; on listener 00000000-0000-4000-8000-0000000000d7 OFFLINE: RESPONSE_MISMATCH \\(expected HTTP 200, got 503\\) after waiting`,
        ),
      );
      expect(resourcesOfType(await engine.exportState(), "elb:PoolMember").map((r) => r.id)).toEqual([member.id]);
      expect(mutatingCalls(normalized(emulator.counters()))).toEqual({ "201": 1 });
      await engine.destroy();
      expect(v3Members(emulator, MONITORED)).toEqual([]);
    });
  });
});

/** Counters with v3's route keys, as mutatingCalls reads them ("POST pools/..."). */
function normalized(counters: Record<string, Record<string, number>>) {
  return Object.fromEntries(Object.entries(counters).map(([route, statuses]) => [route.replace(/ \/v3\/[^/]+\/elb\//, " "), statuses]));
}
