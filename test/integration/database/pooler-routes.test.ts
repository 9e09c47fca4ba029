import { DatabaseService } from "../../../src/database/database-service";
import { NotificationListener } from "../../../src/database/notification-listener";
import { createLogger } from "../../../src/logger";
import { buildContainer } from "../../../src/container";
import { withAdminClient } from "../../support/database-server";
import { directUrlOf, throughPooler } from "../../support/pooler-routes";
import { adminUrl, createDatabase, dropDatabase, testConfig } from "../../support/test-database";

const DATABASE = `pooler_routes_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * The harness's two paths (npm test: direct; npm run test:through-pooler: every test database through the
 * run's PgBouncer). Either way Warden must take the path the run says, and its LISTEN the direct one.
 */
describe("the test harness's database paths", () => {
  let url: string;
  beforeAll(async () => {
    url = await createDatabase(DATABASE, { migrated: true });
  });
  afterAll(() => dropDatabase(DATABASE));

  it("hands out test databases through the run's pooler, if any, and Warden gets the direct URL beside it", async () => {
    const server = new URL(adminUrl());
    const handed = new URL(url);
    expect(handed.host === server.host).toBe(!throughPooler());
    const direct = new URL(directUrlOf(url));
    expect(direct.host).toBe(server.host);
    expect(direct.pathname).toBe(handed.pathname);

    const config = testConfig({ DATABASE_URL: url });
    const container = buildContainer(config, createLogger(config.LOG_LEVEL));
    const db = container.resolve(DatabaseService);
    await db.start();
    try {
      expect(db.behindPooler).toBe(throughPooler());
      expect(db.directUrl).toBe(directUrlOf(url));
      const listener = container.resolve(NotificationListener);
      await listener.ready();
      // LISTEN holds a server session of its own: the listener's backend answers on the direct path.
      const sessions = await withAdminClient(directUrlOf(url), (client) =>
        client.query(
          "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND application_name = 'warden-notifications'",
          [listener.backendPid],
        ),
      );
      expect(sessions.rowCount).toBe(1);
    } finally {
      await db.close();
      await container.dispose();
    }
  });
});
