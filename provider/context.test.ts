// Which change strategy a stack gets from its settings: batching on by default where the API has
// the batch call, off on OpenStack and dedicated load balancers, off when asked; never without
// the queue. The queue by default where a load balancer takes one change at a time.
import { ImmediateChanges } from "./api/immediate-changes";
import { QueuedChanges, RetryingChanges } from "./api/load-balancer-queue";
import { ProviderRuntime } from "./runtime";
import { configuredBy } from "./testing/lifecycle";

async function contextWith(settings: Record<string, string>) {
  return new ProviderRuntime(configuredBy({ "elb:endpoint": "http://127.0.0.1:9", "elb:auth": "none", ...settings })).context();
}

test.each([
  ["nothing set (otc)", true, {}],
  ["huaweicloud", true, { "elb:cloud": "huaweicloud" }],
  ["openstack", false, { "elb:cloud": "openstack" }],
  ["elb:batchChanges false", false, { "elb:batchChanges": "false" }],
  ["elb:batchChanges true on openstack", false, { "elb:cloud": "openstack", "elb:batchChanges": "true" }],
  ["elb:queueChanges false", false, { "elb:queueChanges": "false" }],
] as const)("%s: batching %s", async (_what, batching, settings) => {
  const context = await contextWith(settings);
  expect(context.batcher !== undefined).toBe(batching);
});

test.each([
  ["a dedicated target by default: side by side", { "elb:loadBalancerType": "dedicated" }, ImmediateChanges],
  ["a dedicated target with elb:queueChanges true: the queue", { "elb:loadBalancerType": "dedicated", "elb:queueChanges": "true" }, QueuedChanges],
  [
    "a dedicated target with elb:queueChanges false: the Terraform providers' way",
    { "elb:loadBalancerType": "dedicated", "elb:queueChanges": "false" },
    RetryingChanges,
  ],
  ["a shared target: the queue", {}, QueuedChanges],
  ["openstack: the queue", { "elb:cloud": "openstack" }, QueuedChanges],
] as const)("%s, never a batch on dedicated", async (_what, settings, gate) => {
  const context = await contextWith({ "elb:projectId": "0e1d2c3b4a5f60718293a4b5c6d7e8f9", ...settings });
  expect(context.gate).toBeInstanceOf(gate);
  if ("elb:loadBalancerType" in settings) {
    expect(context.batcher).toBeUndefined();
    expect(await context.client.apiRoot()).toBe("/v3/0e1d2c3b4a5f60718293a4b5c6d7e8f9/elb");
  }
});

describe("profiles: one context per target", () => {
  const PROFILES = JSON.stringify({
    shared: { endpoint: "http://127.0.0.1:10", auth: "none", drainSeconds: 3 },
    os: { endpoint: "http://127.0.0.1:11", auth: "none", cloud: "openstack" },
    bare: {},
  });
  const config: Record<string, string> = {
    "elb:endpoint": "http://127.0.0.1:9",
    "elb:auth": "none",
    "elb:drainSeconds": "7",
    "elb:profiles": PROFILES,
  };
  let runtime: ProviderRuntime;
  beforeEach(() => (runtime = new ProviderRuntime(configuredBy(config))));
  const providerContext = (profile?: string) => runtime.context(profile);
  const settingsProblem = (profile?: string) => runtime.settingsProblem(profile);

  test("each target has its own client, queue and batcher; one per target, made once", async () => {
    const [main, shared, os] = await Promise.all([providerContext(), providerContext("shared"), providerContext("os")]);
    expect([main.client.endpoint, shared.client.endpoint, os.client.endpoint]).toEqual(["http://127.0.0.1:9", "http://127.0.0.1:10", "http://127.0.0.1:11"]);
    expect(new Set([main.gate, shared.gate, os.gate]).size).toBe(3);
    expect(await providerContext("shared")).toBe(shared);
    // The cloud is a target's own: batching is off on the OpenStack profile only.
    expect([main.batcher !== undefined, shared.batcher !== undefined, os.batcher !== undefined]).toEqual([true, true, false]);
    expect(os.client.api).toBe("octavia");
  });

  test("behaviour settings come from the profile, else the top level; target settings never do", async () => {
    expect((await providerContext("shared")).drainSeconds).toBe(3);
    expect((await providerContext("os")).drainSeconds).toBe(7);
    // "bare" sets nothing: the top-level endpoint and auth "none" are not its own.
    await expect(providerContext("bare")).rejects.toThrow('profile "bare": no credentials for the ELB API (cloud otc)');
  });

  test("settingsProblem names the profile and what is missing, for preview", () => {
    expect(settingsProblem("shared")).toBeUndefined();
    expect(settingsProblem()).toBeUndefined();
    expect(settingsProblem("bare")).toContain('profile "bare": no credentials for the ELB API');
    expect(settingsProblem("bare")).toContain("stack config elb:profiles.bare.accessKey");
    expect(settingsProblem("nope")).toContain('profile "nope" is not defined (the profiles defined are shared, os, bare)');
  });

  test("a bad behaviour value in a profile names its key", () => {
    runtime = new ProviderRuntime(
      configuredBy({ ...config, "elb:profiles": JSON.stringify({ p: { endpoint: "http://127.0.0.1:10", auth: "none", waitForHealthy: "soon" } }) }),
    );
    expect(settingsProblem("p")).toBe('profile "p": elb:profiles.p.waitForHealthy must be true or false');
  });
});
