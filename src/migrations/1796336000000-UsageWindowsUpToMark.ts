import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The windows counted every event from `mark − span` on, the current hour's included, so every flush
 * rewrote three window rows per key; now they end at the mark (the window job adds each hour as it passes
 * it). The statements that move the existing windows to that: the hours from the mark on taken out of
 * every window (`sign` "-"), or put back (`sign` "+", to revert), with the flushes held off by the mark's
 * table lock. Without a mark there is nothing to move. Reverting while processes of this version still
 * run leaves windows they wrote by its rules: delete the mark once they are gone (the older version's
 * window job then starts the windows again).
 */
export function windowsUpToMarkStatements(sign: "-" | "+"): string[] {
  return [
    "LOCK TABLE usage_window_mark IN EXCLUSIVE MODE",
    `INSERT INTO usage_window AS r (scope, dimension, span, key, uses)
      SELECT h.scope, h.dimension, s.span, h.key, ${sign}sum(h.uses)::bigint FROM usage_hourly h
       CROSS JOIN unnest('{24,168,720}'::smallint[]) AS s(span)
       WHERE h.hour >= (SELECT hour FROM usage_window_mark)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (scope, dimension, span, key) DO UPDATE SET uses = r.uses + EXCLUDED.uses`,
    "DELETE FROM usage_window WHERE uses <= 0",
  ];
}

export class UsageWindowsUpToMark1796336000000 implements MigrationInterface {
  name = "UsageWindowsUpToMark1796336000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("SET LOCAL statement_timeout = 0");
    // Processes of the older version may still run and write windows by its rules: the existing mark (and
    // any an older version writes) says so, and the window job starts the windows again once they are gone.
    await queryRunner.query(
      `ALTER TABLE "usage_window_mark" ADD "needs_rebuild" boolean NOT NULL DEFAULT true`,
    );
    for (const statement of windowsUpToMarkStatements("-")) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("SET LOCAL statement_timeout = 0");
    for (const statement of windowsUpToMarkStatements("+")) await queryRunner.query(statement);
    await queryRunner.query(`ALTER TABLE "usage_window_mark" DROP COLUMN "needs_rebuild"`);
  }
}
