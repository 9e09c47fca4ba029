import type { MigrationInterface, QueryRunner } from "typeorm";

export class SessionBoots1796124373497 implements MigrationInterface {
  name = "SessionBoots1796124373497";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_variables_session"`);
    await queryRunner.query(
      `CREATE TABLE "process_boots" ("id" uuid NOT NULL, "host" character varying(255) NOT NULL, "pid" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4d8b387016ba6483cfce7fd48fb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "variables" ADD "boot_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_variables_boot" ON "variables"  ("boot_id") WHERE boot_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "variables" ADD CONSTRAINT "FK_fc134b2586f61852494528424c4" FOREIGN KEY ("boot_id") REFERENCES "process_boots"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "variables" DROP CONSTRAINT "FK_fc134b2586f61852494528424c4"`);
    await queryRunner.query(`DROP INDEX "public"."ix_variables_boot"`);
    await queryRunner.query(`ALTER TABLE "variables" DROP COLUMN "boot_id"`);
    await queryRunner.query(`DROP TABLE "process_boots"`);
    await queryRunner.query(
      `CREATE INDEX "ix_variables_session" ON "variables" USING btree ("guild_id") WHERE ((scope)::text = 'session'::text)`,
    );
  }
}
