/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // swc strips types only; `tsc --noEmit` type-checks once, outside jest.
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  setupFilesAfterEnv: ["<rootDir>/test/support/setup-jest.ts"],
  // Synthesize the shipped environments once per run; invariant tests read the JSON.
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  testTimeout: 30000,
};
