import type { MigrationInterface, QueryRunner } from "typeorm";

export class ProcessHeartbeat1796194797846 implements MigrationInterface {
  name = "ProcessHeartbeat1796194797846";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "process_boots" ADD "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(`ALTER TABLE "process_boots" ADD "shard_ids" integer array`);
    await queryRunner.query(
      `ALTER TABLE "process_boots" ADD "version" character varying(64) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(`ALTER TABLE "process_boots" ADD "schema_version" character varying(255)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "process_boots" DROP COLUMN "schema_version"`);
    await queryRunner.query(`ALTER TABLE "process_boots" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "process_boots" DROP COLUMN "shard_ids"`);
    await queryRunner.query(`ALTER TABLE "process_boots" DROP COLUMN "last_seen_at"`);
  }
}
