import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_caches_w${process.env.JEST_WORKER_ID ?? "0"}`;
const CHATTERS = 30;

describe("Discord caches: only what Warden reads stays in memory", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let channelId: string;
  let chatters: SimUser[];
  let received = 0;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Chatty" });
    channelId = guild.firstTextChannel().id;
    chatters = Array.from({ length: CHATTERS }, (_, index) =>
      sim.createUser({ username: `chatter${index}` }),
    );
    for (const user of chatters) guild.addMember(user.id);
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, ActivityCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    app.bot.client.on("messageCreate", () => (received += 1));
    for (const user of chatters) sim.postMessage({ channelId, userId: user.id, content: "hello" });
    await eventually(() => received === CHATTERS, 10_000, "every message at the bot");
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const cached = () => {
    const found = app.bot.client.guilds.cache.get(guild.id);
    if (!found) throw new Error("the guild is not cached");
    return found;
  };

  it("keeps no messages and no members or users but the bot's own", () => {
    const channel = cached().channels.cache.get(channelId);
    expect(channel?.isTextBased() && channel.messages.cache.size).toBe(0);
    const members = cached().members.cache;
    expect([...members.keys()]).toEqual([sim.botUser.id]);
    expect([...app.bot.client.users.cache.keys()]).toEqual([sim.botUser.id]);
    expect(members.has(chatters[0]?.id ?? "")).toBe(false);
    expect(cached().members.me?.roles.cache.map((role) => role.name)).toContain("Warden");
  });

  it("checks the hierarchy against the bot's own roles after its cache turned over", async () => {
    const senior = guild.createRole({ name: "Senior", position: 20 });
    const above = sim.createUser({ username: "above" });
    guild.addMember(above.id, { roles: [senior.id] });
    const plain = sim.createUser({ username: "plain" });
    guild.addMember(plain.id);
    const kick = (userId: string) =>
      sim
        .command({
          guildId: guild.id,
          userId: guild.ownerId,
          name: "kick",
          options: { user: userId, reason: "x" },
        })
        .answer();
    expect((await kick(above.id)).content).toBe(
      "above's highest role is not below mine: move my role above theirs in Server Settings → Roles.",
    );
    expect((await kick(plain.id)).content).toContain("Kicked **plain**");
    expect(guild.members.has(plain.id)).toBe(false);
  });

  it("logs a role change of a member the cache no longer holds, once, from the audit log", async () => {
    const [forgotten, fence] = chatters;
    if (!forgotten || !fence) throw new Error("no chatters");
    expect(cached().members.cache.has(forgotten.id)).toBe(false);
    expect(cached().members.cache.has(fence.id)).toBe(false);
    const role = guild.createRole({ name: "Regulars" });
    const change = (userId: string) =>
      sim.changeRolesAs({ guildId: guild.id, actorId: guild.ownerId, userId, add: [role.id] });
    const roleChanges = async (userId: string) =>
      (
        await app.database.sql<{ details: Record<string, unknown> }>(
          "SELECT details FROM guild_events WHERE guild_id = $1 AND user_id = $2 AND type = 'roles_changed'",
          [guild.id, userId],
        )
      ).rows;
    change(forgotten.id);
    // A later change: once both are logged, anything the first one's events could record has been started.
    change(fence.id);
    const logged = async () =>
      (await roleChanges(forgotten.id)).length > 0 && (await roleChanges(fence.id)).length > 0;
    await eventuallyAsync(logged, 5_000, "both changes logged");
    expect((await roleChanges(forgotten.id)).map((row) => row.details)).toEqual([
      { added: [role.id], removed: [], by: guild.ownerId },
    ]);
  });
});
