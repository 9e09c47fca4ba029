const base = require("./jest.config");

/**
 * `npm run test:replica`: heavy reads on a streaming replica, against a primary and a `pg_basebackup -R`
 * standby of Debian's PostgreSQL these tests start themselves (`apt-get install postgresql-15`; .ci/run
 * installs it), so one pass proves them whichever server the other passes use.
 */
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>/test/replica"],
  testPathIgnorePatterns: ["/node_modules/"],
};
