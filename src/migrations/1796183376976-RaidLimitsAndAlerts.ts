import type { MigrationInterface, QueryRunner } from "typeorm";

export class RaidLimitsAndAlerts1796183376976 implements MigrationInterface {
  name = "RaidLimitsAndAlerts1796183376976";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "raid_settings" ADD "timeout_seconds" integer NOT NULL DEFAULT '86400'`,
    );
    await queryRunner.query(`ALTER TABLE "raid_settings" ADD "max_seconds" integer NOT NULL DEFAULT '21600'`);
    await queryRunner.query(`ALTER TABLE "raids" ADD "timeout_seconds" integer NOT NULL DEFAULT '86400'`);
    await queryRunner.query(`ALTER TABLE "raids" ADD "max_seconds" integer NOT NULL DEFAULT '21600'`);
    await queryRunner.query(`ALTER TABLE "raids" ADD "start_outcome" jsonb`);
    await queryRunner.query(`ALTER TABLE "raids" ADD "end_outcome" jsonb`);
    await queryRunner.query(`ALTER TABLE "raids" ADD "start_alerted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "raids" ADD "end_alerted_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "raids" DROP COLUMN "end_alerted_at"`);
    await queryRunner.query(`ALTER TABLE "raids" DROP COLUMN "start_alerted_at"`);
    await queryRunner.query(`ALTER TABLE "raids" DROP COLUMN "end_outcome"`);
    await queryRunner.query(`ALTER TABLE "raids" DROP COLUMN "start_outcome"`);
    await queryRunner.query(`ALTER TABLE "raids" DROP COLUMN "max_seconds"`);
    await queryRunner.query(`ALTER TABLE "raids" DROP COLUMN "timeout_seconds"`);
    await queryRunner.query(`ALTER TABLE "raid_settings" DROP COLUMN "max_seconds"`);
    await queryRunner.query(`ALTER TABLE "raid_settings" DROP COLUMN "timeout_seconds"`);
  }
}
