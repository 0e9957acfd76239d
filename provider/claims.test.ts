// One owner per member: check() refuses a second resource declaring the same pool, address and
// port, naming both, and lets the same resource be checked again.
import { check as typedCheck } from "./resources/pool-member";
import { ProviderRuntime } from "./runtime";
import { UNKNOWN } from "./validate";

const POOL = "00000000-0000-4000-8000-0000000000e1";
const SUBNET = "00000000-0000-4000-8000-0000000000b1";
const member = (name: string, address: string, protocolPort: unknown = 80) => ({ name, news: { poolId: POOL, subnetId: SUBNET, address, protocolPort } });

/** A new runtime per test, as a new provider process would have. */
let runtime: ProviderRuntime;
beforeEach(() => (runtime = new ProviderRuntime()));

/** check as an adapter calls it: the program's raw values, and the declaring resource's name. */
const check = (_olds: object, { name, news }: ReturnType<typeof member>) => typedCheck(runtime, news, { owner: name });

test("a second resource on the same address and port fails at check, naming both", async () => {
  expect((await check({}, member("web-1", "10.0.0.5"))).failures).toEqual([]);
  const second = await check({}, member("web-2", "10.0.0.5"));
  expect(second.failures).toEqual([
    {
      property: "address",
      reason: expect.stringMatching(/^10\.0\.0\.5:80 in pool \S+ is also declared by PoolMember "web-1" in this program.*remove one of "web-1" and "web-2"/),
    },
  ]);
});

test("the same resource checked again, another port, or a value not known yet pass", async () => {
  expect((await check({}, member("web-1", "10.0.0.5"))).failures).toEqual([]);
  expect((await check({}, member("web-1", "10.0.0.5"))).failures).toEqual([]);
  expect((await check({}, member("web-2", "10.0.0.5", 8080))).failures).toEqual([]);
  expect((await check({}, member("web-3", UNKNOWN))).failures).toEqual([]);
});
