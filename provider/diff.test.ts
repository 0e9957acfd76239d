import { diffInputs } from "./diff";
import { poolMemberSpec } from "./schema";
import { UNKNOWN } from "./validate";

const identity = ["poolId", "address", "protocolPort"];
const olds = {
  poolId: "pool-1",
  address: "192.168.0.10",
  protocolPort: 80,
  subnetId: "subnet-1",
  name: "web",
  weight: 1,
  adminStateUp: true,
  // Written by an older version, whose state also held these; diff reads inputs only.
  operatingStatus: "ONLINE",
  tenantId: "project",
  loadBalancerId: "lb-1",
  __provider: "old code",
};
const inputsOf = ({ operatingStatus, tenantId, loadBalancerId, ...inputs }: typeof olds) => inputs;

describe("diffInputs for PoolMember", () => {
  test("nothing changed: no changes, even when only the provider code differs", () => {
    const outcome = diffInputs(poolMemberSpec, olds, { ...inputsOf(olds), __provider: "new code" }, identity);
    expect(outcome).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, changed: [] });
  });

  test.each([
    ["name", "api"],
    ["weight", 0],
    ["adminStateUp", false],
  ])("%s changes in place", (property, value) => {
    const outcome = diffInputs(poolMemberSpec, olds, { ...inputsOf(olds), [property]: value }, identity);
    expect(outcome).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, changed: [property] });
  });

  test.each([
    ["poolId", "pool-2", false],
    ["address", "192.168.0.11", false],
    ["protocolPort", 8080, false],
    // Same pool, address and port: the new member would collide with the old one.
    ["subnetId", "subnet-2", true],
  ])("%s replaces (delete first: %p)", (property, value, deleteFirst) => {
    const outcome = diffInputs(poolMemberSpec, olds, { ...inputsOf(olds), [property]: value }, identity);
    expect(outcome).toEqual({ changes: true, replaces: [property], deleteBeforeReplace: deleteFirst, changed: [property] });
  });

  test("an unknown value is a change; an unknown identity deletes first to be safe", () => {
    const outcome = diffInputs(poolMemberSpec, olds, { ...inputsOf(olds), address: UNKNOWN }, identity);
    expect(outcome).toMatchObject({ changes: true, replaces: ["address"], deleteBeforeReplace: true });
  });

  test("state written before a default existed compares equal to the default", () => {
    const { weight, ...withoutWeight } = olds;
    expect(weight).toBe(1);
    expect(diffInputs(poolMemberSpec, withoutWeight, inputsOf(olds), identity).changes).toBe(false);
  });

  test("adopt left unset equals adopt: false in either direction; setting it is an in-place change", () => {
    expect(diffInputs(poolMemberSpec, { ...olds, adopt: false }, inputsOf(olds), identity).changes).toBe(false);
    expect(diffInputs(poolMemberSpec, inputsOf(olds), { ...inputsOf(olds), adopt: false }, identity).changes).toBe(false);
    expect(diffInputs(poolMemberSpec, inputsOf(olds), { ...inputsOf(olds), adopt: true }, identity)).toMatchObject({ changed: ["adopt"], replaces: [] });
  });

  test("every replaceOnChanges property in schema.json replaces, every other input updates", () => {
    for (const [name, property] of Object.entries(poolMemberSpec.inputProperties)) {
      const changedValue = property.type === "boolean" ? !olds[name as keyof typeof olds] : property.type === "string" ? "10.9.9.9" : 7;
      const outcome = diffInputs(poolMemberSpec, olds, { ...inputsOf(olds), [name]: changedValue }, identity);
      expect({ name, replaces: outcome.replaces }).toEqual({ name, replaces: property.replaceOnChanges ? [name] : [] });
    }
  });
});
