import type { MigrationInterface, QueryRunner } from "typeorm";

export class Restrictions1796151913255 implements MigrationInterface {
  name = "Restrictions1796151913255";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "restrictions" ("case_id" integer NOT NULL, "guild_id" bigint NOT NULL, "target_id" bigint NOT NULL, "role_id" bigint NOT NULL, "removed_role_ids" bigint array NOT NULL DEFAULT '{}', "restore_on_join" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_7ee7ad722e14801a67b834f09f9" PRIMARY KEY ("case_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_restrictions_member" ON "restrictions"  ("guild_id", "target_id") `,
    );
    await queryRunner.query(`ALTER TABLE "guild_configs" ADD "restricted_role_id" bigint`);
    await queryRunner.query(`ALTER TYPE "public"."case_type" ADD VALUE 'restrict'`);
    await queryRunner.query(`ALTER TYPE "public"."case_type" ADD VALUE 'unrestrict'`);
    await queryRunner.query(
      `ALTER TABLE "restrictions" ADD CONSTRAINT "FK_7ee7ad722e14801a67b834f09f9" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "restrictions" DROP CONSTRAINT "FK_7ee7ad722e14801a67b834f09f9"`);
    // The older enum has no place for these cases: going back drops them (their edits go with them).
    await queryRunner.query(`DELETE FROM "cases" WHERE "type" IN ('restrict', 'unrestrict')`);
    await queryRunner.query(
      `CREATE TYPE "public"."case_type_old" AS ENUM('warn', 'note', 'timeout', 'untimeout', 'kick', 'ban', 'unban', 'softban')`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ALTER COLUMN "type" TYPE "public"."case_type_old" USING "type"::"text"::"public"."case_type_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."case_type"`);
    await queryRunner.query(`ALTER TYPE "public"."case_type_old" RENAME TO "case_type"`);
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "restricted_role_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_restrictions_member"`);
    await queryRunner.query(`DROP TABLE "restrictions"`);
  }
}
