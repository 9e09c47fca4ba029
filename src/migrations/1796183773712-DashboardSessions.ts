import type { MigrationInterface, QueryRunner } from "typeorm";

export class DashboardSessions1796183773712 implements MigrationInterface {
  name = "DashboardSessions1796183773712";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dashboard_sessions" ("id_hash" character(64) NOT NULL, "user_id" bigint NOT NULL, "user_name" character varying(100) NOT NULL, "guild_ids" bigint array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e3ee6d254a06695044a9ac37477" PRIMARY KEY ("id_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_dashboard_sessions_expiry" ON "dashboard_sessions"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_dashboard_sessions_user" ON "dashboard_sessions"  ("user_id") `,
    );
    // The dashboard's text search over reasons and notes (declared with synchronize: false on the entities).
    await queryRunner.query(
      `CREATE INDEX "ix_cases_reason_search" ON "cases" USING gin (to_tsvector('simple', coalesce("reason", '')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_case_edits_note_search" ON "case_edits" USING gin (to_tsvector('simple', coalesce("note", ''))) WHERE "field" = 'note'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_case_edits_note_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_reason_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dashboard_sessions_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dashboard_sessions_expiry"`);
    await queryRunner.query(`DROP TABLE "dashboard_sessions"`);
  }
}
