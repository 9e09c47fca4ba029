import type { MigrationInterface, QueryRunner } from "typeorm";

export class StatsIndexes1796143994283 implements MigrationInterface {
  name = "StatsIndexes1796143994283";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_guild_events_recent" ON "guild_events"  ("guild_id", "id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_usage_events_direct_time" ON "usage_events"  ("created_at") WHERE "guild_id" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_usage_events_direct_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_guild_events_recent"`);
  }
}
