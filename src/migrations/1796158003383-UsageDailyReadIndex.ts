import type { MigrationInterface, QueryRunner } from "typeorm";

export class UsageDailyReadIndex1796158003383 implements MigrationInterface {
  name = "UsageDailyReadIndex1796158003383";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_usage_daily_read" ON "usage_daily"  ("scope", "dimension", "day", "key", "uses") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_usage_daily_read"`);
  }
}
