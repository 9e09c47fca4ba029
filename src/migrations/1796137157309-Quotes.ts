import type { MigrationInterface, QueryRunner } from "typeorm";

export class Quotes1796137157309 implements MigrationInterface {
  name = "Quotes1796137157309";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "quotes" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "guild_id" bigint NOT NULL, "text" character varying(500) NOT NULL, "author_id" bigint, "added_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_99a0e8bcbcd8719d3a41f23c263" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_quotes_guild_author" ON "quotes"  ("guild_id", "author_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_quotes_guild_author"`);
    await queryRunner.query(`DROP TABLE "quotes"`);
  }
}
