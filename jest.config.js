// Two projects: fast unit tests beside their sources, and engine tests (the real pulumi CLI
// against the emulator) under test/engine. `make test` runs both; --selectProjects runs one.
"use strict";
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];

module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/{provider,sdk,emulator,scripts}/**/*.test.ts"],
    },
    {
      displayName: "engine",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/test/engine/**/*.test.ts"],
      slowTestThreshold: 120,
    },
  ],
};
