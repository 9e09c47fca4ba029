import type { MigrationInterface, QueryRunner } from "typeorm";

export class RolePersistence1796152770086 implements MigrationInterface {
  name = "RolePersistence1796152770086";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_role_holdings" ("guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "role_ids" bigint array NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3ec34a121ddd3e2021262f2d4a4" PRIMARY KEY ("guild_id", "user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "guild_configs" ADD "persistent_role_ids" bigint array NOT NULL DEFAULT '{}'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "guild_configs" DROP COLUMN "persistent_role_ids"`);
    await queryRunner.query(`DROP TABLE "member_role_holdings"`);
  }
}
