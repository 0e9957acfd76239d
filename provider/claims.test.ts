// One owner per member: check() refuses a second resource declaring the same pool, address and
// port, naming both, and lets the same resource be checked again.
import { resetClaims } from "./claims";
import { check as typedCheck } from "./resources/pool-member";
import type { PoolMemberState } from "./types";
import { UNKNOWN } from "./validate";

const POOL = "00000000-0000-4000-8000-0000000000e1";
const SUBNET = "00000000-0000-4000-8000-0000000000b1";
const member = (name: string, address: string, protocolPort: unknown = 80) => ({ __declaredBy: name, poolId: POOL, subnetId: SUBNET, address, protocolPort });

/** check as the engine's host calls it, with the program's raw values. */
const check = (olds: object, news: object) => typedCheck(olds as PoolMemberState, news as PoolMemberState);

beforeEach(() => resetClaims());

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
