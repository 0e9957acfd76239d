// The ids PoolMember.get accepts: "<poolId>/<memberId>", "<poolId>/<address>:<port>", or a member
// id with the pool in state; anything else is refused with the forms it could have been.
import { ElbError } from "../client/errors";
import { parseReadId } from "./pool-member";

test.each([
  ["p-1/m-1", {}, { poolId: "p-1", memberId: "m-1" }],
  ["p-1/10.0.0.5:8080", {}, { poolId: "p-1", address: "10.0.0.5", protocolPort: 8080 }],
  ["m-1", { poolId: "p-1" }, { poolId: "p-1", memberId: "m-1" }],
])("%s reads as %p", (id, stored, target) => {
  expect(parseReadId(id, stored)).toEqual(target);
});

test.each([
  ["p-1/10.0.0.256:80", /"10\.0\.0\.256" is not an IPv4 address/],
  ["p-1/010.0.0.5:80", /"010\.0\.0\.5" is not an IPv4 address/],
  ["p-1/a/b", /use "<poolId>\/<memberId>" or "<poolId>\/<address>:<port>"/],
  ["m-1", /the pool of member m-1 is unknown/],
])("%s is refused", (id, message) => {
  expect(() => parseReadId(id, {})).toThrow(ElbError);
  expect(() => parseReadId(id, {})).toThrow(message);
});
