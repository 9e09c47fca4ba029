import type { MigrationInterface, QueryRunner } from "typeorm";

export class Operations1795693175458 implements MigrationInterface {
  name = "Operations1795693175458";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_joins" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "invite_code" character varying(32), "inviter_id" bigint, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aad501e97d793cbf1026d80dd4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_member_joins_member" ON "member_joins"  ("guild_id", "user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_member_joins_guild_time" ON "member_joins"  ("guild_id", "joined_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "usage_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint, "user_id" bigint NOT NULL, "command" character varying(100) NOT NULL, "outcome" character varying(16) NOT NULL, "latency_ms" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c9f17d50873fab2c46615f542bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_usage_events_time" ON "usage_events"  ("created_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_usage_events_guild_time" ON "usage_events"  ("guild_id", "created_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_usage_events_guild_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_events_time"`);
    await queryRunner.query(`DROP TABLE "usage_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_joins_guild_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_joins_member"`);
    await queryRunner.query(`DROP TABLE "member_joins"`);
  }
}
