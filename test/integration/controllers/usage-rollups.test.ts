import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { RetentionController } from "../../../src/controllers/retention-controller";
import { UsageController, type RecordedUsage } from "../../../src/controllers/usage-controller";
import { latencyBucket } from "../../../src/controllers/usage-latency";
import { backfillUsageRollups } from "../../../src/migrations/1796143422761-UsageRollups";
import { bucketLatencyRollups } from "../../../src/migrations/1796162090419-UsageLatencyBuckets";
import { usageWindowStatements } from "../../../src/migrations/1796314671784-UsageWindows";
import { windowsUpToMarkStatements } from "../../../src/migrations/1796336000000-UsageWindowsUpToMark";
import { Client } from "pg";
import { startPeer } from "../../support/peer-process";
import { rawUsageSummary } from "../../support/raw-usage-summary";
import {
  GUILDS,
  HOUR_MS,
  USERS,
  expectSameAsRawUsage,
  scopes,
  usageEvents as events,
} from "../../support/usage-fixture";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();
/** The uses the roll-ups' latency rows count, and how many rows have a key that is not a bucket. */
async function latencyRows(): Promise<{ uses: number; unbucketed: number }> {
  const { rows } = await t.db.sql<{ uses: string; unbucketed: string }>(
    `SELECT coalesce(sum(uses), 0) AS uses, count(*) FILTER (WHERE ms <> ${latencyBucket("ms")}) AS unbucketed
       FROM (SELECT key::int AS ms, uses FROM usage_daily WHERE dimension = 'latency'
             UNION ALL SELECT key::int, uses FROM usage_totals WHERE dimension = 'latency') latency`,
  );
  return { uses: Number(rows[0]?.uses), unbucketed: Number(rows[0]?.unbucketed) };
}

const expectSameAsRaw = (): Promise<void> => expectSameAsRawUsage(t);

describe("usage roll-ups", () => {
  it("answer every scope and period as counting the raw events did, when written by the flush", async () => {
    const usage = t.get(UsageController);
    for (let batch = 0; batch < 4; batch += 1) await usage.insertAll(events(150, batch + 1, 45 * 24));
    // No window has started yet (no mark): the periods are counted from the hourly rows.
    await expectSameAsRaw();
    await usage.advanceWindows();
    await expectSameAsRaw();

    // The flush writes the same hourly rows as the migration's back-fill (of 31 days) from the raw events.
    const since = (
      await t.db.sql<{ since: Date }>("SELECT date_trunc('hour', now(), 'UTC') - interval '31 days' AS since")
    ).rows[0]?.since;
    const hours = async () =>
      (
        await t.db.sql(
          "SELECT scope, dimension, hour, key, uses FROM usage_hourly WHERE hour >= $1 ORDER BY 1, 2, 3, 4",
          [since],
        )
      ).rows;
    const flushed = await hours();
    expect(flushed.length).toBeGreaterThan(1_000);
    await t.db.sql("DELETE FROM usage_hourly");
    await t.db.sql(usageWindowStatements().hourly);
    expect(await hours()).toEqual(flushed);
  });

  it("answer the same for events written before them, once the migration has back-filled them", async () => {
    await t.get(UsageController).insertAll(events(400, 7, 60 * 24));
    // Events recorded before languages were: no locale.
    await t.db.sql("UPDATE usage_events SET locale = NULL WHERE id % 5 = 0");
    await t.db.sql("TRUNCATE usage_daily, usage_totals, usage_hourly, usage_window, usage_window_mark");
    await backfillUsageRollups((sql) => t.db.sql(sql));
    const { hourly, mark, windows } = usageWindowStatements();
    // As the migrations run them: each in a transaction of its own.
    for (const statement of [hourly, mark, windows]) await t.db.sql(statement);
    await t.db.transaction(async () => {
      for (const statement of windowsUpToMarkStatements("-")) await t.db.sql(statement);
    });
    const exact = await latencyRows();
    await bucketLatencyRollups((sql) => t.db.sql(sql));
    const bucketed = await latencyRows();
    expect(bucketed.uses).toEqual(exact.uses);
    expect(exact.unbucketed).toBeGreaterThan(0);
    expect(bucketed.unbucketed).toBe(0);
    await bucketLatencyRollups((sql) => t.db.sql(sql));
    expect(await latencyRows()).toEqual(bucketed);
    await expectSameAsRaw();
  });

  it("count latencies to two significant digits: a few hundred rows a scope, however many values", async () => {
    const [guildId] = GUILDS;
    const base = events(5_000, 3, 10);
    await t
      .get(UsageController)
      .insertAll(base.map((event, ms) => ({ ...event, guildId: guildId ?? null, latencyMs: ms })));
    const rows = await t.db.sql<{ count: string }>(
      "SELECT count(*) AS count FROM usage_totals WHERE scope = $1 AND dimension = 'latency'",
      [guildId],
    );
    // 0–99 exactly, 100–990 by 10, 1000–4900 by 100.
    expect(Number(rows.rows[0]?.count)).toBe(100 + 90 + 40);
    const { p95LatencyMs } = (await t.get(UsageController).summary({ guildId: guildId ?? null, hours: null }))
      .totals;
    // The exact p95 of 0…4999 is 4749.05; to two digits the latencies read 4700 from 4700 to 4799.
    expect(p95LatencyMs).toBe(4700);
  });

  it("answer periods older than the raw retention from the roll-ups, after the raw rows are gone", async () => {
    const usage = t.get(UsageController);
    const [guildId] = GUILDS;
    await usage.insertAll(events(300, 11, 100 * 24));
    const before = await Promise.all(scopes().map((scope) => usage.summary(scope)));
    const old = await t.db.sql<{ count: string }>(
      "SELECT count(*) AS count FROM usage_events WHERE created_at < now() - interval '31 days'",
    );
    expect(Number(old.rows[0]?.count)).toBeGreaterThan(100);

    const deleted = await t.get(RetentionController).purgeExpired(50);

    expect(deleted.usage_events).toBe(Number(old.rows[0]?.count));
    expect(deleted.usage_daily).toBeGreaterThan(0);
    const left = await t.db.sql<{ oldest: Date }>("SELECT min(created_at) AS oldest FROM usage_events");
    expect(Date.now() - (left.rows[0]?.oldest.getTime() ?? 0)).toBeLessThan(31 * 24 * HOUR_MS);
    expect(await Promise.all(scopes().map((scope) => usage.summary(scope)))).toEqual(before);
    const all = await usage.summary({ guildId: guildId ?? null, hours: null });
    expect(all.totals.total).toBeGreaterThan(
      (await rawUsageSummary(t.db, { guildId: guildId ?? null, hours: null })).totals.total,
    );
  });

  it("keeps a guild's raw usage for its longer retention", async () => {
    const [kept, purged] = GUILDS;
    await t.get(GuildConfigController).update(kept ?? "", { retentionDays: 90 });
    const at = new Date(Date.now() - 60 * 24 * HOUR_MS);
    const old = (guildId: string | undefined): RecordedUsage => ({
      guildId: guildId ?? null,
      userId: USERS[0] ?? "",
      command: "/ping",
      outcome: "ok",
      latencyMs: 5,
      locale: "en",
      at,
    });
    await t.get(UsageController).insertAll([old(kept), old(purged), old(undefined)]);

    expect(await t.get(RetentionController).purgeExpired()).toMatchObject({ usage_events: 2 });
    const left = await t.db.sql<{ guild_id: string }>("SELECT guild_id FROM usage_events");
    expect(left.rows).toEqual([{ guild_id: kept }]);
  });

  it("count each event once when two processes flush at the same moment", async () => {
    const peers = [await startPeer(t.url), await startPeer(t.url)];
    const locker = new Client({ connectionString: t.url });
    await locker.connect();
    try {
      for (let round = 0; round < 3; round += 1) {
        // Both flushes wait behind one lock, then run together on the same roll-up rows.
        await locker.query("BEGIN");
        await locker.query("LOCK TABLE usage_totals IN SHARE MODE");
        const flushes = peers.map((peer, index) =>
          peer.container.resolve(UsageController).insertAll(events(200, 100 + round * 2 + index, 48)),
        );
        await waitForBlocked(locker, 2);
        await locker.query("COMMIT");
        await Promise.all(flushes);
      }
    } finally {
      await locker.end();
      await Promise.all(peers.map((peer) => peer.stop()));
    }
    const counted = await t.db.sql<{ raw: string; rolled: string }>(
      `SELECT (SELECT count(*) FROM usage_events) AS raw,
              (SELECT sum(uses) FROM usage_totals WHERE scope = 0 AND dimension = 'outcome') AS rolled`,
    );
    expect(counted.rows[0]).toEqual({ raw: "1200", rolled: "1200" });
    await expectSameAsRaw();
  });
});

/** Waits until `count` other backends wait for a lock. */
async function waitForBlocked(client: Client, count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const waiting = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (Number(waiting.rows[0]?.count) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${count} flushes never waited for the lock`);
}
