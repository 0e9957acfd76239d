// The packaging case's verdicts: start-up at most half the copy's, preview no slower (5 %), sizes
// below the copy's archive; a build that failed is n/a, not a pass.
import { median, packagingRows, packagingTargets, type PackagingResult } from "./packaging-report";

const MB = 2 ** 20;
const result = (packaging: PackagingResult["packaging"], startupMs: number[], previewS: number[], packedMb: number, unpackedMb: number): PackagingResult => ({
  packaging,
  packedBytes: packedMb * MB,
  unpackedBytes: unpackedMb * MB,
  startupMs,
  previewS,
});

test("median of odd and even counts", () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeNaN();
});

test("start-up passes at half the copy's and misses above; preview allows 5 %; size must be below 11 MB / 87 MB", () => {
  const targets = packagingTargets([
    result("copy", [400, 420, 410], [3.0, 3.1], 11, 87),
    result("bundle", [205, 200, 210], [3.1, 3.2], 0.4, 1.5),
    result("self-contained", [190, 210, 220], [3.3, 3.4], 40, 121),
  ]);
  const verdictOf = (fragment: string) => targets.filter((t) => t.target.includes(fragment)).map((t) => t.verdict);
  expect(verdictOf("start-up")).toEqual(["PASS", "MISS"]);
  expect(verdictOf("preview")).toEqual(["PASS", "MISS"]);
  expect(verdictOf("archive size")).toEqual(["PASS", "MISS"]);
  expect(targets.find((t) => t.target.includes("start-up, bundle"))?.figure).toBe("205 ms vs 410 ms = 0.50x");
});

test("a build that failed is n/a, with its error", () => {
  const failed = { ...result("bundle", [], [], 0.4, 1.5), error: "start-up: exited (1)" };
  const targets = packagingTargets([result("copy", [400], [3], 11, 87), failed]);
  expect(targets.filter((t) => t.verdict === "n/a").map((t) => t.figure)).toEqual(["start-up: exited (1)", "start-up: exited (1)"]);
  expect(packagingRows([failed])[0]).toEqual(["bundle + sh launcher", "0.4", "1.5", "-", "-", "0", "-", "0"]);
});
