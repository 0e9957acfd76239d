// The behaviour settings: found like every other setting, typed, defaulted and range-checked by
// the model; a profile's own value, else the top-level one, else the default.
import { configurationFailure } from "../client/auth/testing/configuration-failure";
import { resolveBehaviour, type BehaviourSources } from "./behaviour";
import * as model from "./model";

function sources(config: Record<string, string> = {}, env: Record<string, string> = {}, profile?: Record<string, string>): BehaviourSources {
  return {
    config: (key) => config[key],
    env,
    ...(profile ? { profile: { name: "p", setting: (name: model.SettingName) => profile[name] } } : {}),
  };
}

const failure = (s: BehaviourSources) => configurationFailure(() => resolveBehaviour(s));

describe("resolveBehaviour", () => {
  it("takes the model's defaults when nothing is set; batchChanges stays unset for the cloud to decide", () => {
    expect(resolveBehaviour(sources())).toEqual({
      queueChanges: undefined,
      batchChanges: undefined,
      adoptExisting: false,
      drainSeconds: 0,
      waitForHealthy: false,
    });
  });

  it("reads stack config, then the environment", () => {
    const env = { ELB_QUEUE_CHANGES: "false", ELB_BATCH_CHANGES: "no", ELB_ADOPT_EXISTING: "1", ELB_DRAIN_SECONDS: "30", ELB_WAIT_FOR_HEALTHY: "on" };
    expect(resolveBehaviour(sources({}, env))).toEqual({
      queueChanges: false,
      batchChanges: false,
      adoptExisting: true,
      drainSeconds: 30,
      waitForHealthy: true,
    });
    expect(resolveBehaviour(sources({ "elb:drainSeconds": " 12 ", "elb:batchChanges": "TRUE" }, env))).toMatchObject({ drainSeconds: 12, batchChanges: true });
  });

  it("treats an empty value as unset, as for every other setting", () => {
    expect(resolveBehaviour(sources({ "elb:drainSeconds": "" }, { ELB_DRAIN_SECONDS: "4" })).drainSeconds).toBe(4);
    expect(resolveBehaviour(sources({ "elb:queueChanges": "" }, { ELB_QUEUE_CHANGES: "false" })).queueChanges).toBe(false);
  });

  it("gives a profile its own value, else the top-level stack config, else the environment", () => {
    const config = { "elb:drainSeconds": "7", "elb:queueChanges": "false" };
    const env = { ELB_WAIT_FOR_HEALTHY: "true", ELB_DRAIN_SECONDS: "9" };
    expect(resolveBehaviour(sources(config, env, { drainSeconds: "3", adoptExisting: "true" }))).toEqual({
      queueChanges: false,
      batchChanges: undefined,
      adoptExisting: true,
      drainSeconds: 3,
      waitForHealthy: true,
    });
    expect(resolveBehaviour(sources(config, env, { drainSeconds: "" })).drainSeconds).toBe(7);
  });

  it.each([
    [sources({ "elb:drainSeconds": "soon" }), 'elb:drainSeconds must be a whole number from 0 to 3600, got "soon"'],
    [sources({ "elb:drainSeconds": "3601" }), 'elb:drainSeconds must be a whole number from 0 to 3600, got "3601"'],
    [sources({ "elb:drainSeconds": "-1" }), 'elb:drainSeconds must be a whole number from 0 to 3600, got "-1"'],
    [sources({ "elb:drainSeconds": "1.5" }), 'elb:drainSeconds must be a whole number from 0 to 3600, got "1.5"'],
    [sources({ "elb:drainSeconds": "  " }), 'elb:drainSeconds must be a whole number from 0 to 3600, got "  "'],
    [sources({}, { ELB_DRAIN_SECONDS: "x" }), 'ELB_DRAIN_SECONDS must be a whole number from 0 to 3600, got "x"'],
    [sources({ "elb:queueChanges": "maybe" }), "elb:queueChanges must be true or false"],
    [sources({}, { ELB_BATCH_CHANGES: "2" }), "ELB_BATCH_CHANGES must be true or false"],
    [sources({}, {}, { waitForHealthy: "soon" }), "elb:profiles.p.waitForHealthy must be true or false"],
    [sources({}, {}, { drainSeconds: "lots" }), 'elb:profiles.p.drainSeconds must be a whole number from 0 to 3600, got "lots"'],
  ])("refuses a bad value, naming the key that holds it (%#)", (s, message) => {
    const error = failure(s);
    expect(error.code).toBe("ELB_INVALID_SETTING");
    expect(error.message).toBe(message);
  });

  describe("reads the environment names of the top-level cloud", () => {
    // Today every behaviour setting has the same names on every cloud; a model where they differ
    // shows which cloud's names are read.
    const real = model.settingSpec;
    beforeEach(() => {
      jest
        .spyOn(model, "settingSpec")
        .mockImplementation((name) =>
          name === "drainSeconds"
            ? { ...real(name), env: { otc: ["OTC_DRAIN"], huaweicloud: ["HW_DRAIN", "OTC_DRAIN"], openstack: ["OS_DRAIN"] } }
            : real(name),
        );
    });
    afterEach(() => jest.restoreAllMocks());
    const env = { OTC_DRAIN: "1", HW_DRAIN: "2", OS_DRAIN: "3" };

    it.each([
      ["nothing (otc)", {}, {}, 1],
      ["ELB_CLOUD huaweicloud", {}, { ELB_CLOUD: "huaweicloud" }, 2],
      ["ELB_CLOUD openstack", {}, { ELB_CLOUD: "openstack" }, 3],
      ["elb:cloud openstack", { "elb:cloud": "openstack" }, {}, 3],
    ])("%s", (_what, config, cloudEnv, expected) => {
      expect(resolveBehaviour(sources(config, { ...env, ...cloudEnv })).drainSeconds).toBe(expected);
    });

    it("for a profile, the top level's cloud, not the profile's own: the value is the top level's", () => {
      expect(resolveBehaviour(sources({ "elb:cloud": "openstack" }, env, { cloud: "otc" })).drainSeconds).toBe(3);
      expect(resolveBehaviour(sources({}, env, { cloud: "openstack" })).drainSeconds).toBe(1);
    });

    it("refuses a bad top-level cloud for the default target; a profile reads the default cloud's names then", () => {
      expect(failure(sources({ "elb:cloud": "aws" }, env)).message).toBe("cloud (from stack config elb:cloud) must be one of otc, huaweicloud, openstack");
      expect(resolveBehaviour(sources({ "elb:cloud": "aws" }, env, { cloud: "openstack" })).drainSeconds).toBe(1);
    });

    it("names the variable that holds a bad value", () => {
      expect(failure(sources({ "elb:cloud": "openstack" }, { OS_DRAIN: "soon" })).message).toBe('OS_DRAIN must be a whole number from 0 to 3600, got "soon"');
    });
  });
});
