import "reflect-metadata";
import { DataSource } from "typeorm";
import { loadConfig } from "./src/config";
import { dataSourceOptions } from "./src/database/data-source-options";

/**
 * The DataSource the TypeORM CLI uses, for people who prefer it to `npm run migration:*`:
 *   npm run build && DATABASE_URL=postgres://… npx typeorm -d dist/ormconfig.js migration:show
 * It needs DATABASE_URL; the npm scripts also work against the embedded server.
 */
const config = loadConfig();
if (!config.DATABASE_URL) {
  throw new Error(
    "ormconfig.ts needs DATABASE_URL; `npm run migration:*` also works with the embedded server",
  );
}

export default new DataSource(
  dataSourceOptions({
    url: config.DATABASE_URL,
    poolMax: 2,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: 0,
    idleInTransactionTimeoutMs: 0,
    slowQueryMs: 0,
  }),
);
