// The ids an import and PoolMember.get accept: "<poolId>/<memberId>", "<poolId>/<address>:<port>",
// or a member id with the pool in state. Pool and member ids are UUIDs, so anything else is
// refused as malformed, naming the part that is wrong and the forms the id could have been.
import { ElbError } from "../client/errors";
import { parseReadId } from "./pool-member";

const POOL = "0416b6f1-877f-4a51-987e-978b3f084253";
const MEMBER = "cf024846-7516-4e3a-b0fb-6590322c836f";
const FORMS = /; an id is "<poolId>\/<memberId>" or "<poolId>\/<address>:<port>"$/;

test.each([
  [`${POOL}/${MEMBER}`, {}, { poolId: POOL, memberId: MEMBER }],
  [`${POOL}/10.0.0.5:8080`, {}, { poolId: POOL, address: "10.0.0.5", protocolPort: 8080 }],
  [`${POOL}/10.0.0.5:1`, {}, { poolId: POOL, address: "10.0.0.5", protocolPort: 1 }],
  [`${POOL}/10.0.0.5:65535`, {}, { poolId: POOL, address: "10.0.0.5", protocolPort: 65535 }],
  [MEMBER, { poolId: POOL }, { poolId: POOL, memberId: MEMBER }],
  // IPv6 (dedicated load balancers, Octavia): the last colon starts the port.
  [`${POOL}/2001:db8:a::5:443`, {}, { poolId: POOL, address: "2001:db8:a::5", protocolPort: 443 }],
])("%s reads as %p", (id, stored, target) => {
  expect(parseReadId(id, stored)).toEqual(target);
});

test.each([
  // The case: a member id that is not one is malformed, not a member that does not exist.
  [`${POOL}/not-a-uuid`, /^the id ".*" is malformed: its member id must be a UUID in lowercase, such as .*, got "not-a-uuid"/],
  [`not-a-pool/${MEMBER}`, /is malformed: its pool id must be a UUID in lowercase, .*, got "not-a-pool"/],
  [`/${MEMBER}`, /is malformed: its pool id must be a UUID .*, got ""/],
  [`${POOL}/`, /is malformed: its member id must be a UUID .*, got ""/],
  [`${POOL.toUpperCase()}/${MEMBER}`, /its pool id must be a UUID in lowercase.*as the API writes ids/],
  [`${POOL}/${MEMBER}/x`, /its member id must be a UUID .*, got "cf024846-7516-4e3a-b0fb-6590322c836f\/x"/],
  [`${POOL}/../../loadbalancers`, /its member id must be a UUID/],
  [`${POOL}/10.0.0.256:80`, /is malformed: its address must be an IP address \(IPv4 such as 192\.168\.0\.10, or IPv6 such as fd00::10\), got "10\.0\.0\.256"/],
  [`${POOL}/010.0.0.5:80`, /its address must be an IP address/],
  [`${POOL}/10.0.0.5:0`, /is malformed: its port must be an integer from 1 to 65535, got 0/],
  [`${POOL}/10.0.0.5:65536`, /its port must be an integer from 1 to 65535, got 65536/],
  [`${POOL}/10.0.0.5:http`, /its port must be an integer from 1 to 65535, got "http"/],
  [`${POOL}/fe80::1::2:80`, /its address must be an IP address .*, got "fe80::1::2"/],
  // Every wrong part at once.
  [`pool/web-1:80`, /its pool id must be a UUID .*, got "pool"; its address must be an IP address .*, got "web-1"/],
])("%s is refused as malformed, naming the part", (id, message) => {
  expect(() => parseReadId(id, {})).toThrow(ElbError);
  expect(() => parseReadId(id, {})).toThrow(message);
  expect(() => parseReadId(id, {})).toThrow(FORMS);
});

test("a member id alone needs a UUID, and the pool from state, which must be one too", () => {
  expect(() => parseReadId("m-1", { poolId: POOL })).toThrow(/^the id "m-1" is malformed: its member id must be a UUID/);
  expect(() => parseReadId(MEMBER, { poolId: "pool-1" })).toThrow(/is malformed: its pool id must be a UUID .*, got "pool-1"/);
  expect(() => parseReadId(MEMBER, {})).toThrow(
    `the pool of member "${MEMBER}" is unknown; use an id of the form "<poolId>/<memberId>" or "<poolId>/<address>:<port>"`,
  );
});

test("the refusal is an invalid_input error: the user's to fix, never retried", () => {
  let refusal: unknown;
  try {
    parseReadId(`${POOL}/not-a-uuid`, {});
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toMatchObject({ kind: "invalid_input" });
});
