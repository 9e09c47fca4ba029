import type { MigrationInterface, QueryRunner } from "typeorm";

export class MemberReports1796170736704 implements MigrationInterface {
  name = "MemberReports1796170736704";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reports" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "reporter_id" bigint NOT NULL, "target_id" bigint NOT NULL, "reason" character varying(500) NOT NULL, "message_link" character varying(200), "message_excerpt" character varying(300), "status" character varying(16) NOT NULL DEFAULT 'open', "handled_by" bigint, "close_reason" character varying(500), "case_number" integer, "post_channel_id" bigint, "post_message_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_reports_status" CHECK (status IN ('open', 'acknowledged', 'actioned', 'dismissed')), CONSTRAINT "PK_d9013193989303580053c0b5ef6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reports_guild" ON "reports"  ("guild_id", "id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_reports_guild_status" ON "reports"  ("guild_id", "status", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reports_open_pair" ON "reports"  ("guild_id", "reporter_id", "target_id") WHERE status IN ('open', 'acknowledged')`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_blocks" ("guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "blocked_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_45ce06ec3a54ab2dc1da8c267b4" PRIMARY KEY ("guild_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_events" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "report_id" integer NOT NULL, "actor_id" bigint NOT NULL, "status" character varying(16) NOT NULL, "note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_601736df2a66078f32bbe39267f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_report_events_report" ON "report_events"  ("report_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_settings" ("guild_id" bigint NOT NULL, "channel_id" bigint, CONSTRAINT "PK_ef6305015a22b2d8ccba9ea03ea" PRIMARY KEY ("guild_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_events" ADD CONSTRAINT "FK_42ddab8b3f922d68c35c485d3bd" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_events" DROP CONSTRAINT "FK_42ddab8b3f922d68c35c485d3bd"`);
    await queryRunner.query(`DROP TABLE "report_settings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_events_report"`);
    await queryRunner.query(`DROP TABLE "report_events"`);
    await queryRunner.query(`DROP TABLE "report_blocks"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reports_open_pair"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_guild_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_guild"`);
    await queryRunner.query(`DROP TABLE "reports"`);
  }
}
