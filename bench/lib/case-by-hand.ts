import type { Pool } from "pg";
import type { DatabaseService } from "../../src/database/database-service";

/** `GuildController.placeholderTaking`, word for word: the guild row ensured, a placeholder number taken. */
const TAKE_PLACEHOLDER = `ensured AS (INSERT INTO "guilds" ("id") SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM "guilds" WHERE "id" = $1)
        ON CONFLICT ("id") DO NOTHING),
      taken AS (SELECT -nextval('case_number_placeholders')::integer AS case_counter, now() AS taken_at)`;

/** RepeatGuard.recordAction: one member's cases are recorded one at a time, across processes. */
const LOCK_MEMBER = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
/** RepeatGuard's look at the member's newest case (is this a retry of it?), with the columns it decides on. */
const NEWEST_CASE = `SELECT "id", "type", "reason", ("pending" OR "created_at" > now() - make_interval(secs => $3)) AS fresh
         FROM "cases" WHERE "guild_id" = $1 AND "target_id" = $2 AND NOT "voided"
        ORDER BY "number" DESC LIMIT 1`;

/**
 * `CaseController.createCaseNumberedAtCommit` for a case that refers to nothing: inserted with a placeholder
 * number (the trigger of migration CaseNumberAtCommit numbers it in COMMIT), the columns in its order
 * (EntitySql.insertFrom keeps the row's, then the number).
 */
const INSERT_CASE_NUMBERED_AT_COMMIT =
  `WITH ${TAKE_PLACEHOLDER} INSERT INTO "cases" ("guild_id", "type", "target_id", "target_name", ` +
  `"moderator_id", "reason", "expires_at", "ref_case_id", "pending", "number") ` +
  `SELECT $2, $3, $4, $5, $6, $7, $8, $9, $10, taken.case_counter FROM taken`;
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
 * What `/warn` records (`RepeatGuard.recordAction` → `CaseController.createCaseNumberedAtCommit`, a case that
 * refers to nothing), written by hand on a plain `pg.Pool`: BEGIN; lock the member; read their newest case;
 * insert the case with a placeholder number; COMMIT (the trigger numbers it there); read the number back.
 * Resolves with the case's number.
 */
export async function recordCaseByHand(pool: Pool, input: HandCase): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(LOCK_MEMBER, [`member-cases:${input.guildId}:${input.targetId}`]);
    await client.query(NEWEST_CASE, [input.guildId, input.targetId, 60]);
    const inserted = await client.query<{ id: number }>(`${INSERT_CASE_NUMBERED_AT_COMMIT} RETURNING "id"`, [
      input.guildId,
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
    const id = inserted.rows[0]?.id;
    if (id === undefined) throw new Error("case insert returned no row");
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

const normalized = (sql: string): string => sql.replace(/\s+/g, " ").trim();

/**
 * Records a case once and throws unless it sent the statements `recordCaseByHand` sends (the newest-case
 * read and the INSERT may return more columns): a change to the controllers must not leave the baseline
 * measuring something else.
 */
export async function checkSameStatements(
  db: DatabaseService,
  createCase: () => Promise<unknown>,
): Promise<void> {
  const { statements } = await db.queries.record(createCase);
  const [begin, lock, newest, insert, commit, read, ...extra] = statements.map(normalized);
  const same =
    begin === "START TRANSACTION" &&
    lock === normalized(LOCK_MEMBER) &&
    newest?.startsWith("SELECT ") === true &&
    newest.includes(
      'FROM "cases" WHERE "guild_id" = $1 AND "target_id" = $2 AND NOT "voided" ORDER BY "number" DESC LIMIT 1',
    ) &&
    insert?.startsWith(`${normalized(INSERT_CASE_NUMBERED_AT_COMMIT)} RETURNING `) === true &&
    commit === "COMMIT" &&
    read === normalized(READ_NUMBER) &&
    extra.length === 0;
  if (!same) {
    throw new Error(
      `recording a /warn case no longer sends what bench/lib/case-by-hand.ts writes by hand:\n${statements.join("\n")}`,
    );
  }
}
