import type { MigrationInterface, QueryRunner } from "typeorm";

export class TagGroupNoAction1796124135053 implements MigrationInterface {
  name = "TagGroupNoAction1796124135053";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tags" DROP CONSTRAINT "FK_8daed86216f3728d44a49f171bf"`);
    await queryRunner.query(
      `ALTER TABLE "tags" ADD CONSTRAINT "FK_8daed86216f3728d44a49f171bf" FOREIGN KEY ("group_id") REFERENCES "member_groups"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tags" DROP CONSTRAINT "FK_8daed86216f3728d44a49f171bf"`);
    await queryRunner.query(
      `ALTER TABLE "tags" ADD CONSTRAINT "FK_8daed86216f3728d44a49f171bf" FOREIGN KEY ("group_id") REFERENCES "member_groups"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }
}
