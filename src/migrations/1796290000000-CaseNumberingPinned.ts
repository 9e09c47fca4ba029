import type { MigrationInterface, QueryRunner } from "typeorm";

/** The body of CaseNumberAtCommit's trigger function, as that migration created it. */
const UNPINNED = `CREATE OR REPLACE FUNCTION "number_case_at_commit"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        taken integer;
      BEGIN
        INSERT INTO "guilds" ("id", "case_counter") VALUES (NEW."guild_id", 1)
          ON CONFLICT ("id") DO UPDATE SET "case_counter" = "guilds"."case_counter" + 1
          RETURNING "case_counter" INTO taken;
        UPDATE "cases" SET "number" = taken WHERE "id" = NEW."id";
        RETURN NULL;
      END $$`;

/**
 * The numbering trigger of CaseNumberAtCommit, made independent of its session:
 * - it names its tables through the search_path of the migration (`SET search_path FROM CURRENT`), not
 *   through whatever path the committing session has by then (a role's or database's setting, a pooled
 *   session someone changed, a trigger fired before it), which could fail the COMMIT or reach another
 *   schema's tables;
 * - it takes a number only for a case that is still there with its placeholder, so a case deleted (or
 *   numbered otherwise) in its own transaction leaves no gap in the guild's numbers.
 */
export class CaseNumberingPinned1796290000000 implements MigrationInterface {
  name = "CaseNumberingPinned1796290000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "number_case_at_commit"() RETURNS trigger LANGUAGE plpgsql
      SET search_path FROM CURRENT AS $$
      DECLARE
        taken integer;
      BEGIN
        PERFORM 1 FROM "cases" WHERE "id" = NEW."id" AND "number" < 0;
        IF NOT FOUND THEN
          RETURN NULL;
        END IF;
        INSERT INTO "guilds" ("id", "case_counter") VALUES (NEW."guild_id", 1)
          ON CONFLICT ("id") DO UPDATE SET "case_counter" = "guilds"."case_counter" + 1
          RETURNING "case_counter" INTO taken;
        UPDATE "cases" SET "number" = taken WHERE "id" = NEW."id";
        RETURN NULL;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // CREATE OR REPLACE sets every property it does not name back to its default: the SET clause goes too.
    await queryRunner.query(UNPINNED);
  }
}
