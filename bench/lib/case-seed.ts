import { Client } from "pg";

/**
 * `count` cases in guild `guildId`, made by PostgreSQL itself (generate_series): every kind, long and short
 * reasons, tempbans, voided cases, references (every 10th case refers to the one 3 before) and edit
 * history (reason changes, links, voids). The guild's counter is set past them.
 */
export async function seedCases(databaseUrl: string, guildId: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO guilds (id, case_counter) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET case_counter = GREATEST(guilds.case_counter, $2)`,
      [guildId, count],
    );
    await client.query(
      `INSERT INTO cases (guild_id, number, type, target_id, moderator_id, reason, created_at, updated_at,
                          expires_at, processed, voided, settle_note)
       SELECT $1, n, (ARRAY['warn','note','timeout','kick','ban','unban','softban','untimeout'])[1 + n % 8]::case_type,
              100000000000000000 + n % 997, 200000000000000000 + n % 7,
              CASE WHEN n % 50 = 0 THEN NULL
                   WHEN n % 13 = 0 THEN '=HYPERLINK("http://x", "click") ' || n
                   ELSE 'reason ' || n || ', "quoted"' || repeat(' spam', n % 9) END,
              timestamp '2026-01-01 00:00:00.123456+00' + n * interval '1 minute 0.000001 second',
              timestamp '2026-01-01 00:00:00.123456+00' + n * interval '1 minute 0.000001 second' + interval '5 seconds',
              CASE WHEN n % 8 = 4 THEN timestamp '2026-01-02 00:00:00+00' + n * interval '1 minute' END,
              n % 8 = 4, n % 17 = 0, CASE WHEN n % 400 = 4 THEN 'the ban was already lifted' END
       FROM generate_series(1, $2::integer) AS n`,
      [guildId, count],
    );
    // The statistics may date from before these rows (other guilds' cases only): by them, the lookups below
    // would scan the guild's (guild, created_at) index for each referring case.
    await client.query("ANALYZE cases");
    await client.query(
      // A lookup by (guild, number) per referring case: joined, the planner (no statistics yet for the rows
      // just inserted) took a nested loop over the whole guild for each of them.
      `UPDATE cases c SET ref_case_id = (SELECT r.id FROM cases r WHERE r.guild_id = $1 AND r.number = c.number - 3)
        WHERE c.guild_id = $1 AND c.number % 10 = 0`,
      [guildId],
    );
    await client.query(
      `INSERT INTO case_edits (case_id, editor_id, field, before, after, note, edited_at)
       SELECT id, moderator_id, 'reason', 'first reason', reason, NULL, created_at + interval '1 minute'
         FROM cases WHERE guild_id = $1 AND number % 7 = 0
       UNION ALL
       SELECT id, moderator_id, 'refCaseId', NULL, ref_case_id::text, NULL, created_at + interval '2 minutes'
         FROM cases WHERE guild_id = $1 AND ref_case_id IS NOT NULL
       UNION ALL
       SELECT id, moderator_id, 'voided', 'false', 'true', 'recorded by mistake', created_at + interval '3 minutes'
         FROM cases WHERE guild_id = $1 AND voided
       ORDER BY 7`,
      [guildId],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    await client.end();
  }
}

/** Every case of the guild with its reference and history, by number, for comparing two guilds row by row. */
export async function casesOf(
  databaseUrl: string,
  guildId: string,
): Promise<{ cases: unknown[]; edits: unknown[] }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const cases = await client.query(
      `SELECT c.number, c.type, c.target_id, c.moderator_id, c.reason, c.created_at::text, c.updated_at::text,
              c.expires_at::text, c.processed, c.voided, c.pending, c.settle_note, r.number AS refers_to
         FROM cases c LEFT JOIN cases r ON r.id = c.ref_case_id WHERE c.guild_id = $1 ORDER BY c.number`,
      [guildId],
    );
    const edits = await client.query(
      `SELECT c.number, e.editor_id, e.field, e.note, e.edited_at::text,
              CASE WHEN e.field = 'refCaseId' THEN (SELECT number::text FROM cases WHERE id = e.before::integer) ELSE e.before END AS before,
              CASE WHEN e.field = 'refCaseId' THEN (SELECT number::text FROM cases WHERE id = e.after::integer) ELSE e.after END AS after
         FROM case_edits e JOIN cases c ON c.id = e.case_id WHERE c.guild_id = $1 ORDER BY c.number, e.id`,
      [guildId],
    );
    return { cases: cases.rows, edits: edits.rows };
  } finally {
    await client.end();
  }
}
