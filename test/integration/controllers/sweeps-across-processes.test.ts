import { CooldownController } from "../../../src/controllers/cooldown-controller";
import { RetentionController } from "../../../src/controllers/retention-controller";
import { startPeer, type Peer } from "../../support/peer-process";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();
const PROCESSES = 4;
const GUILDS = 40;

/**
 * Issue 17: with one process per shard group, every process runs the cross-guild clean-ups on its own
 * schedule, so they meet on the same rows. Each row must go exactly once, counted once, and no process may
 * fail (a deadlock between two purges would end a run in an incident).
 */
describe("clean-ups run by four processes at the same moment", () => {
  let peers: Peer[] = [];

  beforeEach(async () => {
    peers = await Promise.all(Array.from({ length: PROCESSES }, () => startPeer(t.url)));
  });
  afterEach(async () => {
    await Promise.all(peers.map((peer) => peer.stop()));
  });

  it("sweep every expired cooldown once between them, and keep the live ones", async () => {
    const expired = 20_000;
    await t.db.sql(
      `INSERT INTO cooldowns (guild_id, user_id, action, expires_at)
       SELECT 700000000000000000 + g % $2, 800000000000000000 + g, 'daily', now() - interval '1 minute'
         FROM generate_series(1, $1::int) AS g`,
      [expired, GUILDS],
    );
    await t.db.sql(
      `INSERT INTO cooldowns (guild_id, user_id, action, expires_at)
       SELECT 700000000000000000 + g % $1, 900000000000000000 + g, 'daily', now() + interval '1 hour'
         FROM generate_series(1, 100) AS g`,
      [GUILDS],
    );
    const swept = await Promise.all(
      peers.map(async (peer) => {
        const cooldowns = peer.container.resolve(CooldownController);
        let total = 0;
        let removed: number;
        do {
          removed = await cooldowns.sweepExpired(500);
          total += removed;
        } while (removed > 0);
        return total;
      }),
    );
    expect(swept.reduce((sum, count) => sum + count, 0)).toBe(expired);
    expect(swept.filter((count) => count > 0).length).toBeGreaterThan(1);
    const left = await t.db.sql<{ live: string; all: string }>(
      `SELECT count(*) FILTER (WHERE expires_at > now()) AS live, count(*) AS all FROM cooldowns`,
    );
    expect(left.rows[0]).toEqual({ live: "100", all: "100" });
  });

  it("purge every message past its guild's retention once between them, and keep the recent ones", async () => {
    const old = 20_000;
    await t.db.sql(
      `INSERT INTO message_log (guild_id, channel_id, user_id, message_id, content, created_at)
       SELECT 700000000000000000 + g % $2, 1, 2, g, 'old', now() - interval '40 days'
         FROM generate_series(1, $1::int) AS g`,
      [old, GUILDS],
    );
    await t.db.sql(
      `INSERT INTO message_log (guild_id, channel_id, user_id, message_id, content, created_at)
       SELECT 700000000000000000 + g % $1, 1, 2, 100000 + g, 'recent', now() - interval '1 day'
         FROM generate_series(1, 500) AS g`,
      [GUILDS],
    );
    const purged = await Promise.all(
      peers.map(async (peer) => {
        const retention = peer.container.resolve(RetentionController);
        let total = 0;
        let removed: number;
        do {
          removed = (await retention.purgeExpired(1_000)).message_log ?? 0;
          total += removed;
        } while (removed > 0);
        return total;
      }),
    );
    expect(purged.reduce((sum, count) => sum + count, 0)).toBe(old);
    const left = await t.db.sql<{ content: string; rows: string }>(
      "SELECT content, count(*) AS rows FROM message_log GROUP BY content",
    );
    expect(left.rows).toEqual([{ content: "recent", rows: "500" }]);
  });
});
