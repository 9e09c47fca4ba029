import type { MigrationInterface, QueryRunner } from "typeorm";

export class UsageLocale1796135197463 implements MigrationInterface {
  name = "UsageLocale1796135197463";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "usage_events" ADD "locale" character varying(16)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "usage_events" DROP COLUMN "locale"`);
  }
}
