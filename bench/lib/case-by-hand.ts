import type { Pool } from "pg";
import type { DatabaseService } from "../../src/database/database-service";

/** RepeatGuard.recordAction: one member's cases are recorded one at a time, across processes. */
const LOCK_MEMBER = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

/**
 * `CaseController.recordUnlessRepeated` for a warning that refers to nothing, numbered at commit: RepeatGuard's
 * look at the member's newest case (is this a retry of it? `$2` window seconds, `$3` type, `$4` reason, `$5`
 * member), then `GuildController.placeholderTaking` (the guild row ensured, a placeholder number taken unless
 * it repeats), then the insert in EntitySql.insertFrom's column order (the row's, then the number; the trigger
 * of migration CaseNumberAtCommit numbers it in COMMIT). Either the new case or the one it repeats comes back.
 */
const RECORD_UNLESS_REPEATED = `WITH newest AS (SELECT * FROM "cases"
      WHERE "guild_id" = $1 AND "target_id" = $5 AND NOT "voided"
      ORDER BY "number" DESC LIMIT 1),
    repeated AS (SELECT "id", "number" FROM newest WHERE ("pending" OR "created_at" > now() - make_interval(secs => $2))
      AND "type" = $3 AND "reason" IS NOT DISTINCT FROM $4::text),
    ensured AS (INSERT INTO "guilds" ("id") SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM "guilds" WHERE "id" = $1)
      ON CONFLICT ("id") DO NOTHING),
    taken AS (SELECT -nextval('case_number_placeholders')::integer AS case_counter, now() AS taken_at
      WHERE NOT EXISTS (SELECT 1 FROM repeated)),
    inserted AS (INSERT INTO "cases" ("guild_id", "type", "target_id", "target_name", "moderator_id", "reason",
      "expires_at", "ref_case_id", "pending", "number")
      SELECT $6, $7, $8, $9, $10, $11, $12, $13, $14, taken.case_counter FROM taken RETURNING "id", "number")
  SELECT false AS repeat, "id", "number" FROM inserted
  UNION ALL SELECT true AS repeat, "id", "number" FROM repeated`;
/** `CaseController.readNumberAfterCommit`. */
const READ_NUMBER = `SELECT "number" AS number FROM "cases" WHERE "id" = $1`;

export interface HandCase {
  guildId: string;
  type: string;
  targetId: string;
  targetName: string;
  moderatorId: string;
  reason: string;
}

/**
 * What `/warn` records (`RepeatGuard.recordAction` → `CaseController.recordUnlessRepeated`, a case that refers
 * to nothing), written by hand on a plain `pg.Pool`: BEGIN; lock the member; insert the case with a
 * placeholder number unless it repeats their newest; COMMIT (the trigger numbers it there); read the number
 * back. Resolves with the case's number.
 */
export async function recordCaseByHand(pool: Pool, input: HandCase): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(LOCK_MEMBER, [`member-cases:${input.guildId}:${input.targetId}`]);
    const recorded = await client.query<{ id: number; repeat: boolean }>(RECORD_UNLESS_REPEATED, [
      input.guildId,
      60,
      input.type,
      input.reason,
      input.targetId,
      input.guildId,
      input.type,
      input.targetId,
      input.targetName,
      input.moderatorId,
      input.reason,
      null,
      null,
      false,
    ]);
    const row = recorded.rows[0];
    if (row === undefined || row.repeat) throw new Error("the case was not inserted");
    const id = row.id;
    await client.query("COMMIT");
    const number = (await client.query<{ number: number }>(READ_NUMBER, [id])).rows[0]?.number;
    if (number === undefined) throw new Error("the committed case was not found");
    return number;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const normalized = (sql: string): string => sql.replace(/\s+/g, " ").replace(/\( /g, "(").trim();
/** The lists of columns a statement reads back, which the controller's may make longer. */
const withoutReadColumns = (sql: string): string =>
  normalized(sql).replace(/(repeated AS \(SELECT |RETURNING |AS repeat, )"[a-z_]+"(?:, "[a-z_]+")*/g, "$1…");

/**
 * Records a case once and throws unless it sent the statements `recordCaseByHand` sends (but for the columns
 * read back): a change to the controllers must not leave the baseline measuring something else.
 */
export async function checkSameStatements(
  db: DatabaseService,
  createCase: () => Promise<unknown>,
): Promise<void> {
  const { statements } = await db.queries.record(createCase);
  const [begin, lock, record, commit, read, ...extra] = statements;
  const same =
    begin === "START TRANSACTION" &&
    normalized(lock ?? "") === normalized(LOCK_MEMBER) &&
    withoutReadColumns(record ?? "") === withoutReadColumns(RECORD_UNLESS_REPEATED) &&
    commit === "COMMIT" &&
    normalized(read ?? "") === normalized(READ_NUMBER) &&
    extra.length === 0;
  if (!same) {
    throw new Error(
      `recording a /warn case no longer sends what bench/lib/case-by-hand.ts writes by hand:\n${statements.join("\n")}`,
    );
  }
}
