import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_faults_language_lookup_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * Every interaction asks the database for the member's chosen language (cached a minute). /ping needs no
 * database: a database that answers slowly, or not at all, must not hold its answer back.
 */
describe("the member's language while the database stalls", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let sql: Client;
  let watch: Client;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Stalled" });
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [CoreCog] }));
    sql = new Client({ connectionString: databaseUrl });
    watch = new Client({ connectionString: databaseUrl });
    await Promise.all([sql.connect(), watch.connect()]);
  });

  afterAll(async () => {
    await sql?.query("ROLLBACK").catch(() => undefined);
    await Promise.all([sql?.end(), watch?.end()]);
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const lookupWaiting = (): Promise<void> =>
    eventuallyAsync(
      async () => {
        const { rows } = await watch.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND pid <> pg_backend_pid() AND query ILIKE '%user_preferences%'`,
        );
        return rows.length > 0;
      },
      5000,
      "the language lookup to wait for the lock",
    );

  it("answers /ping in the member's client language at once, and in their chosen one once it can be read", async () => {
    const member = sim.createUser({ username: "patient" });
    guild.addMember(member.id);
    // Chosen in another process: this one has nothing cached for them.
    await sql.query(`INSERT INTO user_preferences (discord_user_id, language) VALUES ($1, 'es-ES')`, [
      member.id,
    ]);
    const ping = () => sim.command({ guildId: guild.id, userId: member.id, name: "ping", locale: "de" });

    await sql.query("BEGIN");
    await sql.query("LOCK TABLE user_preferences IN ACCESS EXCLUSIVE MODE");
    try {
      const stalled = ping();
      await lookupWaiting();
      // Answered while the lookup still waits (the statement timeout is 15 s; the reply wait 5 s).
      expect((await stalled.answer()).content).toMatch(/^Pong!/);
    } finally {
      await sql.query("COMMIT");
    }
    expect((await ping().answer()).content).toMatch(/^¡Pong!/);
  });
});
