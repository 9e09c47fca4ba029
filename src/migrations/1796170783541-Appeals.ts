import type { MigrationInterface, QueryRunner } from "typeorm";

export class Appeals1796170783541 implements MigrationInterface {
  name = "Appeals1796170783541";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appeals" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "ban_case_id" integer NOT NULL, "user_id" bigint NOT NULL, "text" character varying(1000) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "decided_by" bigint, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" character varying(512), "unban_case_id" integer, "channel_id" bigint, "message_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_appeals_ban_case" UNIQUE ("ban_case_id"), CONSTRAINT "PK_ebd2050a02aa78081b5346152bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_appeals_guild_user" ON "appeals"  ("guild_id", "user_id") `);
    await queryRunner.query(
      `CREATE TABLE "appeal_events" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "appeal_id" integer NOT NULL, "kind" character varying(16) NOT NULL, "actor_id" bigint NOT NULL, "note" character varying(512), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_962a5fea7152749c4b7945175e3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appeal_events_appeal" ON "appeal_events"  ("appeal_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appeal_settings" ("guild_id" bigint NOT NULL, "channel_id" bigint, "delay_seconds" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_45bce62e7e40969c9c89ff56eae" PRIMARY KEY ("guild_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "FK_6bb5e8f465dd33a66b9307e670d" FOREIGN KEY ("ban_case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "FK_7bdf1ba564f95f2b01a36d2a5d4" FOREIGN KEY ("unban_case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeal_events" ADD CONSTRAINT "FK_a2f6caa5dcbed0a06b71a1019a8" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeal_events" DROP CONSTRAINT "FK_a2f6caa5dcbed0a06b71a1019a8"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "FK_7bdf1ba564f95f2b01a36d2a5d4"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "FK_6bb5e8f465dd33a66b9307e670d"`);
    await queryRunner.query(`DROP TABLE "appeal_settings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_appeal_events_appeal"`);
    await queryRunner.query(`DROP TABLE "appeal_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_appeals_guild_user"`);
    await queryRunner.query(`DROP TABLE "appeals"`);
  }
}
