import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { GroupsCog } from "../../src/cogs/groups/groups-cog";
import { ProfileCog } from "../../src/cogs/profile/profile-cog";
import { TagsCog } from "../../src/cogs/tags/tags-cog";
import { TagController } from "../../src/controllers/tag-controller";
import { UserController } from "../../src/controllers/user-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_adv_races_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * Check-then-act races a member can win by timing (or by flooding): each test holds a real PostgreSQL lock
 * so the bot's statement waits between its check and its write, changes the world meanwhile, then lets go.
 */
describe("adversarial: a change that lands between a check and the write it guards", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let admin: SimUser;
  let member: SimUser;
  let databaseUrl: string;
  /** The other side of the race (a moderator's transaction). */
  let sql: Client;
  /** Watches for waiting statements (pg_stat_activity is a snapshot within one transaction). */
  let watch: Client;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Races" });
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    admin = sim.createUser({ username: "admin" });
    member = sim.createUser({ username: "member" });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(member.id);
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    sql = new Client({ connectionString: databaseUrl });
    watch = new Client({ connectionString: databaseUrl });
    await Promise.all([sql.connect(), watch.connect()]);
    ({ app } = await startBot({ sim, databaseUrl, cogs: [TagsCog, GroupsCog, ProfileCog] }));
  });

  afterAll(async () => {
    await sql?.end();
    await watch?.end();
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  /** Resolves once `count` other sessions of this database wait for a lock in statements matching `like`. */
  const waitingOnLock = (like: string, count = 1): Promise<void> =>
    eventuallyAsync(
      async () => {
        const { rows } = await watch.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND pid <> pg_backend_pid() AND query ILIKE $1`,
          [like],
        );
        return rows.length >= count;
      },
      5000,
      `${count} statement(s) like ${like} waiting for a lock`,
    );

  it("never shows a tag's response to a member once a moderator made it moderator-only during their use", async () => {
    await app.container.resolve(TagController).createTag({
      guildId: guild.id,
      name: "plans",
      response: "nothing to see",
      createdBy: admin.id,
    });
    // The moderator starts editing the tag: its row is locked until they commit.
    await sql.query("BEGIN");
    await sql.query("SELECT 1 FROM tags WHERE guild_id = $1 AND name_key = 'plans' FOR UPDATE", [guild.id]);
    const use = sim.command({
      guildId: guild.id,
      userId: member.id,
      name: "tag",
      subcommand: "use",
      options: { name: "plans" },
    });
    await waitingOnLock('%UPDATE "tags"%');
    await sql.query(
      "UPDATE tags SET mod_only = true, response = 'the raid is at dawn' WHERE guild_id = $1 AND name_key = 'plans'",
      [guild.id],
    );
    await sql.query("COMMIT");

    const reply = await use.answer();
    expect(reply.content).not.toContain("the raid is at dawn");
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/moderator/i);
    // A refused use is not counted.
    expect((await app.container.resolve(TagController).getByNameOrFail(guild.id, "plans")).uses).toBe(0);
  });

  it("links one account per platform however many /link a member sends at once", async () => {
    const users = app.container.resolve(UserController);
    const { user } = await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: member.id,
      platformUsername: member.username,
    });
    // Writes to the links wait (reads do not) until both /link have checked that none exists yet.
    await sql.query("BEGIN");
    await sql.query("LOCK TABLE user_identities IN SHARE MODE");
    const link = (handle: string) =>
      sim.command({
        guildId: guild.id,
        userId: member.id,
        name: "link",
        options: { platform: "twitch", handle },
      });
    const first = link("squatted_one");
    const second = link("squatted_two");
    await waitingOnLock("%", 2);
    await sql.query("COMMIT");

    const replies = [await first.answer(), await second.answer()].map((reply) => reply.content);
    const twitch = (await users.identities(user.id)).filter((identity) => identity.platform === "twitch");
    expect(twitch).toHaveLength(1);
    expect(replies.filter((content) => content?.startsWith("Linked twitch account"))).toHaveLength(1);
    expect(
      replies.filter((content) => content?.startsWith("You already linked twitch account")),
    ).toHaveLength(1);
  });
});
