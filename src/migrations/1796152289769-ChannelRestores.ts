import type { MigrationInterface, QueryRunner } from "typeorm";

export class ChannelRestores1796152289769 implements MigrationInterface {
  name = "ChannelRestores1796152289769";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "channel_restores" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "channel_id" bigint NOT NULL, "kind" character varying(16) NOT NULL, "previous_slowmode" integer, "previous_allow" bigint, "previous_deny" bigint, "moderator_id" bigint NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "claimed_until" TIMESTAMP WITH TIME ZONE, "claim_token" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_channel_restores_channel_kind" UNIQUE ("guild_id", "channel_id", "kind"), CONSTRAINT "PK_2f51fb233b4773bb486b026ff96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_channel_restores_due" ON "channel_restores"  ("expires_at") WHERE expires_at IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "guild_configs" ADD "lockdown_channel_ids" bigint array NOT NULL DEFAULT '{}'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "lockdown_channel_ids"`);
    await queryRunner.query(`DROP INDEX "public"."ix_channel_restores_due"`);
    await queryRunner.query(`DROP TABLE "channel_restores"`);
  }
}
