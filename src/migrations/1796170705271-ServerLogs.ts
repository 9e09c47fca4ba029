import type { MigrationInterface, QueryRunner } from "typeorm";

export class ServerLogs1796170705271 implements MigrationInterface {
  name = "ServerLogs1796170705271";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "log_channels" ("guild_id" bigint NOT NULL, "category" character varying(16) NOT NULL, "channel_id" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_20e5d85bb2a71f9ecd929604767" PRIMARY KEY ("guild_id", "category"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "log_outbox" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "channel_id" bigint NOT NULL, "category" character varying(16) NOT NULL, "kind" character varying(32) NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_until" TIMESTAMP WITH TIME ZONE, "claimed_by" uuid, CONSTRAINT "PK_5fa238b563cad3e35c1ef828161" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_log_outbox_channel" ON "log_outbox"  ("channel_id", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_log_outbox_channel"`);
    await queryRunner.query(`DROP TABLE "log_outbox"`);
    await queryRunner.query(`DROP TABLE "log_channels"`);
  }
}
