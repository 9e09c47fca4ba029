import type { MigrationInterface, QueryRunner } from "typeorm";

export class DashboardQueues1796194214029 implements MigrationInterface {
  name = "DashboardQueues1796194214029";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_member_joins_inviter" ON "member_joins"  ("guild_id", "inviter_id") WHERE inviter_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appeals_guild_status" ON "appeals"  ("guild_id", "status", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_appeals_guild_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_joins_inviter"`);
  }
}
