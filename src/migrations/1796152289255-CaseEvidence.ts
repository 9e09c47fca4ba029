import type { MigrationInterface, QueryRunner } from "typeorm";

export class CaseEvidence1796152289255 implements MigrationInterface {
  name = "CaseEvidence1796152289255";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_evidence" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" integer NOT NULL, "kind" character varying(8) NOT NULL, "url" character varying(2048) NOT NULL, "file_name" character varying(256), "size_bytes" integer, "sha256" character(64), "added_by" bigint NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e55406e1eb2dce1502f4e1f634" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_case_evidence_case" ON "case_evidence"  ("case_id", "id") `);
    await queryRunner.query(
      `ALTER TABLE "case_evidence" ADD CONSTRAINT "FK_3a9c4f87d3146ebab13d1d9cad7" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_evidence" DROP CONSTRAINT "FK_3a9c4f87d3146ebab13d1d9cad7"`);
    await queryRunner.query(`DROP INDEX "public"."ix_case_evidence_case"`);
    await queryRunner.query(`DROP TABLE "case_evidence"`);
  }
}
