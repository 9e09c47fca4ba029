import type { MigrationInterface, QueryRunner } from "typeorm";
import { bucket } from "./1796162090419-UsageLatencyBuckets";

/** The days of hourly rows back-filled: the longest window (30 days) and a day. */
const HOURLY_DAYS = 31;

/** One dimension: its name, and the column (or expression) of the events it counts. */
const DIMENSIONS: ReadonlyArray<[name: string, column: string]> = [
  ["outcome", "outcome"],
  ["command", "command"],
  ["locale", "locale"],
  ["latency", "latency"],
  ["user", "user_id"],
];

/**
 * The hourly rows of the last 31 days from the raw events (kept at least that long), in one pass of
 * GROUPING SETS: each guild's counts per hour and dimension, and every guild's and direct messages' (scope
 * 0, with the guild/DM split).
 */
function usageHourlyStatement(): string {
  const sets = [
    ...DIMENSIONS.map(([, column]) => `(guild_id, hour, ${column})`),
    ...DIMENSIONS.map(([, column]) => `(hour, ${column})`),
    "(hour, place)",
  ];
  const dimension = DIMENSIONS.map(([name, column]) => `WHEN GROUPING(${column}) = 0 THEN '${name}'`).join(
    " ",
  );
  const key = DIMENSIONS.map(([, column]) => `WHEN GROUPING(${column}) = 0 THEN ${column}::text`).join(" ");
  return `INSERT INTO usage_hourly (scope, dimension, hour, key, uses)
    SELECT scope, dimension, hour, key, uses FROM (
      SELECT CASE WHEN GROUPING(guild_id) = 0 THEN guild_id ELSE 0 END AS scope,
             CASE ${dimension} ELSE 'place' END AS dimension, hour,
             CASE ${key} ELSE place END AS key, count(*) AS uses
        FROM (SELECT guild_id, user_id, command, outcome, locale, ${bucket("latency_ms")} AS latency,
                     date_trunc('hour', created_at, 'UTC') AS hour,
                     CASE WHEN guild_id IS NULL THEN 'dm' ELSE 'guild' END AS place
                FROM usage_events
               WHERE created_at >= date_trunc('hour', now(), 'UTC') - interval '${HOURLY_DAYS} days') e
       GROUP BY GROUPING SETS (${sets.join(", ")})
    ) counted WHERE scope IS NOT NULL AND key IS NOT NULL`;
}

/**
 * The statements that start the hours and windows from the raw events: the hourly rows, the mark at the
 * current UTC hour, and each window summed from the hours from the mark less its span on. A database
 * without usage gets no mark (so a new database is as empty as a restore needs it): the app's window job
 * starts its windows, from no hours, in an instant.
 */
export function usageWindowStatements(): { hourly: string; mark: string; windows: string } {
  return {
    hourly: usageHourlyStatement(),
    mark: `INSERT INTO usage_window_mark (id, hour) SELECT 1, date_trunc('hour', now(), 'UTC')
            WHERE EXISTS (SELECT FROM usage_events)`,
    windows: `INSERT INTO usage_window (scope, dimension, span, key, uses)
      SELECT h.scope, h.dimension, s.span, h.key, sum(h.uses) FROM usage_hourly h
       CROSS JOIN unnest('{24,168,720}'::smallint[]) AS s(span)
       WHERE h.hour >= (SELECT hour FROM usage_window_mark) - make_interval(hours => s.span)
       GROUP BY 1, 2, 3, 4`,
  };
}

export class UsageWindows1796314671784 implements MigrationInterface {
  name = "UsageWindows1796314671784";

  async up(queryRunner: QueryRunner): Promise<void> {
    // The back-fill reads 31 days of raw events: on a large database longer than the pool's statement
    // timeout, and the migration runs in its own transaction.
    await queryRunner.query("SET LOCAL statement_timeout = 0");
    await queryRunner.query(
      `CREATE TABLE "usage_hourly" ("scope" bigint NOT NULL, "dimension" character varying(16) NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "key" character varying(100) NOT NULL, "uses" bigint NOT NULL, CONSTRAINT "PK_c1e2f368f9125253d0f59ca4a69" PRIMARY KEY ("scope", "dimension", "hour", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_usage_hourly_hour" ON "usage_hourly"  ("hour") `);
    await queryRunner.query(
      `CREATE TABLE "usage_window" ("scope" bigint NOT NULL, "dimension" character varying(16) NOT NULL, "span" smallint NOT NULL, "key" character varying(100) NOT NULL, "uses" bigint NOT NULL, CONSTRAINT "PK_2bf9acae8fe693cec2cf885c858" PRIMARY KEY ("scope", "dimension", "span", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_usage_window_rank" ON "usage_window"  ("scope", "dimension", "span", "uses", "key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "usage_window_mark" ("id" smallint NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_usage_window_mark_one" CHECK ("id" = 1), CONSTRAINT "PK_d475b350a7a701392b11e792a40" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_usage_window_spent" ON "usage_window"  ("scope") WHERE "uses" <= 0`,
    );
    const { hourly, mark, windows } = usageWindowStatements();
    for (const statement of [hourly, mark, windows]) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "usage_window_mark"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_window_spent"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_window_rank"`);
    await queryRunner.query(`DROP TABLE "usage_window"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_hourly_hour"`);
    await queryRunner.query(`DROP TABLE "usage_hourly"`);
  }
}
