import { OverwriteType, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { InvitesCog } from "../../src/cogs/invites/invites-cog";
import { LogsCog } from "../../src/cogs/logs/logs-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { MessageLogController } from "../../src/controllers/message-log-controller";
import { DatabaseService } from "../../src/database/database-service";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { SimMessage } from "../../simulator/types";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_server_logs_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** Every line Warden posted in a channel: embed lines and the lines of attached files. */
function postedText(messages: readonly SimMessage[]): string {
  return messages
    .flatMap((message) => [
      ...message.embeds.map((embed) => embed.description ?? ""),
      ...message.attachments.map((file) => file.data?.toString("utf8") ?? ""),
    ])
    .join("\n");
}

describe("server logs", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let db: DatabaseService;
  let guild: SimGuild;
  let owner: string;
  let alice: SimUser;
  let newcomer: SimUser;
  const logChannel: Record<string, string> = {};
  let general: string;
  let closed: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    alice = sim.createUser({ username: "alice" });
    newcomer = sim.createUser({ username: "newcomer" });
    guild = sim.createGuild({ name: "Logs Guild" });
    owner = guild.ownerId;
    guild.addMember(alice.id);
    guild.createInvite({ code: "welcome", inviterId: alice.id });
    for (const category of ["members", "messages", "roles", "channels"])
      logChannel[category] = guild.createChannel({ name: `log-${category}` }).id;
    general = guild.firstTextChannel().id;
    const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!botRole) throw new Error("no bot role");
    botRole.permissions |= PermissionFlagsBits.AttachFiles;
    const shut = guild.createChannel({ name: "no-files" });
    shut.permissionOverwrites.push({
      id: botRole.id,
      type: OverwriteType.Role,
      allow: 0n,
      deny: PermissionFlagsBits.AttachFiles,
    });
    closed = shut.id;
    const url = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl: url,
      cogs: [LogsCog, InvitesCog],
      env: { PRIVILEGED_INTENTS: "true", LOG_FLUSH_MS: "200" },
    }));
    db = app.container.resolve(DatabaseService);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const run = (name: string, subcommand: string, options: Record<string, string> = {}, userId = owner) =>
    sim.command({ guildId: guild.id, userId, name, subcommand, options }).answer();
  const posted = (category: string): string =>
    postedText(guild.channels.get(logChannel[category] ?? "")?.messages ?? []);
  const waitFor = (category: string, text: string): Promise<void> =>
    eventually(() => posted(category).includes(text), 8000, text);

  it("routes each category to its channel with /logs set, and /logs show lists them", async () => {
    for (const category of ["members", "messages", "roles", "channels"]) {
      const reply = await run("logs", "set", { category, channel: logChannel[category] ?? "" });
      expect(reply.content).toMatch(new RegExp(`will be posted in <#${logChannel[category]}>\\.$`));
    }
    const shown = await run("logs", "show");
    expect(shown.ephemeral).toBe(true);
    for (const category of ["members", "messages", "roles", "channels"])
      expect(shown.content).toContain(`<#${logChannel[category]}>`);
    // The message log is off: /logs show says edits and deletes are logged without their text.
    expect(shown.content).toContain("/logging messages");
  });

  it("refuses a channel where Warden cannot attach files, and a member without Manage Server", async () => {
    const refused = await run("logs", "set", { category: "members", channel: closed });
    expect(refused.content).toContain("Attach Files");
    const denied = await sim
      .command({ guildId: guild.id, userId: alice.id, name: "logs", subcommand: "show", options: {} })
      .answer();
    expect(denied.ephemeral).toBe(true);
    expect(denied.content).not.toContain("<#");
    const routes = await db.sql<{ channel_id: string }>(
      `SELECT channel_id::text FROM log_channels WHERE guild_id = $1 AND category = 'members'`,
      [guild.id],
    );
    expect(routes.rows).toEqual([{ channel_id: logChannel.members }]);
  });

  it("logs a join with account age and inviter, and a leave", async () => {
    await eventually(() => app.cogs.some((cog) => cog instanceof InvitesCog && cog.tracker.knows(guild.id)));
    sim.joinWithInvite(guild.id, newcomer.id, "welcome");
    await waitFor("members", `<@${newcomer.id}> (newcomer) joined`);
    await waitFor("members", `invited by <@${alice.id}> (\`welcome\`)`);
    expect(posted("members")).toMatch(/account created <t:\d+:R>/);
    guild.removeMember(newcomer.id);
    await waitFor("members", `<@${newcomer.id}> (newcomer) left`);
  });

  it("logs deletes and edits with the stored text when the message log is on, bulk deletes as one file", async () => {
    await app.container.resolve(GuildConfigController).update(guild.id, { messageLogEnabled: true });
    const [kept, edited, ...bulk] = sim.seedHistory(general, [
      { authorId: alice.id, content: "a secret plan", at: Date.now() },
      { authorId: alice.id, content: "first words", at: Date.now() },
      { authorId: alice.id, content: "bulk one", at: Date.now() },
      { authorId: alice.id, content: "bulk two", at: Date.now() },
      { authorId: alice.id, content: "bulk three", at: Date.now() },
    ]);
    if (!kept || !edited) throw new Error("no history");
    await app.container.resolve(MessageLogController).insertAll(
      [kept, edited, ...bulk].map((message) => ({
        guildId: guild.id,
        channelId: general,
        userId: alice.id,
        messageId: message.id,
        content: message.content,
        createdAt: new Date(message.createdAt),
      })),
    );
    sim.deleteMessage(kept.id);
    await waitFor("messages", `A message by <@${alice.id}> was deleted in <#${general}>: “a secret plan”`);
    sim.editMessage(edited.id, "second words");
    await waitFor("messages", "“first words” → “second words”");
    sim.deleteMessages(
      general,
      bulk.map((message) => message.id),
    );
    await waitFor("messages", "3 messages were deleted at once");
    const files = (guild.channels.get(logChannel.messages ?? "")?.messages ?? []).flatMap(
      (m) => m.attachments,
    );
    const listing = files.find((file) => file.filename.startsWith("deleted-messages-"));
    const text = listing?.data?.toString("utf8") ?? "";
    for (const message of bulk) expect(text).toContain(`${message.id}\t${alice.id}\t${message.content}`);
  });

  it("logs deletes without the text while the message log is off", async () => {
    await app.container.resolve(GuildConfigController).update(guild.id, { messageLogEnabled: false });
    const [gone] = sim.seedHistory(general, [
      { authorId: alice.id, content: "private words", at: Date.now() },
    ]);
    if (!gone) throw new Error("no history");
    sim.deleteMessage(gone.id);
    const line = `A message by an unknown member was deleted in <#${general}>`;
    await eventually(
      () =>
        posted("messages")
          .split("\n")
          .some((posted) => posted.endsWith(line)),
      8000,
      line,
    );
    expect(posted("messages")).not.toContain("private words");
  });

  it("logs role and nickname changes with who made them", async () => {
    const helpers = guild.createRole({ name: "Helpers", position: 1 });
    sim.changeRolesAs({ guildId: guild.id, actorId: owner, userId: alice.id, add: [helpers.id] });
    await waitFor("roles", `Roles of <@${alice.id}> changed by <@${owner}>: +<@&${helpers.id}>`);
    sim.nicknameAs({ guildId: guild.id, actorId: owner, userId: alice.id, nick: "Ally" });
    await waitFor("roles", `Nickname of <@${alice.id}> changed by <@${owner}>: (none) → Ally`);
  });

  it("logs channels created, changed and deleted", async () => {
    const created = guild.createChannel({ name: "new-room" });
    await waitFor("channels", `Channel <#${created.id}> (new-room) created`);
    guild.updateChannel(created.id, (channel) => {
      channel.name = "renamed-room";
    });
    await waitFor("channels", `Channel <#${created.id}> changed: name (was new-room)`);
    guild.deleteChannel(created.id);
    await waitFor("channels", "Channel #renamed-room deleted");
  });

  it("stops posting a category after /logs unset", async () => {
    const reply = await run("logs", "unset", { category: "channels" });
    expect(reply.content).toBe("Channel changes will no longer be posted.");
    expect((await run("logs", "unset", { category: "channels" })).content).toBe(
      "Channel changes weren't being posted.",
    );
    guild.createChannel({ name: "unlogged-room" });
    // A later event of a routed category is posted, so the unlogged one would have been by now.
    sim.joinWithInvite(guild.id, newcomer.id, "welcome");
    await eventually(() => posted("members").split(`<@${newcomer.id}> (newcomer) joined`).length === 3, 8000);
    expect(posted("channels")).not.toContain("unlogged-room");
  });
});
