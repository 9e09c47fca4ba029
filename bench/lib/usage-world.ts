import { Client } from "pg";
import { usageRollupStatements } from "../../src/migrations/1796143422761-UsageRollups";
import { latencyBucketStatements } from "../../src/migrations/1796162090419-UsageLatencyBuckets";
import { latencyBucket } from "../../src/controllers/usage-latency";
import { entitySql } from "../../src/controllers/retention-sql";
import { UsageWriteSql, usageTables } from "../../src/controllers/usage-write-sql";
import { usageWindowStatements } from "../../src/migrations/1796314671784-UsageWindows";
import type { DataSource } from "typeorm";
import { startApp, stopApp, type BenchContext } from "./app";
import { progress } from "./output";
import { withDatabase } from "./server";
import type { Logger } from "../../src/logger";

export const WORLD_GUILDS = 1_000;
/** The first guild id; guild `g` (0 … 999) is this plus g. Guild 0 is the busiest (use falls off as g²). */
export const GUILD_BASE = 700_000_000_000_000_000n;
export const HISTORY_DAYS = 400;

/** A database filled with `events` usage events, started as a Warden app of its own. */
export interface UsageWorld {
  name: string;
  events: number;
  context: BenchContext;
  /** A plain connection for set-up, EXPLAIN and untimed housekeeping. */
  client: Client;
  generatedMs: number;
  drop(): Promise<void>;
}

/**
 * `$1`…`$2` of `$3` interactions over 400 days, in time order as a bot writes them (so one day's raw rows
 * share pages, as they do in a real table), in 1,000 guilds (skewed: guild g gets use in proportion to how
 * close g is to 0), 60 commands (skewed too), up to 200 members a guild, outcomes 90/7/3 % ok/refused/error,
 * five locales and none for 5 % (recorded before languages were), latencies with a long tail; 5 % of the
 * last 30 days' are direct messages (none older, so the raw retention of direct messages has nothing to
 * catch up on).
 */
const GENERATE = `INSERT INTO usage_events (guild_id, user_id, command, outcome, latency_ms, locale, created_at)
  SELECT CASE WHEN dm THEN NULL ELSE ${GUILD_BASE} + g END,
         800000000000000000 + CASE WHEN dm THEN floor(random() * 50000)::bigint
                                   ELSE g * 1000 + floor(random() ^ 2 * 200)::bigint END,
         '/command-' || floor(60 * random() ^ 2)::int,
         CASE WHEN o < 0.90 THEN 'ok' WHEN o < 0.97 THEN 'refused' ELSE 'error' END,
         (15 + floor(900 * random() ^ 4))::int,
         CASE WHEN l < 0.6 THEN 'en' WHEN l < 0.75 THEN 'de' WHEN l < 0.85 THEN 'es-ES'
              WHEN l < 0.95 THEN 'fr' END,
         at
    FROM (SELECT t.at, d < 0.05 AND t.at > now() - interval '30 days' AS dm, g, o, l
            FROM (SELECT now() - interval '${HISTORY_DAYS} days' * (($3::int - n)::float8 / $3::int) AS at,
                         random() AS d, floor(${WORLD_GUILDS} * random() ^ 2)::bigint AS g,
                         random() AS o, random() AS l
                    FROM generate_series($1::int, $2::int) n) t) r`;

/** Both connections' work at once (this machine has two cores; one INSERT … SELECT uses one). */
async function inParallel(
  clients: readonly Client[],
  lanes: ReadonlyArray<readonly string[]>,
): Promise<void> {
  await Promise.all(
    lanes.map(async (statements, lane) => {
      const client = clients[lane % clients.length] as Client;
      for (const statement of statements) {
        const started = performance.now();
        await client.query(statement);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        progress(`stats:   lane ${lane}: ${seconds} s for ${statement.replace(/\s+/g, " ").slice(0, 60)}`);
      }
    }),
  );
}

/**
 * The daily latency rows this version keeps (the last 31 days, bucketed as the flush buckets them): the
 * daily rows of commands, locales and users that older versions wrote are read by nothing now and age out,
 * so a database that has run this version for a year has none.
 */
const LATENCY_DAILY = `INSERT INTO usage_daily (scope, dimension, day, key, uses)
  SELECT CASE WHEN GROUPING(guild_id) = 0 THEN guild_id ELSE 0 END, 'latency', day, latency::text, count(*)
    FROM (SELECT guild_id, (created_at AT TIME ZONE 'UTC')::date AS day, ${latencyBucket("latency_ms")} AS latency
            FROM usage_events
           WHERE created_at >= (((now() AT TIME ZONE 'UTC')::date - 31)::timestamp AT TIME ZONE 'UTC')) e
   GROUP BY GROUPING SETS ((guild_id, day, latency), (day, latency))
  HAVING GROUPING(guild_id) = 1 OR guild_id IS NOT NULL`;

/** The app's own statements that start the windows from the hours (as its window job does without a mark). */
function windowRebuild(source: DataSource): readonly string[] {
  return new UsageWriteSql(usageTables((target) => entitySql(source, target))).rebuild;
}

const ROLLUP_TABLES = ["usage_daily", "usage_totals", "usage_hourly", "usage_window"] as const;

/**
 * Drops the primary keys and indexes of `tables` (as the raw events' indexes are dropped: a sorted build
 * after millions of rows beats millions of random insertions) and returns, per table, the statements that
 * put them back.
 */
async function withoutKeys(client: Client, tables: readonly string[]): Promise<string[][]> {
  const restore: string[][] = [];
  for (const table of tables) {
    const keys = await client.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = $1::regclass AND contype = 'p'`,
      [table],
    );
    const indexes = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        WHERE i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [table],
    );
    for (const index of indexes.rows) await client.query(`DROP INDEX "${index.name}"`);
    for (const key of keys.rows) await client.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${key.name}"`);
    restore.push([
      ...keys.rows.map((key) => `ALTER TABLE "${table}" ADD CONSTRAINT "${key.name}" ${key.definition}`),
      ...indexes.rows.map((index) => index.definition),
    ]);
  }
  return restore;
}

/**
 * Creates the database, migrates it (through the app), and fills it in PostgreSQL over two connections at
 * once: the raw events by two INSERT … SELECT (half each) with the secondary indexes dropped and rebuilt
 * after (a sorted build beats 10 million random insertions), the totals and daily outcomes by the
 * migrations' own back-fill and bucketing statements, the daily latencies as this version keeps them, the
 * hourly rows by the windows' migration's and the windows by the app's window job's (shared out so that
 * both connections take about as long; their tables' keys likewise dropped and rebuilt in between), then
 * ANALYZE.
 * Every guild keeps its raw usage for 10 years, so the retention job must find expired rows among millions
 * that are kept.
 */
export async function buildUsageWorld(
  serverUrl: string,
  name: string,
  events: number,
  logger: Logger,
): Promise<UsageWorld> {
  const admin = new Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  const database = `warden_bench_${name}`;
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = withDatabase(serverUrl, database);
  const context = await startApp(url, logger);
  const client = new Client({ connectionString: url, application_name: "warden-bench-world" });
  const helper = new Client({ connectionString: url, application_name: "warden-bench-world" });
  await Promise.all([client.connect(), helper.connect()]);
  const started = performance.now();
  const lap = (what: string) =>
    progress(`stats: ${what} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  progress(`stats: generating ${events} usage events (${name})`);
  try {
    await Promise.all(
      [client, helper].map(async (connection, index) => {
        await connection.query("SET work_mem = '256MB'");
        await connection.query("SET maintenance_work_mem = '512MB'");
        await connection.query(`SELECT setseed(${0.42 + index / 100})`);
      }),
    );
    const indexes = await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE tablename = 'usage_events' AND indexname NOT LIKE 'PK_%'`,
    );
    for (const index of indexes.rows) await client.query(`DROP INDEX "${index.name}"`);
    const half = Math.floor(events / 2);
    await Promise.all([
      client.query(GENERATE, [1, half, events]),
      helper.query(GENERATE, [half + 1, events, events]),
    ]);
    lap("inserted");
    const definitions = indexes.rows.map((index) => index.definition);
    await inParallel(
      [client, helper],
      [definitions.filter((_, i) => i % 2 === 0), definitions.filter((_, i) => i % 2 === 1)],
    );
    lap(`indexed (${definitions.length})`);
    const rollups = usageRollupStatements();
    const buckets = latencyBucketStatements();
    const [fewTotals, manyTotals] = rollups.totals;
    const [outcomeDaily] = rollups.daily;
    const windows = usageWindowStatements();
    const rollupKeys = await withoutKeys(client, ROLLUP_TABLES);
    await inParallel(
      [client, helper],
      [
        [manyTotals, LATENCY_DAILY],
        [fewTotals, outcomeDaily, windows.hourly],
      ],
    );
    const [daily = [], totals = [], hourly = [], window = []] = rollupKeys;
    // The windows are started from the hourly rows (which need no key for it) by the app's own statements,
    // while the other tables get their keys back.
    await inParallel(
      [client, helper],
      [
        [...windowRebuild(context.db.dataSource), ...hourly.slice(1)],
        // The primary key locks its table against the windows' read: last, when that read is done.
        [...daily, ...totals, ...hourly.slice(0, 1)],
      ],
    );
    // The bucketing adds up the latency keys of the totals above, ON CONFLICT: after the keys are back.
    await inParallel([client, helper], [[buckets.totals], window]);
    lap("rolled up");
    await client.query(
      `INSERT INTO guilds (id) SELECT ${GUILD_BASE} + g FROM generate_series(0, ${WORLD_GUILDS - 1}) g;
       INSERT INTO guild_configs (guild_id, retention_days) SELECT id, 3650 FROM guilds`,
    );
    await client.query("VACUUM ANALYZE");
    lap("vacuumed");
  } finally {
    await helper.end();
  }
  const generatedMs = performance.now() - started;
  const drop = async (): Promise<void> => {
    await client.end();
    await stopApp(context);
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  };
  return { name, events, context, client, generatedMs, drop };
}
