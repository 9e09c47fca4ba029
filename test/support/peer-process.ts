import type { DependencyContainer } from "tsyringe";
import { buildContainer } from "../../src/container";
import { DatabaseService } from "../../src/database/database-service";
import { NotificationListener } from "../../src/database/notification-listener";
import { createLogger } from "../../src/logger";
import { testConfig } from "./test-database";

/**
 * Another Warden process on the same database, as far as its controllers are concerned: its own container,
 * pool and notification listener (listening before this resolves), no Discord client.
 */
export interface Peer {
  container: DependencyContainer;
  db: DatabaseService;
  listener: NotificationListener;
  stop(): Promise<void>;
}

export async function startPeer(databaseUrl: string, env: Record<string, string> = {}): Promise<Peer> {
  const config = testConfig({ DATABASE_URL: databaseUrl, ...env });
  const container = buildContainer(config, createLogger(config.LOG_LEVEL));
  const db = container.resolve(DatabaseService);
  await db.start();
  const listener = container.resolve(NotificationListener);
  await listener.ready();
  return {
    container,
    db,
    listener,
    stop: async () => {
      await db.close();
      await container.dispose();
    },
  };
}
