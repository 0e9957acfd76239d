import { formatDuration, parseDuration } from "./duration";

test.each([
  ["10m", 600_000],
  ["90s", 90_000],
  ["1h30m", 5_400_000],
  ["1.5s", 1_500],
  ["250ms", 250],
])("%s is %i ms", (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});

test.each(["", "10", "m", "10 m", "-1s", "1d"])("%p is not a duration", (text) => {
  expect(parseDuration(text)).toBeUndefined();
});

test.each([
  [850, "850ms"],
  [12_500, "12.5s"],
  [30_000, "30s"],
  [125_000, "2m5s"],
  [600_000, "10m0s"],
  [3_660_000, "1h1m"],
])("%i ms reads as %s", (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
