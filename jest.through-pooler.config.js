const base = require("./jest.config");

/**
 * `npm run test:through-pooler`: the integration and end-to-end suites with every test database handed out
 * through Debian's PgBouncer in transaction mode (`TEST_DATABASE_POOLER=1`: globalSetup starts it in front of
 * the run's server; see test/support/pooler-routes.ts). CI runs it in front of Debian's PostgreSQL 15.
 */
process.env.TEST_DATABASE_POOLER = "1";

/** Test files that cannot run through a pooler by nature, each with why. */
const NOT_THROUGH_POOLER = [];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>/test/integration", "<rootDir>/test/e2e"],
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, ...NOT_THROUGH_POOLER],
};
