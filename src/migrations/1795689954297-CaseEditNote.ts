import type { MigrationInterface, QueryRunner } from "typeorm";

export class CaseEditNote1795689954297 implements MigrationInterface {
  name = "CaseEditNote1795689954297";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_edits" ADD "note" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_edits" DROP COLUMN "note"`);
  }
}
