// Prints "N passed, N failed" from jest's --json output: CI reads this as its last line.
// A run that produced no results (setup or build failed) counts as one failure.
"use strict";
const fs = require("fs");
const [file, status] = process.argv.slice(2);
let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(fs.readFileSync(file, "utf8"));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  if (results.numPendingTests > 0) {
    console.log(`${results.numPendingTests} tests were skipped; skipped tests count as failed`);
    failed += results.numPendingTests;
  }
} catch {
  failed = 1;
}
if (failed === 0 && status !== "0") failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
