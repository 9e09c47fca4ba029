import type { MigrationInterface, QueryRunner } from "typeorm";

export class ModerationState1795689383202 implements MigrationInterface {
  name = "ModerationState1795689383202";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "pending" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "guild_configs" ADD "mod_log_problem" text`);
    await queryRunner.query(
      `CREATE INDEX "ix_cases_pending_action" ON "cases"  ("guild_id", "created_at") WHERE pending`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cases_pending_action"`);
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "mod_log_problem"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "pending"`);
  }
}
