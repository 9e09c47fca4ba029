import type { MigrationInterface, QueryRunner } from "typeorm";

/** One dimension of the roll-ups: its name, and the column (or expression) of usage_events it counts. */
const DIMENSIONS: ReadonlyArray<[name: string, column: string]> = [
  ["outcome", "outcome"],
  ["command", "command"],
  ["locale", "locale"],
  ["latency", "latency_ms"],
  ["user", "user_id"],
];

/**
 * Counts of usage_events by scope (each guild, and 0 for every guild and direct messages together), by
 * `day` when asked, and by each dimension (and guild versus direct message, when asked), in one pass of GROUPING SETS over the rows `where` selects.
 */
function rollupSelect(
  dimensions: ReadonlyArray<[string, string]>,
  { day, place }: { day: boolean; place: boolean },
  where: string,
): string {
  const byDay = day ? "day, " : "";
  const sets = [
    ...dimensions.map(([, column]) => `(guild_id, ${byDay}${column})`),
    ...dimensions.map(([, column]) => `(${byDay}${column})`),
    ...(place ? [`(${byDay}place)`] : []),
  ];
  const whichDimension = dimensions
    .map(([name, column]) => `WHEN GROUPING(${column}) = 0 THEN '${name}'`)
    .join(" ");
  const whichKey = dimensions
    .map(([, column]) => `WHEN GROUPING(${column}) = 0 THEN ${column}::text`)
    .join(" ");
  return `SELECT scope, dimension, ${byDay}key, uses FROM (
      SELECT CASE WHEN GROUPING(guild_id) = 0 THEN guild_id ELSE 0 END AS scope,
             CASE ${whichDimension} ELSE 'place' END AS dimension,
             ${byDay}CASE ${whichKey} ELSE ${place ? "place" : "NULL"} END AS key, count(*) AS uses
        FROM (SELECT *, (created_at AT TIME ZONE 'UTC')::date AS day,
                     CASE WHEN guild_id IS NULL THEN 'dm' ELSE 'guild' END AS place
                FROM usage_events WHERE ${where}) e
       GROUP BY GROUPING SETS (${sets.join(", ")})
    ) counted WHERE scope IS NOT NULL AND key IS NOT NULL`;
}

/** Dimensions with thousands of keys per guild: their counting costs most. */
const MANY_KEYS = ["latency", "user"];

/** The first day whose daily detail (every dimension but the outcome) is kept: 31 days back. */
const DETAIL_SINCE = `((now() AT TIME ZONE 'UTC')::date - 31)`;

/**
 * Fills usage_daily and usage_totals from the raw events (set-based: one grouped pass per statement):
 * totals of everything, daily outcome counts of every day, daily detail of the last 31 days.
 */
export async function backfillUsageRollups(query: (sql: string) => Promise<unknown>): Promise<void> {
  const { totals, daily } = usageRollupStatements();
  for (const statement of [...totals, ...daily]) await query(statement);
}

/**
 * The back-fill's statements: the totals (in two passes, the many-keyed dimensions apart, so that two
 * connections can share the work), and the daily counts (which touch only usage_daily).
 */
export function usageRollupStatements(): {
  totals: [few: string, many: string];
  daily: [outcome: string, detail: string];
} {
  const [outcome, ...detail] = DIMENSIONS;
  if (!outcome) throw new Error("the roll-ups count no dimension");
  const few = DIMENSIONS.filter(([name]) => !MANY_KEYS.includes(name));
  const many = DIMENSIONS.filter(([name]) => MANY_KEYS.includes(name));
  const totals = (dimensions: typeof DIMENSIONS, place: boolean) =>
    `INSERT INTO usage_totals (scope, dimension, key, uses) ${rollupSelect(dimensions, { day: false, place }, "TRUE")}`;
  return {
    totals: [totals(few, true), totals(many, false)],
    daily: [
      `INSERT INTO usage_daily (scope, dimension, day, key, uses) ${rollupSelect([outcome], { day: true, place: false }, "TRUE")}`,
      `INSERT INTO usage_daily (scope, dimension, day, key, uses) ${rollupSelect(
        detail,
        { day: true, place: true },
        `created_at >= (${DETAIL_SINCE}::timestamp AT TIME ZONE 'UTC')`,
      )}`,
    ],
  };
}

export class UsageRollups1796143422761 implements MigrationInterface {
  name = "UsageRollups1796143422761";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "usage_daily" ("scope" bigint NOT NULL, "dimension" character varying(16) NOT NULL, "day" date NOT NULL, "key" character varying(100) NOT NULL, "uses" bigint NOT NULL, CONSTRAINT "PK_02f0a76e9d82dba102cedd6db71" PRIMARY KEY ("scope", "dimension", "day", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_usage_daily_detail_day" ON "usage_daily"  ("day") WHERE "dimension" <> 'outcome'`,
    );
    await queryRunner.query(
      `CREATE TABLE "usage_totals" ("scope" bigint NOT NULL, "dimension" character varying(16) NOT NULL, "key" character varying(100) NOT NULL, "uses" bigint NOT NULL, CONSTRAINT "PK_057ead8501f44485f4e5bf82f21" PRIMARY KEY ("scope", "dimension", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_usage_totals_rank" ON "usage_totals"  ("scope", "dimension", "uses") `,
    );
    await backfillUsageRollups((sql) => queryRunner.query(sql));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_usage_totals_rank"`);
    await queryRunner.query(`DROP TABLE "usage_totals"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_daily_detail_day"`);
    await queryRunner.query(`DROP TABLE "usage_daily"`);
  }
}
