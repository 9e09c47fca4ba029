import type { MigrationInterface, QueryRunner } from "typeorm";

export class InstallSecrets1796126429310 implements MigrationInterface {
  name = "InstallSecrets1796126429310";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "install_secrets" ("name" character varying(64) NOT NULL, "value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_037484c4a07b3be831384047c93" PRIMARY KEY ("name"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "install_secrets"`);
  }
}
