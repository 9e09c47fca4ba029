import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Which command made a restore row: `/lockdown end` undoes only what `/lockdown start` did. Rows from
 * before count as a moderator's own command, so an older lockdown's channels open with `/unlock`.
 */
export class ChannelRestoreOrigin1796162111622 implements MigrationInterface {
  name = "ChannelRestoreOrigin1796162111622";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "channel_restores" ADD "origin" character varying(16) NOT NULL DEFAULT 'command'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "channel_restores" DROP COLUMN "origin"`);
  }
}
