import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795684482440 implements MigrationInterface {
  name = "Initial1795684482440";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."case_type" AS ENUM('warn', 'note', 'timeout', 'untimeout', 'kick', 'ban', 'unban', 'softban')`,
    );
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "number" integer NOT NULL, "type" "public"."case_type" NOT NULL, "target_id" bigint NOT NULL, "moderator_id" bigint NOT NULL, "reason" character varying(2000), "expires_at" TIMESTAMP WITH TIME ZONE, "processed" boolean NOT NULL DEFAULT false, "voided" boolean NOT NULL DEFAULT false, "mod_log_message_id" bigint, "ref_case_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_cases_guild_number" UNIQUE ("guild_id", "number"), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cases_pending_expiry" ON "cases"  ("expires_at") WHERE expires_at IS NOT NULL AND NOT processed`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cases_guild_moderator" ON "cases"  ("guild_id", "moderator_id", "number") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cases_guild_target" ON "cases"  ("guild_id", "target_id", "number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "case_edits" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" integer NOT NULL, "editor_id" bigint NOT NULL, "field" character varying(32) NOT NULL, "before" text, "after" text, "edited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7fbb49d9e617dbbf7cff3df0f95" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_case_edits_case" ON "case_edits"  ("case_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "guilds" ("id" bigint NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "left_at" TIMESTAMP WITH TIME ZONE, "case_counter" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_e7e7f2a51bd6d96a9ac2aa560f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "guild_configs" ("guild_id" bigint NOT NULL, "mod_log_channel_id" bigint, "moderator_role_ids" bigint array NOT NULL DEFAULT '{}', "dm_on_action" boolean NOT NULL DEFAULT true, "settings" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d30f08272cb48cc3f4544c1f975" PRIMARY KEY ("guild_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "username" character varying(100) NOT NULL, "display_name" character varying(100), "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_identities" ("platform" character varying(32) NOT NULL, "platform_user_id" character varying(64) NOT NULL, "user_id" integer NOT NULL, "platform_username" character varying(100) NOT NULL, "is_primary" boolean NOT NULL DEFAULT false, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_803a2d5f1f6c30f56ad4b476eec" PRIMARY KEY ("platform", "platform_user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_user_identities_user" ON "user_identities"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_user_identities_one_primary" ON "user_identities"  ("user_id") WHERE is_primary`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_1fdc077ce253c084e66315d8058" FOREIGN KEY ("guild_id") REFERENCES "guilds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_ad94bf74df18964fa7543cf8906" FOREIGN KEY ("ref_case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_edits" ADD CONSTRAINT "FK_cd5e31b8418bbde6b28edbefc45" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "guild_configs" ADD CONSTRAINT "FK_d30f08272cb48cc3f4544c1f975" FOREIGN KEY ("guild_id") REFERENCES "guilds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_identities" ADD CONSTRAINT "FK_bf5fe01eb8cad7114b4c371cdc7" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_identities" DROP CONSTRAINT "FK_bf5fe01eb8cad7114b4c371cdc7"`);
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP CONSTRAINT "FK_d30f08272cb48cc3f4544c1f975"`);
    await queryRunner.query(`ALTER TABLE "case_edits" DROP CONSTRAINT "FK_cd5e31b8418bbde6b28edbefc45"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_ad94bf74df18964fa7543cf8906"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_1fdc077ce253c084e66315d8058"`);
    await queryRunner.query(`DROP INDEX "public"."uq_user_identities_one_primary"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_identities_user"`);
    await queryRunner.query(`DROP TABLE "user_identities"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "guild_configs"`);
    await queryRunner.query(`DROP TABLE "guilds"`);
    await queryRunner.query(`DROP INDEX "public"."ix_case_edits_case"`);
    await queryRunner.query(`DROP TABLE "case_edits"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_guild_target"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_guild_moderator"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_pending_expiry"`);
    await queryRunner.query(`DROP TABLE "cases"`);
    await queryRunner.query(`DROP TYPE "public"."case_type"`);
  }
}
