import type { MigrationInterface, QueryRunner } from "typeorm";

export class RaidMode1796170707866 implements MigrationInterface {
  name = "RaidMode1796170707866";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "raid_settings" ("guild_id" bigint NOT NULL, "joins" integer NOT NULL, "seconds" integer NOT NULL, "action" character varying(8) NOT NULL, "quiet_seconds" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a6358905636983911236cf13e9" PRIMARY KEY ("guild_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "raids" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "started_by" bigint, "reason" character varying(400), "action" character varying(8) NOT NULL, "quiet_seconds" integer, "last_surge_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by" bigint, "locked_at" TIMESTAMP WITH TIME ZONE, "unlocked_at" TIMESTAMP WITH TIME ZONE, "acted_on" integer NOT NULL DEFAULT '0', "skipped" integer NOT NULL DEFAULT '0', "claimed_until" TIMESTAMP WITH TIME ZONE, "claim_token" uuid, CONSTRAINT "PK_8127a074d4225c32f9fc6e2f2a5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_raids_active_guild" ON "raids"  ("guild_id") WHERE ended_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_raids_active_guild"`);
    await queryRunner.query(`DROP TABLE "raids"`);
    await queryRunner.query(`DROP TABLE "raid_settings"`);
  }
}
