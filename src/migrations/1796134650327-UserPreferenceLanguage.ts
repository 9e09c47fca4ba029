import type { MigrationInterface, QueryRunner } from "typeorm";

export class UserPreferenceLanguage1796134650327 implements MigrationInterface {
  name = "UserPreferenceLanguage1796134650327";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_preferences" ADD "language" character varying(8)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_preferences" DROP COLUMN "language"`);
  }
}
