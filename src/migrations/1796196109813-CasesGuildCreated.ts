import type { MigrationInterface, QueryRunner } from "typeorm";

export class CasesGuildCreated1796196109813 implements MigrationInterface {
  name = "CasesGuildCreated1796196109813";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_cases_guild_created" ON "cases"  ("guild_id", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cases_guild_created"`);
  }
}
