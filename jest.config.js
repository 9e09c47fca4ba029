/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // test/image needs a Docker engine and a built Warden image: `npm run test:image` (see .ci/warden-image.sh);
  // test/pooler needs Debian's pgbouncer: `npm run test:pooler`; test/replica Debian's PostgreSQL server
  // (it starts a primary and a standby of its own): `npm run test:replica`.
  testPathIgnorePatterns: [
    "/node_modules/",
    "<rootDir>/test/image/",
    "<rootDir>/test/pooler/",
    "<rootDir>/test/replica/",
  ],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  reporters: ["default", "<rootDir>/test/support/failure-summary-reporter.js"],
  maxWorkers: 2,
  // Each test file runs in a fresh VM context, and V8 keeps some of every context a worker has run: a worker
  // grows to over a gigabyte over a full run, and its long GC pauses then stall the bots it hosts past
  // Discord's 3 s and PostgreSQL connect timeouts. A worker past this heap size after a file is replaced.
  workerIdleMemoryLimit: "600MB",
  testTimeout: 60000,
};
