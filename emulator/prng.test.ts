import { createPrng } from "./prng";

test("the same seed repeats, nearby seeds differ, values stay in [0, 1)", () => {
  const take = (seed: number) => {
    const next = createPrng(seed);
    return Array.from({ length: 1000 }, () => next());
  };
  const a = take(1);
  expect(take(1)).toEqual(a);
  expect(take(2).slice(0, 10)).not.toEqual(a.slice(0, 10));
  expect(take(0).every((v) => v >= 0 && v < 1)).toBe(true);
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  expect(mean).toBeGreaterThan(0.45);
  expect(mean).toBeLessThan(0.55);
  expect(a.filter((v) => v < 0.3).length).toBeGreaterThan(250);
  expect(a.filter((v) => v < 0.3).length).toBeLessThan(350);
});
