import type { MigrationInterface, QueryRunner } from "typeorm";

export class CaseTargetName1796151812314 implements MigrationInterface {
  name = "CaseTargetName1796151812314";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "target_name" character varying(100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "target_name"`);
  }
}
