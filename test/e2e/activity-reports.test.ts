import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { GuildEventController } from "../../src/controllers/guild-event-controller";
import { UserController } from "../../src/controllers/user-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_activity_reports_w${process.env.JEST_WORKER_ID ?? "0"}`;
const DAY_MS = 24 * 60 * 60 * 1000;
const LONG_AGO = "2020-01-01T00:00:00Z";

describe("/activity top, /activity events and last-seen", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let elsewhere: SimGuild;
  let moderator: SimUser;
  let members: SimUser[];

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Ranked Guild" });
    elsewhere = sim.createGuild({ name: "Other Guild" });
    const mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers });
    moderator = sim.createUser({ username: "mod" });
    guild.addMember(moderator.id, { roles: [mods.id] });
    members = Array.from({ length: 12 }, (_, index) => sim.createUser({ username: `m${index}` }));
    for (const member of members) guild.addMember(member.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl,
      cogs: [ActivityCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const cog = (): ActivityCog => app.cogs.find((candidate) => candidate.name === "activity") as ActivityCog;
  const member = (index: number): SimUser => members[index] ?? moderator;
  const activity = (userId: string, subcommand: string, options: Record<string, string> = {}) =>
    sim.command({ guildId: guild.id, userId, name: "activity", subcommand, options }).answer();
  const ranked = (...indexes: Array<[number, number]>): string[] =>
    indexes.map(([index, count], rank) => `${rank + 1}. <@${member(index).id}> ${count} messages`);

  async function post(where: SimGuild, userId: string, count: number): Promise<void> {
    const channelId = where.firstTextChannel().id;
    for (let index = 0; index < count; index += 1)
      sim.postMessage({ channelId, userId, content: `hi ${index}` });
    await eventually(
      () => (cog().buffer.pending(where.id, userId)?.messages ?? 0) >= count,
      10_000,
      `${count} messages counted`,
    );
  }

  it("ranks the guild's most active members over the period, ten at most, in one aggregate query", async () => {
    // Member i sends i + 1 messages now; m0 also sent 20 three days ago, m1 30 forty days ago.
    for (let index = 0; index < members.length; index += 1) await post(guild, member(index).id, index + 1);
    const outsider = sim.createUser({ username: "outsider" });
    elsewhere.addMember(outsider.id);
    await post(elsewhere, outsider.id, 50);
    for (let n = 0; n < 20; n += 1)
      cog().buffer.recordMessage(guild.id, member(0).id, new Date(Date.now() - 3 * DAY_MS));
    for (let n = 0; n < 30; n += 1)
      cog().buffer.recordMessage(guild.id, member(1).id, new Date(Date.now() - 40 * DAY_MS));
    await cog().buffer.flush();

    const { result: day, statements } = await app.database.queries.record(() =>
      activity(moderator.id, "top", { period: "24h" }),
    );
    expect(day.ephemeral).toBe(true);
    expect(day.content.split("\n")).toEqual([
      "Most active members (last 24 hours):",
      ...ranked([11, 12], [10, 11], [9, 10], [8, 9], [7, 8], [6, 7], [5, 6], [4, 5], [3, 4], [2, 3]),
    ]);
    const reads = statements.filter((statement) => /^\s*SELECT\b[\s\S]*\bmember_activity/.test(statement));
    expect(reads).toHaveLength(1);

    const week = await activity(moderator.id, "top");
    expect(week.content.split("\n")).toEqual([
      "Most active members (last 7 days):",
      ...ranked([0, 21], [11, 12], [10, 11], [9, 10], [8, 9], [7, 8], [6, 7], [5, 6], [4, 5], [3, 4]),
    ]);
    expect((await activity(moderator.id, "top", { period: "30d" })).content).toBe(
      week.content.replace("last 7 days", "last 30 days"),
    );
    const ever = await activity(moderator.id, "top", { period: "all" });
    expect(ever.content.split("\n")).toEqual([
      "Most active members (all time):",
      ...ranked([1, 32], [0, 21], [11, 12], [10, 11], [9, 10], [8, 9], [7, 8], [6, 7], [5, 6], [4, 5]),
    ]);
  });

  it("says so when nobody was counted in the period", async () => {
    const quiet = sim.createGuild({ name: "Quiet" });
    const reply = await sim
      .command({ guildId: quiet.id, userId: quiet.ownerId, name: "activity", subcommand: "top" })
      .answer();
    expect(reply.content).toBe("No messages counted here (last 7 days).");
  });

  it("shows the event log newest first, for the guild or one member, to moderators only", async () => {
    const events = app.container.resolve(GuildEventController);
    const logged = (count: number) => async () => (await events.recent(guild.id, 50)).length >= count;
    const newcomer = sim.createUser({ username: "newcomer" });
    const visitor = sim.createUser({ username: "visitor" });
    const role = guild.createRole({ name: "Regulars" });
    guild.addMember(newcomer.id);
    await eventuallyAsync(logged(1), 5000, "the join");
    sim.changeRolesAs({ guildId: guild.id, actorId: guild.ownerId, userId: newcomer.id, add: [role.id] });
    await eventuallyAsync(logged(2), 5000, "the role change");
    guild.addMember(visitor.id);
    await eventuallyAsync(logged(3), 5000, "the visitor's join");
    guild.removeMember(visitor.id);
    await eventuallyAsync(logged(4), 5000, "the visitor's leave");
    sim.banAs({ guildId: guild.id, actorId: guild.ownerId, userId: newcomer.id, reason: "raid" });
    await eventuallyAsync(logged(6), 5000, "the ban and the leave it causes");

    const all = await activity(moderator.id, "events");
    expect(all.ephemeral).toBe(true);
    const lines = all.content.split("\n");
    expect(lines[0]).toBe("Recent events, newest first:");
    const at = "<t:\\d+:R>";
    // The ban and the leave it causes arrive together, in either order.
    expect(lines.slice(1, 3)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${at} <@${newcomer.id}> \\(newcomer\\) left$`)),
        expect.stringMatching(new RegExp(`^${at} <@${newcomer.id}> \\(newcomer\\) was banned$`)),
      ]),
    );
    expect(lines.slice(3)).toEqual([
      expect.stringMatching(new RegExp(`^${at} <@${visitor.id}> \\(visitor\\) left$`)),
      expect.stringMatching(
        new RegExp(`^${at} <@${visitor.id}> \\(visitor\\) joined \\(account created ${at}\\)$`),
      ),
      expect.stringMatching(
        new RegExp(`^${at} <@${newcomer.id}> roles \\+<@&${role.id}> by <@${guild.ownerId}>$`),
      ),
      expect.stringMatching(new RegExp(`^${at} <@${newcomer.id}> \\(newcomer\\) joined`)),
    ]);

    const theirs = await activity(moderator.id, "events", { member: newcomer.id });
    expect(theirs.content.split("\n")).toHaveLength(5);
    expect(theirs.content).toMatch(new RegExp(`^Recent events for <@${newcomer.id}>, newest first:`));
    expect(theirs.content).not.toContain(visitor.id);
    const none = await activity(moderator.id, "events", { member: member(3).id });
    expect(none.content).toBe(`No events logged for <@${member(3).id}>.`);

    const refused = await activity(member(3).id, "events", { member: newcomer.id });
    expect(refused.content).toBe(
      "You need the Timeout Members permission or a moderator role to use /activity events.",
    );
  });

  it("shows at most 15 events", async () => {
    const events = app.container.resolve(GuildEventController);
    for (let index = 0; index < 30; index += 1) await events.record(guild.id, "member_leave", member(4).id);
    const reply = await activity(moderator.id, "events");
    expect(reply.content.split("\n")).toHaveLength(1 + 15);
  });

  it("moves a Warden user's last-seen forward when they send a message or use a command", async () => {
    const users = app.container.resolve(UserController);
    const lastSeen = async (discordId: string): Promise<Date | undefined> =>
      (
        await app.database.sql<{ seen: Date }>(
          `SELECT u.last_seen_at AS seen FROM users u JOIN user_identities i ON i.user_id = u.id
            WHERE i.platform = 'discord' AND i.platform_user_id = $1`,
          [discordId],
        )
      ).rows[0]?.seen;
    for (const user of [member(5), moderator]) {
      await users.getOrCreateByPlatform({
        platform: "discord",
        platformUserId: user.id,
        platformUsername: user.username,
      });
    }
    await cog().buffer.flush();
    await app.database.sql("UPDATE users SET last_seen_at = $1", [LONG_AGO]);
    const before = Date.now() - 1000;
    const seenSinceBefore = (user: SimUser) => async () => {
      await cog().buffer.flush(); // the sighting is buffered once the interaction or message is handled
      return ((await lastSeen(user.id))?.getTime() ?? 0) >= before;
    };

    await post(guild, member(5).id, 1);
    await eventuallyAsync(seenSinceBefore(member(5)), 5000, "the sender's last-seen");
    expect((await lastSeen(moderator.id))?.toISOString()).toBe(new Date(LONG_AGO).toISOString());
    await activity(moderator.id, "show");
    await eventuallyAsync(seenSinceBefore(moderator), 5000, "the moderator's last-seen");
  });
});
