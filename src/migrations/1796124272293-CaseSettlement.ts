import type { MigrationInterface, QueryRunner } from "typeorm";

export class CaseSettlement1796124272293 implements MigrationInterface {
  name = "CaseSettlement1796124272293";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "settle_note" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "claim_token" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "claim_token"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "claimed_until"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "attempts"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "settle_note"`);
  }
}
