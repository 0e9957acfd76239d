import { DEMO_IDS, demoSeed, startEmulator } from "./index";

test("the request log has every API request with its arrival time and status; reset clears it", async () => {
  const emulator = await startEmulator({ seed: demoSeed() });
  try {
    const before = Date.now();
    await fetch(`${emulator.url}/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members?limit=1`);
    await fetch(`${emulator.url}/v2.0/lbaas/pools/no-such-pool/members`, { method: "POST", body: "{}" });
    const log = emulator.requestLog();
    expect(log.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: "GET", path: `/v2.0/lbaas/pools/${DEMO_IDS.poolId}/members`, status: 200 },
      { method: "POST", path: "/v2.0/lbaas/pools/no-such-pool/members", status: 404 },
    ]);
    for (const entry of log) expect(entry.at).toBeGreaterThanOrEqual(before);
    emulator.reset();
    expect(emulator.requestLog()).toEqual([]);
  } finally {
    await emulator.close();
  }
});
