import "reflect-metadata";
import { DataSource } from "typeorm";
import { dataSourceOptions } from "../../src/database/data-source-options";
import { provideTestServer, recreateDatabase, type TestServer } from "./database-server";

declare global {
  var __WARDEN_TEST_SERVER__: TestServer | undefined;
}

export const TEMPLATE_DATABASE = "warden_test_template";

/** Starts (or finds) the test server, migrates a template database once, and tells the workers its URL. */
export default async function globalSetup(): Promise<void> {
  const server = await provideTestServer();
  globalThis.__WARDEN_TEST_SERVER__ = server;
  const adminUrl = server.urlFor("postgres");
  await recreateDatabase(adminUrl, TEMPLATE_DATABASE);
  const source = new DataSource(
    dataSourceOptions({
      url: server.urlFor(TEMPLATE_DATABASE),
      poolMax: 2,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 0,
      idleInTransactionTimeoutMs: 0,
      slowQueryMs: 0,
    }),
  );
  await source.initialize();
  await source.runMigrations({ transaction: "each" });
  await source.destroy();
  process.env.WARDEN_TEST_ADMIN_URL = adminUrl;
  process.env.WARDEN_TEST_SERVER_KIND = server.kind;
}
