import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually, eventuallyAsync } from "../support/eventually";
import { startPeer, type Peer } from "../support/peer-process";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_adv_cfgcache_w${process.env.JEST_WORKER_ID ?? "0"}`;
/** Short here so the test is quick; the default is 30 s. */
const CACHE_MS = 1000;
const REFUSED = "You need the Timeout Members permission or a moderator role to use /cases list.";

/**
 * The other process's path to PostgreSQL fails right after it committed (its network, or the process
 * killed): the notification that tells this process to forget its cached settings never goes out. Here its
 * `pg_notify` is made to fail, on its connections only, by a function of that name ahead of pg_catalog's
 * in its search_path.
 */
async function breakNotificationsFor(url: string): Promise<string> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE FUNCTION public.pg_notify(text, text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'connection lost after COMMIT' USING ERRCODE = '08006'; END $$`);
  await admin.end();
  const broken = new URL(url);
  broken.searchParams.set("options", "-c search_path=public,pg_catalog");
  return broken.toString();
}

describe("adversarial: a moderator role removed in another process whose notification was lost", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let modRole: string;
  let other: Peer | undefined;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Stale" });
    modRole = guild.createRole({ name: "Mods", position: 5, permissions: 0n }).id;
    mod = sim.createUser({ username: "mod" });
    guild.addMember(mod.id, { roles: [modRole] });
    const url = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl: url,
      cogs: [CasesCog],
      env: { GUILD_CONFIG_CACHE_MS: String(CACHE_MS) },
    }));
    // The other Warden process (its guild settings only), whose notifications never leave.
    other = await startPeer(await breakNotificationsFor(url));
  });

  afterAll(async () => {
    await other?.stop();
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const cases = () =>
    sim.command({ guildId: guild.id, userId: mod.id, name: "cases", subcommand: "list" }).answer();

  it("stops lending the moderator commands to the role's members within a bounded time", async () => {
    await app.container.resolve(GuildConfigController).addModeratorRole(guild.id, modRole);
    expect((await cases()).content).toBe("No cases match.");

    const otherConfigs = other?.container.resolve(GuildConfigController);
    await otherConfigs?.removeModeratorRole(guild.id, modRole);
    expect((await otherConfigs?.get(guild.id))?.moderatorRoleIds).toEqual([]);

    // The demoted moderator keeps trying on this process; they must be refused once the cache is stale.
    let refused = false;
    await eventuallyAsync(
      async () => {
        refused = (await cases()).content === REFUSED;
        return refused;
      },
      15_000,
      "the demoted moderator refused",
    );
    await eventually(() => refused);
  });
});
