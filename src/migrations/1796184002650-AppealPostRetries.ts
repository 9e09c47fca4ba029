import type { MigrationInterface, QueryRunner } from "typeorm";

export class AppealPostRetries1796184002650 implements MigrationInterface {
  name = "AppealPostRetries1796184002650";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD "post_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "appeals" ADD "post_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `CREATE INDEX "ix_appeals_post_due" ON "appeals"  ("post_due_at") WHERE post_due_at IS NOT NULL`,
    );
    // Appeals kept before this, never posted: the retry job posts them.
    await queryRunner.query(
      `UPDATE "appeals" SET "post_due_at" = now() WHERE "message_id" IS NULL AND "status" = 'open'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_appeals_post_due"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "post_attempts"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "post_due_at"`);
  }
}
