import type { Pool } from "pg";
import type { DatabaseService } from "../../src/database/database-service";

/** The guild counter bump of `GuildController.takeNextCaseNumber`, word for word. */
const TAKE_NUMBER = `INSERT INTO "guilds" ("id", "case_counter") VALUES ($1, 1)
       ON CONFLICT ("id") DO UPDATE SET "case_counter" = "guilds"."case_counter" + 1
       RETURNING "case_counter" AS case_counter, now() AS taken_at`;

/** RepeatGuard.recordAction: one member's cases are recorded one at a time, across processes. */
const LOCK_MEMBER = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
/** RepeatGuard's look at the member's newest case (is this a retry of it?), with the columns it decides on. */
const NEWEST_CASE = `SELECT "id", "type", "reason", ("pending" OR "created_at" > now() - make_interval(secs => $3)) AS fresh
         FROM "cases" WHERE "guild_id" = $1 AND "target_id" = $2 AND NOT "voided"
        ORDER BY "number" DESC LIMIT 1`;

/** The columns `CaseController.createCase` gives `create()`, in its order (EntitySql.inserts keeps it). */
const INSERT_CASE =
  `INSERT INTO "cases" ("guild_id", "number", "type", "target_id", "target_name", "moderator_id", "reason", ` +
  `"expires_at", "ref_case_id", "pending") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

export interface HandCase {
  guildId: string;
  type: string;
  targetId: string;
  targetName: string;
  moderatorId: string;
  reason: string;
}

/**
 * What `/warn` records (`RepeatGuard.recordAction` → `CaseController.createCase`, a case that refers to
 * nothing), written by hand on a plain `pg.Pool`: BEGIN; lock the member; read their newest case; take the
 * guild's next number (the row stays locked); insert the case; COMMIT. Resolves with the case's number.
 */
export async function recordCaseByHand(pool: Pool, input: HandCase): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(LOCK_MEMBER, [`member-cases:${input.guildId}:${input.targetId}`]);
    await client.query(NEWEST_CASE, [input.guildId, input.targetId, 60]);
    const counter = await client.query<{ case_counter: number }>(TAKE_NUMBER, [input.guildId]);
    const number = counter.rows[0]?.case_counter;
    if (number === undefined) throw new Error("case counter update returned no row");
    await client.query(`${INSERT_CASE} RETURNING "id"`, [
      input.guildId,
      number,
      input.type,
      input.targetId,
      input.targetName,
      input.moderatorId,
      input.reason,
      null,
      null,
      false,
    ]);
    await client.query("COMMIT");
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
  const [begin, lock, newest, take, insert, commit, ...extra] = statements.map(normalized);
  const same =
    begin === "START TRANSACTION" &&
    lock === normalized(LOCK_MEMBER) &&
    newest?.startsWith("SELECT ") === true &&
    newest.includes(
      'FROM "cases" WHERE "guild_id" = $1 AND "target_id" = $2 AND NOT "voided" ORDER BY "number" DESC LIMIT 1',
    ) &&
    take === normalized(TAKE_NUMBER) &&
    insert?.startsWith(`${normalized(INSERT_CASE)} RETURNING `) === true &&
    commit === "COMMIT" &&
    extra.length === 0;
  if (!same) {
    throw new Error(
      `recording a /warn case no longer sends what bench/lib/case-by-hand.ts writes by hand:\n${statements.join("\n")}`,
    );
  }
}
