import type { MigrationInterface, QueryRunner } from "typeorm";

export class ActivityHours1796134648446 implements MigrationInterface {
  name = "ActivityHours1796134648446";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_activity_hours" ("guild_id" bigint NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" bigint NOT NULL, "message_count" integer NOT NULL, CONSTRAINT "PK_f2daf609a8e57c0ce1eafbfe36d" PRIMARY KEY ("guild_id", "hour", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_member_activity_hours_hour" ON "member_activity_hours"  ("hour") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_member_activity_hours_hour"`);
    await queryRunner.query(`DROP TABLE "member_activity_hours"`);
  }
}
