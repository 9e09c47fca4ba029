import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { LOCK_DENY } from "../../src/cogs/channels/lock-state";
import { ChannelRestoreController } from "../../src/controllers/channel-restore-controller";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_channel_unclear_w${process.env.JEST_WORKER_ID ?? "0"}`;
const REST_TIMEOUT_MS = 400;
const CHANNEL = "/channels/:channel";
const OVERWRITE = "/channels/:channel/permissions/:overwrite";

jest.setTimeout(60_000);

/**
 * Discord carries a change out but its answer never comes, and the read that would show what it did fails
 * too (a network failing both ways): Warden cannot know, so it keeps what puts the channel back. Dropping it
 * would leave a timed lock or slowmode in place for good, with nothing left to undo it.
 */
describe("lock and slowmode when neither Discord's answer nor its state can be read", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let databaseUrl: string;
  let app: WardenApp;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Unclear" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageRoles,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    const env = { DISCORD_REST_TIMEOUT_MS: String(REST_TIMEOUT_MS) };
    app = (await startBot({ sim, databaseUrl, cogs: [ChannelsCog], env })).app;
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  const run = (name: string, channel: SimChannel, options: Record<string, string>) =>
    sim.command({ guildId: guild.id, userId: mod.id, channelId: channel.id, name, options }).answer();
  const restores = () => app.container.resolve(ChannelRestoreController);
  const lostAnswer = (method: string, path: string) =>
    sim.faults.inject({ method, path, latencyMs: REST_TIMEOUT_MS * 3 });
  const lockedInDiscord = (channel: SimChannel) => {
    const everyone = channel.permissionOverwrites.find((overwrite) => overwrite.id === guild.id);
    return everyone !== undefined && (everyone.deny & LOCK_DENY) === LOCK_DENY;
  };

  it("a timed lock whose outcome is unknown keeps its row, and is lifted when due", async () => {
    const channel = guild.createChannel({ name: "lock-unclear" });
    // The read before the lock goes through; every read after it fails.
    sim.faults.inject({ method: "GET", path: CHANNEL, latencyMs: 0, times: 1 });
    sim.faults.inject({ method: "GET", path: CHANNEL, status: 500 });
    lostAnswer("PUT", OVERWRITE);
    const reply = await run("lock", channel, { duration: "2s" });
    expect(lockedInDiscord(channel)).toBe(true);
    expect(reply.content).toMatch(/could not be read back: the change may or may not have been made/);
    expect(await restores().find(guild.id, channel.id, "lock")).not.toBeNull();
    sim.faults.clear();
    await eventually(() => !lockedInDiscord(channel), 20_000, "the timed lock lifted");
  });

  it("a timed slowmode whose outcome is unknown keeps its restore, and is put back when due", async () => {
    const channel = guild.createChannel({ name: "slow-unclear" });
    sim.faults.inject({ method: "GET", path: CHANNEL, status: 500 });
    lostAnswer("PATCH", CHANNEL);
    const reply = await run("slowmode", channel, { delay: "30", duration: "2s" });
    expect(channel.rateLimitPerUser).toBe(30);
    expect(reply.content).toMatch(/could not be read back: the change may or may not have been made/);
    expect(await restores().find(guild.id, channel.id, "slowmode")).not.toBeNull();
    sim.faults.clear();
    await eventually(() => channel.rateLimitPerUser === 0, 20_000, "the timed slowmode put back");
  });
});
