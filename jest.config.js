// Three projects: fast unit tests beside their sources, engine tests (the real pulumi CLI against
// the emulator and OpenStack Octavia) under test/engine, and interop tests (clients and servers we
// did not write, such as openstacksdk) under test/interop. `make test` runs all; --selectProjects
// runs one.
"use strict";
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];

module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/{provider,sdk,plugin,emulator,scripts}/**/*.test.ts"],
    },
    {
      displayName: "engine",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/test/engine/**/*.test.ts"],
      slowTestThreshold: 120,
    },
    {
      displayName: "interop",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/test/interop/**/*.test.ts"],
      slowTestThreshold: 60,
    },
  ],
};
