import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { ConfigCog } from "../../src/cogs/config/config-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_guild_arrival_w${process.env.JEST_WORKER_ID ?? "0"}`;
const AT_START = 60;
const JOINING = 40;
const WORLD = { membersPerGuild: 3, channelsPerGuild: 2 };

describe("guilds arriving: their configs are read in batches, not one query per guild", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let received = 0;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    sim.populate({ guilds: AT_START, ...WORLD });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ConfigCog, ActivityCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    app.bot.client.on("messageCreate", () => (received += 1));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const configRows = async (): Promise<number> =>
    Number((await app.database.sql<{ n: string }>("SELECT count(*) AS n FROM guild_configs")).rows[0]?.n);

  /** One message in each guild at once; resolves when the bot has looked up every guild's config. */
  async function chatInEach(guilds: readonly SimGuild[]): Promise<string[]> {
    const activity = app.cogs.find((cog) => cog.name === "activity") as ActivityCog;
    const target = received + guilds.length;
    const { statements } = await app.database.queries.record(async () => {
      for (const guild of guilds) {
        const author = [...guild.members.keys()].at(-1) ?? "";
        sim.postMessage({ channelId: guild.firstTextChannel().id, userId: author, content: "hi" });
      }
      await eventually(() => received === target, 10_000, "every message at the bot");
      await eventually(() => activity["arriving"].size === 0, 10_000, "every config lookup");
    });
    // Reads and writes of the configs themselves (the retention job only joins them).
    return statements.filter((statement) => /(FROM|INTO) "guild_configs"/.test(statement));
  }

  it("reads every guild's config when the client is ready, so the first messages cost no query", async () => {
    await eventuallyAsync(async () => (await configRows()) === AT_START, 10_000, "the warm-up's rows");
    // The rows are committed before the warm-up reads them back: its last SELECT may still be on its way.
    const configs = app.container.resolve(GuildConfigController);
    await eventually(() => configs["cache"].size === AT_START, 10_000, "the warm-up's reads");
    const guilds = [...sim.sessions[0]!.guildIds].map((id) => sim.guild(id));
    expect(await chatInEach(guilds)).toEqual([]);
  });

  it("reads the configs of guilds that join later together when their first messages arrive", async () => {
    const joined = sim.populate({ guilds: JOINING, ...WORLD });
    await eventually(() => joined.every((guild) => app.bot.client.guilds.cache.has(guild.id)), 5_000);
    const statements = await chatInEach(joined);
    // Per guild this was a read, an insert and a read again: 120 statements.
    expect(statements.length).toBeGreaterThanOrEqual(3);
    expect(statements.length).toBeLessThanOrEqual(6);
    expect(await configRows()).toBe(AT_START + JOINING);
  });
});
