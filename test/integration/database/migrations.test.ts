import type { DependencyContainer } from "tsyringe";
import { buildContainer } from "../../../src/container";
import { CaseController } from "../../../src/controllers/case-controller";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { UserController } from "../../../src/controllers/user-controller";
import { DatabaseService } from "../../../src/database/database-service";
import { createLogger } from "../../../src/logger";
import { MIGRATIONS } from "../../../src/migrations";
import { makeCase, snowflake } from "../../support/factories";
import { createDatabase, dropDatabase, testConfig } from "../../support/test-database";

const name = `warden_roundtrip_${process.env.JEST_WORKER_ID ?? 0}`;
let container: DependencyContainer;
let db: DatabaseService;

beforeAll(async () => {
  const url = await createDatabase(name, { migrated: false });
  const config = testConfig({ DATABASE_URL: url });
  container = buildContainer(config, createLogger(config.LOG_LEVEL));
  db = container.resolve(DatabaseService);
  await db.start();
});

afterAll(async () => {
  await db.close();
  await dropDatabase(name);
});

async function populate(): Promise<void> {
  const guildId = snowflake();
  await container.resolve(GuildConfigController).update(guildId, { modLogChannelId: snowflake() });
  const { user } = await container
    .resolve(UserController)
    .getOrCreateByPlatform({ platform: "discord", platformUserId: snowflake(), platformUsername: "keep-me" });
  await container
    .resolve(UserController)
    .linkIdentity(user.id, { platform: "twitch", platformUserId: "t1", platformUsername: "k" });
  const first = await makeCase(container, { guildId, reason: "original" });
  await makeCase(container, { guildId, refersTo: first.number });
  await container.resolve(CaseController).editReason(guildId, first.number, snowflake(), "edited");
  await populateCommunity(guildId, snowflake());
}

/** A row in each community table (written directly: this test is about the schema, not the controllers). */
async function populateCommunity(guildId: string, userId: string): Promise<void> {
  const statements: Array<[string, unknown[]]> = [
    ["INSERT INTO member_balances (guild_id, user_id, balance) VALUES ($1, $2, 250)", [guildId, userId]],
    [
      "INSERT INTO ledger_entries (guild_id, user_id, kind, delta, balance_after, actor_id) VALUES ($1, $2, 'daily', 250, 250, NULL)",
      [guildId, userId],
    ],
    ["INSERT INTO variables (guild_id, name, type, value) VALUES ($1, 'counter', 'integer', '7')", [guildId]],
    [
      "INSERT INTO cooldowns (guild_id, user_id, action, expires_at) VALUES ($1, $2, 'daily', now() + interval '1 day')",
      [guildId, userId],
    ],
    ["INSERT INTO member_groups (guild_id, name, name_key) VALUES ($1, 'Helpers', 'helpers')", [guildId]],
    [
      "INSERT INTO group_members (group_id, user_id) SELECT id, $2 FROM member_groups WHERE guild_id = $1",
      [guildId, userId],
    ],
    [
      "INSERT INTO tags (guild_id, name, name_key, response, created_by, group_id) SELECT $1, 'Rules', 'rules', 'Read #rules', $2, id FROM member_groups WHERE guild_id = $1",
      [guildId, userId],
    ],
    [
      "INSERT INTO member_activity (guild_id, user_id, message_count, last_seen_at) VALUES ($1, $2, 3, now())",
      [guildId, userId],
    ],
    [
      "INSERT INTO message_log (guild_id, channel_id, user_id, message_id, content) VALUES ($1, $1, $2, $2, 'hello')",
      [guildId, userId],
    ],
    [
      "INSERT INTO guild_events (guild_id, type, user_id, details) VALUES ($1, 'member_join', $2, '{\"a\":1}')",
      [guildId, userId],
    ],
    ["INSERT INTO user_preferences (discord_user_id, private_replies) VALUES ($1, true)", [userId]],
    [
      "INSERT INTO usage_events (guild_id, user_id, command, outcome, latency_ms) VALUES ($1, $2, '/ping', 'ok', 3)",
      [guildId, userId],
    ],
    [
      "INSERT INTO member_joins (guild_id, user_id, invite_code, inviter_id) VALUES ($1, $2, 'abc', $2)",
      [guildId, userId],
    ],
  ];
  for (const [sql, params] of statements) await db.sql(sql, params);
}

async function appTables(): Promise<string[]> {
  const result = await db.sql<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'migrations' ORDER BY 1",
  );
  return result.rows.map((row) => row.name);
}

/** Every row of every application table, as JSON, in a stable order. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await appTables()) {
    const rows = await db.sql<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t ORDER BY 1`,
    );
    out[table] = rows.rows.map((r) => r.row);
  }
  return out;
}

async function schemaDiff(): Promise<string[]> {
  return (await db.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
}

describe("migrations", () => {
  it("there is more than one, so down-and-up of later ones is exercised on data", () => {
    expect(MIGRATIONS.length).toBeGreaterThan(1);
  });

  it("each migration after the first goes down and up again on a populated database with nothing lost", async () => {
    await populate();
    const before = await snapshot();
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);
    for (let applied = MIGRATIONS.length; applied > 1; applied -= 1) {
      await db.dataSource.undoLastMigration({ transaction: "each" });
      // Rows keep every value of the columns that still exist (a column the migration added goes away).
      const during = await snapshot();
      for (const [table, rows] of Object.entries(during)) {
        const parsed = rows.map((row) => JSON.parse(row) as Record<string, unknown>);
        const kept = (before[table] ?? []).map((row) => {
          const full = JSON.parse(row) as Record<string, unknown>;
          return Object.fromEntries(Object.keys(parsed[0] ?? full).map((column) => [column, full[column]]));
        });
        expect(parsed).toEqual(kept);
      }
    }
    const bottom = await snapshot();
    await db.dataSource.runMigrations({ transaction: "each" });
    // Tables that outlived every down come back with all their rows; tables a migration created come back empty.
    const after = await snapshot();
    for (const table of Object.keys(before)) {
      expect(after[table]).toEqual(table in bottom ? before[table] : []);
    }
    expect(await schemaDiff()).toEqual([]);
  });

  it("every migration goes all the way down to an empty schema and back up to match the entities", async () => {
    for (let i = 0; i < MIGRATIONS.length; i += 1)
      await db.dataSource.undoLastMigration({ transaction: "each" });
    expect(await appTables()).toEqual([]);
    const types = await db.sql(
      "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typtype = 'e'",
    );
    expect(types.rowCount).toBe(0);
    await db.dataSource.runMigrations({ transaction: "each" });
    expect(await schemaDiff()).toEqual([]);
    await populate(); // the re-created schema accepts data again
    expect((await snapshot()).cases).toHaveLength(2);
  });
});
