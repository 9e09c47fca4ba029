import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { MessageLogController } from "../../src/controllers/message-log-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_activity_w${process.env.JEST_WORKER_ID ?? "0"}`;
const WRITE = /^\s*(INSERT|UPDATE|DELETE|WITH)\b/i;

describe("activity: message counts, the message log and the event log", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let channelId: string;
  let moderator: SimUser;
  let admin: SimUser;
  let members: SimUser[];
  const received = new Map<string, number>();

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Busy Guild" });
    channelId = guild.firstTextChannel().id;
    const mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers });
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    moderator = sim.createUser({ username: "mod" });
    admin = sim.createUser({ username: "admin" });
    guild.addMember(moderator.id, { roles: [mods.id] });
    guild.addMember(admin.id, { roles: [admins.id] });
    members = Array.from({ length: 50 }, (_, index) => sim.createUser({ username: `member${index}` }));
    for (const member of members) guild.addMember(member.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl,
      cogs: [ActivityCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    app.bot.client.on("messageCreate", (message) => {
      received.set(message.author.id, (received.get(message.author.id) ?? 0) + 1);
    });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const cog = (): ActivityCog => app.cogs.find((candidate) => candidate.name === "activity") as ActivityCog;
  const totalReceived = (): number => [...received.values()].reduce((sum, count) => sum + count, 0);
  const run = (
    userId: string,
    name: string,
    options: Record<string, string | number | boolean> = {},
    subcommand?: string,
  ) =>
    sim.command({ guildId: guild.id, userId, name, options, ...(subcommand ? { subcommand } : {}) }).answer();

  async function storedCounts(): Promise<Map<string, number>> {
    const { rows } = await app.database.sql<{ user_id: string; message_count: string }>(
      "SELECT user_id, message_count FROM member_activity WHERE guild_id = $1",
      [guild.id],
    );
    return new Map(rows.map((row) => [row.user_id, Number(row.message_count)]));
  }

  it("counts 10,000 messages exactly, written in at most 20 statements", async () => {
    // The flushes counted are the test's own: the periodic one (every 15 s) would add its own write of the
    // counts whenever the 10,000 messages take that long to arrive, as they can on a loaded host. The
    // tests after this one flush by hand too.
    await app.bot["scheduler"].stop();
    const before = totalReceived();
    const { statements } = await app.database.queries.record(async () => {
      for (let index = 0; index < 10_000; index += 1) {
        const author = members[index % members.length];
        if (author) sim.postMessage({ channelId, userId: author.id, content: `message ${index}` });
        if (index % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await eventually(() => totalReceived() - before === 10_000, 60_000, "every message received");
      await cog().buffer.flush();
    });
    expect(statements.filter((statement) => WRITE.test(statement)).length).toBeLessThanOrEqual(20);
    expect(statements.length).toBeLessThanOrEqual(20);
    expect(statements.filter((statement) => /\bmember_activity\b/.test(statement))).toHaveLength(1);
    const stored = await storedCounts();
    for (const member of members) expect(stored.get(member.id)).toBe(200);
    expect(cog().buffer.memberCount).toBe(0);
  }, 120_000);

  it("shows a member's activity to moderators, counting what is not yet flushed", async () => {
    const author = members[0];
    sim.postMessage({ channelId, userId: author?.id ?? "", content: "one more" });
    await eventually(() => cog().buffer.pending(guild.id, author?.id ?? "")?.messages === 1);
    const reply = await run(moderator.id, "activity", { user: author?.id ?? "" }, "show");
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(new RegExp(`^<@${author?.id}>: 201 messages, last seen <t:\\d+:R>\\.$`));
    const nobody = await run(moderator.id, "activity", {}, "show");
    expect(nobody.content).toBe(`<@${moderator.id}>: no messages seen.`);
  });

  it("refuses /activity to members without Timeout Members or a moderator role", async () => {
    for (const [subcommand, options] of [
      ["show", { user: moderator.id }],
      ["top", {}],
      ["events", { member: moderator.id }],
    ] as const) {
      const reply = await run(members[1]?.id ?? "", "activity", options, subcommand);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(
        `You need the Timeout Members permission or a moderator role to use /activity ${subcommand}.`,
      );
    }
  });

  it("keeps messages only once the guild turns the message log on, newest first", async () => {
    const author = members[2]?.id ?? "";
    const log = app.container.resolve(MessageLogController);
    sim.postMessage({ channelId, userId: author, content: "before the log" });
    await eventually(() => cog().buffer.pending(guild.id, author)?.messages === 1);
    const on = await run(admin.id, "logging", { enabled: true }, "messages");
    expect(on.content).toBe("Members' messages will now be kept for moderation context.");
    sim.postMessage({ channelId, userId: author, content: "first <@123> kept" });
    sim.postMessage({ channelId, userId: author, content: "second kept" });
    await eventually(() => cog().buffer.loggedMessageCount === 2);
    await cog().buffer.flush();
    const last = await log.lastMessages(guild.id, author, 5);
    expect(last.map((entry) => entry.content)).toEqual(["second kept", "first <@123> kept"]);
    expect(last[0]).toMatchObject({ guildId: guild.id, channelId, userId: author });
    const off = await run(admin.id, "logging", { enabled: false }, "messages");
    expect(off.content).toMatch(/^Members' messages will no longer be kept/);
    expect((await app.container.resolve(GuildConfigController).get(guild.id)).messageLogEnabled).toBe(false);
  });

  it("sets the retention, refusing days outside 1 to 3650 and members without Manage Server", async () => {
    // Discord keeps its clients within the option's declared range; the bot refuses the rest by name.
    for (const [days, rule] of [
      [0, "must be at least 1"],
      [-3, "must be at least 1"],
      [3651, "must be at most 3,650"],
    ] as const) {
      const reply = await run(admin.id, "logging", { days }, "retention");
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(`That didn't work:\n• \`days\`: ${rule}`);
    }
    for (const [subcommand, options] of [
      ["retention", { days: 5 }],
      ["messages", { enabled: true }],
    ] as const) {
      const refused = await run(moderator.id, "logging", options, subcommand);
      expect(refused.content).toBe(`You need the Manage Server permission to use /logging ${subcommand}.`);
    }
    const configs = app.container.resolve(GuildConfigController);
    expect(await configs.get(guild.id)).toMatchObject({ retentionDays: 30, messageLogEnabled: false });
    const reply = await run(admin.id, "logging", { days: 14 }, "retention");
    expect(reply.content).toBe("Logged messages and events will be kept for 14 days.");
    expect((await configs.get(guild.id)).retentionDays).toBe(14);
  });

  it("logs joins, role changes (once, with who made them), bans and leaves with their details", async () => {
    const newcomer = sim.createUser({ username: "newcomer" });
    const role = guild.createRole({ name: "Regulars" });
    const events = async () =>
      (
        await app.database.sql<{ type: string; details: Record<string, unknown> }>(
          "SELECT type, details FROM guild_events WHERE guild_id = $1 AND user_id = $2 ORDER BY id",
          [guild.id, newcomer.id],
        )
      ).rows;
    guild.addMember(newcomer.id);
    // Warden caches no member: the role change is taken from the audit log, whether or not it saw the join.
    await eventuallyAsync(async () => (await events()).length === 1, 5_000, "the join logged");
    sim.changeRolesAs({ guildId: guild.id, actorId: guild.ownerId, userId: newcomer.id, add: [role.id] });
    sim.banAs({ guildId: guild.id, actorId: guild.ownerId, userId: newcomer.id, reason: "raid" });
    let logged = await events();
    await eventuallyAsync(
      async () => (logged = await events()).length >= 4,
      5_000,
      "join, roles, ban and leave logged",
    );
    expect(logged.map((event) => event.type).sort()).toEqual([
      "ban",
      "member_join",
      "member_leave",
      "roles_changed",
    ]);
    expect(logged.find((event) => event.type === "member_join")?.details).toMatchObject({
      username: "newcomer",
    });
    expect(logged.find((event) => event.type === "roles_changed")?.details).toEqual({
      added: [role.id],
      removed: [],
      by: guild.ownerId,
    });
    expect(logged.find((event) => event.type === "ban")?.details).toEqual({ username: "newcomer" });
    const shown = await run(moderator.id, "activity", { member: newcomer.id }, "events");
    expect(shown.content).toContain(`<@${newcomer.id}> roles +<@&${role.id}> by <@${guild.ownerId}>`);
  });
});
