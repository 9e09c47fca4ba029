import type { MigrationInterface, QueryRunner } from "typeorm";

export class UserLastSeenIndex1795684777845 implements MigrationInterface {
  name = "UserLastSeenIndex1795684777845";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_users_last_seen" ON "users"  ("last_seen_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_users_last_seen"`);
  }
}
