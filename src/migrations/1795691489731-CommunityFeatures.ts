import type { MigrationInterface, QueryRunner } from "typeorm";

export class CommunityFeatures1795691489731 implements MigrationInterface {
  name = "CommunityFeatures1795691489731";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cooldowns" ("guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "action" character varying(100) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5384096b6ebb56fe7d6a67924b1" PRIMARY KEY ("guild_id", "user_id", "action"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_cooldowns_expiry" ON "cooldowns"  ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "group_members" ("group_id" integer NOT NULL, "user_id" bigint NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f5939ee0ad233ad35e03f5c65c1" PRIMARY KEY ("group_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_group_members_user" ON "group_members"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "guild_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "type" character varying(32) NOT NULL, "user_id" bigint, "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1e73c34600e56a54c78d45048de" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_guild_events_user" ON "guild_events"  ("guild_id", "user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_guild_events_created" ON "guild_events"  ("guild_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_entries" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "kind" character varying(16) NOT NULL, "delta" bigint NOT NULL, "balance_after" bigint NOT NULL, "reason" character varying(500), "actor_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_ledger_member" ON "ledger_entries"  ("guild_id", "user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "member_activity" ("guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "message_count" bigint NOT NULL DEFAULT '0', "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5eece6d46efaac4a8b31f7c0871" PRIMARY KEY ("guild_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "member_balances" ("guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "balance" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_member_balances_non_negative" CHECK ("balance" >= 0), CONSTRAINT "PK_6ad80c482adcfd64b015755c0f6" PRIMARY KEY ("guild_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "member_groups" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "name" character varying(32) NOT NULL, "name_key" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ddf78b9b546f69a87a7dcd3823" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_member_groups_name" ON "member_groups"  ("guild_id", "name_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "message_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "channel_id" bigint NOT NULL, "user_id" bigint NOT NULL, "message_id" bigint NOT NULL, "content" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f89fb3fddab953711137ce8b62c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_message_log_created" ON "message_log"  ("guild_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_message_log_member" ON "message_log"  ("guild_id", "user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tags" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "name" character varying(32) NOT NULL, "name_key" character varying(32) NOT NULL, "response" character varying(2000) NOT NULL, "created_by" bigint NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "mod_only" boolean NOT NULL DEFAULT false, "group_id" integer, "cooldown_seconds" integer NOT NULL DEFAULT '0', "uses" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e7dc17249a1148a1970748eda99" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_tags_name" ON "tags"  ("guild_id", "name_key") `);
    await queryRunner.query(
      `CREATE TABLE "user_preferences" ("discord_user_id" bigint NOT NULL, "private_replies" boolean NOT NULL DEFAULT false, "dm_on_case" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1d3ddbec2416b56f37b93f7d604" PRIMARY KEY ("discord_user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "variables" ("guild_id" bigint NOT NULL, "name" character varying(64) NOT NULL, "type" character varying(16) NOT NULL, "scope" character varying(16) NOT NULL DEFAULT 'persistent', "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e30be56fedee53a1d692a924b0" PRIMARY KEY ("guild_id", "name"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_variables_session" ON "variables"  ("guild_id") WHERE scope = 'session'`,
    );
    await queryRunner.query(
      `ALTER TABLE "guild_configs" ADD "message_log_enabled" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "guild_configs" ADD "retention_days" integer NOT NULL DEFAULT '30'`);
    await queryRunner.query(`ALTER TABLE "guild_configs" ADD "daily_reward" integer NOT NULL DEFAULT '100'`);
    await queryRunner.query(`ALTER TABLE "guild_configs" ADD "max_amount" bigint NOT NULL DEFAULT '1000000'`);
    await queryRunner.query(
      `ALTER TABLE "group_members" ADD CONSTRAINT "FK_2c840df5db52dc6b4a1b0b69c6e" FOREIGN KEY ("group_id") REFERENCES "member_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "member_balances" ADD CONSTRAINT "FK_bbb9d9a362e52d67464f38cbe62" FOREIGN KEY ("guild_id") REFERENCES "guilds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tags" ADD CONSTRAINT "FK_8daed86216f3728d44a49f171bf" FOREIGN KEY ("group_id") REFERENCES "member_groups"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tags" DROP CONSTRAINT "FK_8daed86216f3728d44a49f171bf"`);
    await queryRunner.query(`ALTER TABLE "member_balances" DROP CONSTRAINT "FK_bbb9d9a362e52d67464f38cbe62"`);
    await queryRunner.query(`ALTER TABLE "group_members" DROP CONSTRAINT "FK_2c840df5db52dc6b4a1b0b69c6e"`);
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "max_amount"`);
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "daily_reward"`);
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "retention_days"`);
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "message_log_enabled"`);
    await queryRunner.query(`DROP INDEX "public"."ix_variables_session"`);
    await queryRunner.query(`DROP TABLE "variables"`);
    await queryRunner.query(`DROP TABLE "user_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."ux_tags_name"`);
    await queryRunner.query(`DROP TABLE "tags"`);
    await queryRunner.query(`DROP INDEX "public"."ix_message_log_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_message_log_created"`);
    await queryRunner.query(`DROP TABLE "message_log"`);
    await queryRunner.query(`DROP INDEX "public"."ux_member_groups_name"`);
    await queryRunner.query(`DROP TABLE "member_groups"`);
    await queryRunner.query(`DROP TABLE "member_balances"`);
    await queryRunner.query(`DROP TABLE "member_activity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_member"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_guild_events_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_guild_events_user"`);
    await queryRunner.query(`DROP TABLE "guild_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_group_members_user"`);
    await queryRunner.query(`DROP TABLE "group_members"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cooldowns_expiry"`);
    await queryRunner.query(`DROP TABLE "cooldowns"`);
  }
}
