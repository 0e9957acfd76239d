// The Output variants take outputs field by field, as a program passes another resource's id.
import * as pulumi from "@pulumi/pulumi";
import { DEMO_IDS, demoSeed, Emulator, startEmulator } from "../emulator";
import { getPoolMemberOutput, getPoolMembersOutput } from "./lookups";

let emulator: Emulator;
const saved = { endpoint: process.env.ELB_ENDPOINT, auth: process.env.ELB_AUTH };

beforeAll(async () => {
  const seed = demoSeed();
  seed.members = [1, 2].map((n) => ({ poolId: DEMO_IDS.poolId, address: `192.168.0.${n}`, protocolPort: 80, subnetId: DEMO_IDS.subnetId, weight: n }));
  emulator = await startEmulator({ seed });
  // Outside an engine run there is no stack config: the environment points at the emulator.
  process.env.ELB_ENDPOINT = emulator.url;
  process.env.ELB_AUTH = "none";
});
afterAll(async () => {
  process.env.ELB_ENDPOINT = saved.endpoint;
  process.env.ELB_AUTH = saved.auth;
  if (saved.endpoint === undefined) delete process.env.ELB_ENDPOINT;
  if (saved.auth === undefined) delete process.env.ELB_AUTH;
  await emulator.close();
});

const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

test("getPoolMembersOutput and getPoolMemberOutput accept outputs as field values", async () => {
  const poolId = pulumi.output(DEMO_IDS.poolId);
  const members = await valueOf(getPoolMembersOutput({ poolId, weight: pulumi.output(2) }));
  expect(members.map((m) => m.address)).toEqual(["192.168.0.2"]);
  const one = await valueOf(getPoolMemberOutput({ poolId, address: pulumi.output("192.168.0.1"), protocolPort: 80 }));
  expect(one).toMatchObject({ address: "192.168.0.1", weight: 1, poolId: DEMO_IDS.poolId });
});
