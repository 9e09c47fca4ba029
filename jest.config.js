/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // test/image needs a Docker engine and a built Warden image: `npm run test:image` (see .ci/warden-image.sh).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/image/"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  maxWorkers: 2,
  testTimeout: 60000,
};
