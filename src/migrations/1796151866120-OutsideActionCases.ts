import type { MigrationInterface, QueryRunner } from "typeorm";

export class OutsideActionCases1796151866120 implements MigrationInterface {
  name = "OutsideActionCases1796151866120";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "audit_entry_id" bigint`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_cases_audit_entry" ON "cases"  ("guild_id", "audit_entry_id") WHERE audit_entry_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_cases_audit_entry"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "audit_entry_id"`);
  }
}
