import type { Message } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_own_messages_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** Warden asks for GuildMessages (activity), so Discord sends each of its own replies back as MESSAGE_CREATE. */
describe("Warden's own messages coming back from the gateway", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  const received: Message[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Own messages" });
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [CoreCog, ActivityCog] }));
    app.bot.client.on("messageCreate", (message) => void received.push(message));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("are dropped before discord.js builds and emits them, while members' messages still arrive", async () => {
    const member = sim.createUser({ username: "member" });
    guild.addMember(member.id);
    const channelId = guild.firstTextChannel().id;
    const ping = sim.command({ guildId: guild.id, userId: member.id, name: "ping", channelId });
    const reply = await ping.answer();
    expect(reply.content).toMatch(/^Pong!/);
    // The gateway keeps order: once the member's later message is in, the reply's MESSAGE_CREATE was handled.
    sim.postMessage({ channelId, userId: member.id, content: "hello" });
    await eventually(
      () => received.some((message) => message.author.id === member.id),
      5000,
      "the member's message",
    );
    const botId = app.bot.client.user?.id;
    expect(received.filter((message) => message.author.id === botId)).toEqual([]);
  });
});
