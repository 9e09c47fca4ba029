import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Numbering a case as its transaction commits: a case inserted with a negative placeholder number gets the
 * guild's next number from a deferred constraint trigger, so the guild's counter row is locked only inside
 * COMMIT (no client round trip while other moderators wait on it). Placeholders come from a cycling sequence:
 * they live only until their transaction commits, so they never meet.
 */
export class CaseNumberAtCommit1796262000000 implements MigrationInterface {
  name = "CaseNumberAtCommit1796262000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE SEQUENCE "case_number_placeholders" AS integer MINVALUE 1 MAXVALUE 2147483647 CYCLE`,
    );
    await queryRunner.query(`CREATE FUNCTION "number_case_at_commit"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        taken integer;
      BEGIN
        INSERT INTO "guilds" ("id", "case_counter") VALUES (NEW."guild_id", 1)
          ON CONFLICT ("id") DO UPDATE SET "case_counter" = "guilds"."case_counter" + 1
          RETURNING "case_counter" INTO taken;
        UPDATE "cases" SET "number" = taken WHERE "id" = NEW."id";
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER "tr_cases_number_at_commit" AFTER INSERT ON "cases"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW."number" < 0)
        EXECUTE FUNCTION "number_case_at_commit"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_cases_number_at_commit" ON "cases"`);
    await queryRunner.query(`DROP FUNCTION "number_case_at_commit"()`);
    await queryRunner.query(`DROP SEQUENCE "case_number_placeholders"`);
  }
}
