import { spawnSync } from "node:child_process";
import { populateAppeals } from "./appeal-backup-rows";
import type { DependencyContainer } from "tsyringe";
import { CaseAnnotations } from "../../src/controllers/case-annotations";
import { CaseController } from "../../src/controllers/case-controller";
import { EconomyController } from "../../src/controllers/economy-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { UserController } from "../../src/controllers/user-controller";
import type { DatabaseService } from "../../src/database/database-service";
import { makeCase, snowflake } from "./factories";
import { adminUrl } from "./test-database";

/** Rows in every application table: controllers where they exist, plain inserts for the rest. */
export async function populateEveryTable(container: DependencyContainer, db: DatabaseService): Promise<void> {
  for (let guild = 0; guild < 3; guild += 1) {
    const guildId = snowflake();
    const userId = snowflake();
    await container.resolve(GuildConfigController).update(guildId, { modLogChannelId: snowflake() });
    await container.resolve(GuildConfigController).addModeratorRole(guildId, snowflake());
    const { user } = await container
      .resolve(UserController)
      .getOrCreateByPlatform({ platform: "discord", platformUserId: userId, platformUsername: `u${guild}` });
    await container
      .resolve(UserController)
      .linkIdentity(user.id, { platform: "twitch", platformUserId: `t${guild}`, platformUsername: "k" });
    const first = await makeCase(container, { guildId, reason: "original" });
    for (let i = 0; i < 4 + guild; i += 1) await makeCase(container, { guildId, refersTo: first.number });
    await container.resolve(CaseController).editReason(guildId, first.number, snowflake(), "edited");
    await container.resolve(CaseAnnotations).addEvidence(guildId, first.number, snowflake(), {
      kind: "file",
      url: "https://cdn.discordapp.com/attachments/1/2/proof.png",
      fileName: "proof.png",
      sizeBytes: 5,
      sha256: "0".repeat(64),
    });
    await container.resolve(EconomyController).daily(guildId, userId);
    await container
      .resolve(EconomyController)
      .add(guildId, userId, 40n, snowflake(), 'bonus, "quoted"\nline');
    await insertCommunityRows(db, guildId, userId);
    await populateAppeals(container, guildId);
  }
}

async function insertCommunityRows(db: DatabaseService, guildId: string, userId: string): Promise<void> {
  const statements: Array<[string, unknown[]]> = [
    ["INSERT INTO variables (guild_id, name, type, value) VALUES ($1, 'counter', 'integer', '7')", [guildId]],
    [
      `WITH boot AS (INSERT INTO process_boots (id, host, pid, lease_until)
                     VALUES (gen_random_uuid(), 'host', 42, now() + interval '1 hour') RETURNING id)
       INSERT INTO variables (guild_id, name, type, scope, value, boot_id)
       SELECT $1, 'live', 'string', 'session', '"s"', id FROM boot`,
      [guildId],
    ],
    [
      `INSERT INTO restrictions (case_id, guild_id, target_id, role_id, removed_role_ids)
       SELECT id, guild_id, target_id, $2, ARRAY[$2, $1]::bigint[] FROM cases WHERE guild_id = $1 AND number = 1`,
      [guildId, userId],
    ],
    [
      "INSERT INTO member_role_holdings (guild_id, user_id, role_ids) VALUES ($1, $2, ARRAY[$2]::bigint[])",
      [guildId, userId],
    ],
    ["INSERT INTO member_groups (guild_id, name, name_key) VALUES ($1, 'Helpers', 'helpers')", [guildId]],
    [
      `INSERT INTO channel_restores (guild_id, channel_id, kind, previous_allow, previous_deny, moderator_id, expires_at)
       VALUES ($1, $2, 'lock', 1024, 2048, $2, now() + interval '1 hour')`,
      [guildId, userId],
    ],
    [
      "INSERT INTO raid_settings (guild_id, joins, seconds, action, quiet_seconds) VALUES ($1, 10, 10, 'kick', 600)",
      [guildId],
    ],
    [
      `INSERT INTO raids (guild_id, started_by, reason, action, quiet_seconds, locked_at, acted_on, skipped)
       VALUES ($1, $2, 'spam wave', 'timeout', NULL, now(), 3, 1)`,
      [guildId, userId],
    ],
    [
      "INSERT INTO quotes (guild_id, text, author_id, added_by) VALUES ($1, E'Ship it.\\n— \\\\o/', $2, $2)",
      [guildId, userId],
    ],
    [
      `INSERT INTO reports (guild_id, reporter_id, target_id, reason, message_link, message_excerpt)
       VALUES ($1, $2, $1, E'spam\\n"quoted"', 'https://discord.com/channels/1/2/3', 'buy coins')`,
      [guildId, userId],
    ],
    [
      "INSERT INTO report_events (report_id, actor_id, status) SELECT id, $2, 'open' FROM reports WHERE guild_id = $1",
      [guildId, userId],
    ],
    ["INSERT INTO report_settings (guild_id, channel_id) VALUES ($1, $2)", [guildId, userId]],
    [
      `INSERT INTO dashboard_sessions (id_hash, user_id, user_name, guild_ids, expires_at)
       VALUES (encode(sha256(convert_to($1::text, 'UTF8')), 'hex'), $2, 'mod', ARRAY[$1]::bigint[], now() + interval '1 day')`,
      [guildId, userId],
    ],
    ["INSERT INTO report_blocks (guild_id, user_id, blocked_by) VALUES ($1, $2, $2)", [guildId, userId]],
    [
      "INSERT INTO group_members (group_id, user_id) SELECT id, $2 FROM member_groups WHERE guild_id = $1",
      [guildId, userId],
    ],
    [
      "INSERT INTO tags (guild_id, name, name_key, response, created_by, group_id) SELECT $1, 'Rules', 'rules', E'Read #rules\\t(tab) and \\\\ backslash', $2, id FROM member_groups WHERE guild_id = $1",
      [guildId, userId],
    ],
    [
      "INSERT INTO member_activity (guild_id, user_id, message_count, last_seen_at) VALUES ($1, $2, 3, now())",
      [guildId, userId],
    ],
    [
      "INSERT INTO member_activity_hours (guild_id, hour, user_id, message_count) VALUES ($1, date_trunc('hour', now()), $2, 3)",
      [guildId, userId],
    ],
    [
      "INSERT INTO message_log (guild_id, channel_id, user_id, message_id, content) VALUES ($1, $1, $2, $2, '')",
      [guildId, userId],
    ],
    [
      "INSERT INTO log_channels (guild_id, category, channel_id) VALUES ($1, 'messages', $2)",
      [guildId, userId],
    ],
    [
      `INSERT INTO log_outbox (guild_id, channel_id, category, kind, details, claimed_by, claimed_until)
       VALUES ($1, $2, 'messages', 'message_delete', '{"content":"a\\tb"}', gen_random_uuid(), now())`,
      [guildId, userId],
    ],
    [
      "INSERT INTO guild_events (guild_id, type, user_id, details) VALUES ($1, 'member_join', $2, '{\"a\":[1,null,\"x\"]}')",
      [guildId, userId],
    ],
    ["INSERT INTO user_preferences (discord_user_id, private_replies) VALUES ($1, true)", [userId]],
    [
      "INSERT INTO usage_events (guild_id, user_id, command, outcome, latency_ms) VALUES ($1, $2, '/ping', 'ok', 3)",
      [guildId, userId],
    ],
    [
      "INSERT INTO usage_daily (scope, dimension, day, key, uses) VALUES ($1, 'command', current_date, '/ping', 1)",
      [guildId],
    ],
    [
      "INSERT INTO usage_totals (scope, dimension, key, uses) VALUES ($1, 'user', $2::text, 1)",
      [guildId, userId],
    ],
    // The hour before the mark, which the window counts: no hour from the mark on, so moving the windows to
    // end at the mark (migration UsageWindowsUpToMark) and back changes nothing here (usage-windows.test
    // checks what it does to windows that counted the current hour).
    [
      "INSERT INTO usage_hourly (scope, dimension, hour, key, uses) VALUES ($1, 'command', date_trunc('hour', now(), 'UTC') - interval '1 hour', '/ping', 1)",
      [guildId],
    ],
    [
      "INSERT INTO usage_window_mark (id, hour) VALUES (1, date_trunc('hour', now(), 'UTC')) ON CONFLICT DO NOTHING",
      [],
    ],
    [
      "INSERT INTO usage_window (scope, dimension, span, key, uses) VALUES ($1, 'command', 24, '/ping', 1)",
      [guildId],
    ],
    [
      "INSERT INTO member_joins (guild_id, user_id, invite_code, inviter_id) VALUES ($1, $2, 'abc', $2)",
      [guildId, userId],
    ],
    [
      "INSERT INTO install_secrets (name, value) VALUES ('fixture', 'c2VjcmV0LWJ5dGVzLWZvci10ZXN0cw') ON CONFLICT DO NOTHING",
      [],
    ],
    [
      `INSERT INTO automod_rules (guild_id, rule, enabled, actions, "limit", window_seconds, patterns, exempt_role_ids)
       VALUES ($1, 'words', true, '{delete,warn}', 1, 60, ARRAY['scam', '/fr[e3]{2}\\s+n[i1]tro/'], ARRAY[$1]::bigint[])`,
      [guildId],
    ],
    [
      "INSERT INTO automod_ladders (guild_id, warns, window_seconds, timeout_seconds) VALUES ($1, 3, 3600, 3600)",
      [guildId],
    ],
  ];
  for (const [sql, params] of statements) await db.sql(sql, params);
}

export async function applicationTables(db: DatabaseService): Promise<string[]> {
  const result = await db.sql<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'migrations' ORDER BY 1",
  );
  return result.rows.map((row) => row.name);
}

/** Every row of every table (the migrations log included), as JSON, ordered by primary key. */
export async function snapshotTables(db: DatabaseService): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of [...(await applicationTables(db)), "migrations"]) {
    const key = await db.sql<{ column: string }>(
      `SELECT quote_ident(a.attname) AS column FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      [table],
    );
    const order = key.rows.length > 0 ? key.rows.map((row) => row.column).join(", ") : "t::text";
    const rows = await db.sql<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t ORDER BY ${order}`,
    );
    out[table] = rows.rows.map((row) => row.row);
  }
  return out;
}

/**
 * Whether pg_dump on PATH can dump the server under test, decided before the tests are declared (so
 * each format gets its own describe): pg_dump's major version must be at least the server's.
 */
export function pgDumpUsableSync(): { usable: boolean; reason: string } {
  const version = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  const major = /(\d+)(?:\.\d+)?/.exec(version.stdout ?? "")?.[1];
  if (version.status !== 0 || major === undefined) return { usable: false, reason: "pg_dump is not on PATH" };
  const script =
    "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1]});" +
    "c.connect().then(()=>c.query('SHOW server_version_num')).then(r=>{process.stdout.write(r.rows[0].server_version_num);return c.end();})";
  const server = spawnSync(process.execPath, ["-e", script, adminUrl()], { encoding: "utf8" });
  const serverMajor = Math.floor(Number(server.stdout) / 10_000);
  if (!serverMajor) throw new Error(`could not read the test server's version: ${server.stderr}`);
  return Number(major) >= serverMajor
    ? { usable: true, reason: `pg_dump ${major} against PostgreSQL ${serverMajor}` }
    : { usable: false, reason: `pg_dump ${major} is older than PostgreSQL ${serverMajor}` };
}
