// Which change strategy a stack gets from its settings: batching on by default where the API has
// the batch call, off on OpenStack, off when asked; never without the queue.
import { configure, providerContext } from "./context";

async function contextWith(settings: Record<string, string>) {
  const config: Record<string, string> = { "elb:endpoint": "http://127.0.0.1:9", "elb:auth": "none", ...settings };
  configure({ get: (key) => config[key] });
  return providerContext();
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
