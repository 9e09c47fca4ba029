const base = require("./jest.config");

/**
 * `npm run test:pooler`: Warden behind Debian's PgBouncer in transaction mode (`apt-get install pgbouncer`;
 * .ci/run installs it), against the same test PostgreSQL server as `npm test`.
 */
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>/test/pooler"],
  testPathIgnorePatterns: ["/node_modules/"],
};
