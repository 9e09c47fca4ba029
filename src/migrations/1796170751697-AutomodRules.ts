import type { MigrationInterface, QueryRunner } from "typeorm";

export class AutomodRules1796170751697 implements MigrationInterface {
  name = "AutomodRules1796170751697";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "automod_ladders" ("guild_id" bigint NOT NULL, "warns" integer NOT NULL, "window_seconds" integer NOT NULL, "timeout_seconds" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5233fdd3da1d26520c06e209daa" PRIMARY KEY ("guild_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "automod_rules" ("guild_id" bigint NOT NULL, "rule" character varying(16) NOT NULL, "enabled" boolean NOT NULL DEFAULT false, "actions" character varying(8) array NOT NULL DEFAULT '{delete}', "timeout_seconds" integer NOT NULL DEFAULT '600', "limit" integer NOT NULL, "window_seconds" integer NOT NULL, "patterns" text array NOT NULL DEFAULT '{}', "exempt_role_ids" bigint array NOT NULL DEFAULT '{}', "exempt_channel_ids" bigint array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_27d6068d63d90bdfe99e18f319f" PRIMARY KEY ("guild_id", "rule"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "automod_rules"`);
    await queryRunner.query(`DROP TABLE "automod_ladders"`);
  }
}
