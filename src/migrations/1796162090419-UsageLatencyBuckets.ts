import type { MigrationInterface, QueryRunner } from "typeorm";

/** A latency to two significant digits, as the roll-ups count it from now on (see usage-latency.ts). */
export const bucket = (ms: string): string =>
  `(CASE WHEN ${ms} < 100 THEN ${ms} WHEN ${ms} < 1000 THEN ${ms} - ${ms} % 10
     WHEN ${ms} < 10000 THEN ${ms} - ${ms} % 100 WHEN ${ms} < 100000 THEN ${ms} - ${ms} % 1000
     ELSE ${ms} - ${ms} % 10000 END)`;

/**
 * Merges the latency rows of the roll-ups counted by exact millisecond into their two-digit buckets: each
 * statement deletes the rows whose key is not a bucket and adds their uses to the bucket's row (a bucket's
 * key is its own bucket, so no deleted row is ever the conflict target).
 */
export async function bucketLatencyRollups(query: (sql: string) => Promise<unknown>): Promise<void> {
  const { daily, totals } = latencyBucketStatements();
  await query(daily);
  await query(totals);
}

/** The merge's two statements, one per roll-up table. */
export function latencyBucketStatements(): { daily: string; totals: string } {
  return {
    daily: `WITH moved AS (
       DELETE FROM usage_daily d
        WHERE d.dimension = 'latency' AND d.key::int <> ${bucket("d.key::int")}
        RETURNING d.scope, d.day, ${bucket("d.key::int")} AS bucket, d.uses)
     INSERT INTO usage_daily AS d (scope, dimension, day, key, uses)
     SELECT scope, 'latency', day, bucket::text, sum(uses) FROM moved GROUP BY scope, day, bucket
     ON CONFLICT (scope, dimension, day, key) DO UPDATE SET uses = d.uses + EXCLUDED.uses`,
    totals: `WITH moved AS (
       DELETE FROM usage_totals t
        WHERE t.dimension = 'latency' AND t.key::int <> ${bucket("t.key::int")}
        RETURNING t.scope, ${bucket("t.key::int")} AS bucket, t.uses)
     INSERT INTO usage_totals AS t (scope, dimension, key, uses)
     SELECT scope, 'latency', bucket::text, sum(uses) FROM moved GROUP BY scope, bucket
     ON CONFLICT (scope, dimension, key) DO UPDATE SET uses = t.uses + EXCLUDED.uses`,
  };
}

export class UsageLatencyBuckets1796162090419 implements MigrationInterface {
  name = "UsageLatencyBuckets1796162090419";

  async up(queryRunner: QueryRunner): Promise<void> {
    await bucketLatencyRollups((sql) => queryRunner.query(sql));
  }

  /** The exact milliseconds are gone; the buckets are valid latency keys, so the old code reads them as they are. */
  async down(): Promise<void> {}
}
