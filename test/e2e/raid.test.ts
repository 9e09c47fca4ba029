import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { RaidCog } from "../../src/cogs/raid/raid-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DatabaseService } from "../../src/database/database-service";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_raid_w${process.env.JEST_WORKER_ID ?? "0"}`;
const INTENTS = { PRIVILEGED_INTENTS: "true" };

jest.setTimeout(90_000);

describe("raid mode end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let databaseUrl: string;
  let guild: SimGuild;
  let mod: SimUser;
  let admin: SimUser;
  let member: SimUser;
  let modLog: SimChannel;
  let general: SimChannel;
  let rules: SimChannel;

  const start = async () => {
    ({ app } = await startBot({ sim, databaseUrl, cogs: [RaidCog, ChannelsCog], env: INTENTS }));
  };

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Raided" });
    mod = sim.createUser({ username: "mod" });
    admin = sim.createUser({ username: "admin" });
    member = sim.createUser({ username: "member" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    const managers = guild.createRole({
      name: "Managers",
      position: 6,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(admin.id, { roles: [managers.id] });
    guild.addMember(member.id);
    modLog = guild.createChannel({ name: "mod-log" });
    general = guild.createChannel({ name: "chat" });
    rules = guild.createChannel({ name: "rules" });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    await start();
    const configs = app.container.resolve(GuildConfigController);
    await configs.update(guild.id, { modLogChannelId: modLog.id });
    await configs.addLockdownChannel(guild.id, general.id);
    await configs.addLockdownChannel(guild.id, rules.id);
    // A moderator role stands for locking rights, as with /lockdown: /raid start locks only what they could.
    await configs.addModeratorRole(guild.id, mods.id);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  const raid = (subcommand: string, options: Record<string, string | number> = {}, userId = mod.id) =>
    sim
      .command({ guildId: guild.id, userId, channelId: modLog.id, name: "raid", subcommand, options })
      .answer();
  const sql = <R = Record<string, unknown>>(query: string, params: unknown[] = []) =>
    app.container.resolve(DatabaseService).sql<R>(query, params);
  const raids = () =>
    sql<{ id: number; ended_at: Date | null; acted_on: number; skipped: number; locked_at: Date | null }>(
      "SELECT id, ended_at, acted_on, skipped, locked_at FROM raids WHERE guild_id = $1 ORDER BY id",
      [guild.id],
    ).then((result) => result.rows);
  const raidCases = () =>
    sql<{ target_id: string; type: string; reason: string; moderator_id: string }>(
      "SELECT target_id, type, reason, moderator_id FROM cases WHERE guild_id = $1 AND reason LIKE 'Raid mode%' AND NOT voided AND NOT pending ORDER BY number",
      [guild.id],
    ).then((result) => result.rows);
  const locked = (channel: SimChannel) =>
    channel.permissionOverwrites.some(
      (overwrite) =>
        overwrite.id === guild.id && (BigInt(overwrite.deny) & PermissionFlagsBits.SendMessages) !== 0n,
    );
  const logLines = (pattern: RegExp) =>
    modLog.messages.filter((message) => pattern.test(message.content ?? ""));
  const joinMany = (count: number, prefix: string): SimUser[] => {
    const users = Array.from({ length: count }, (_, i) => sim.createUser({ username: `${prefix}${i}` }));
    for (const user of users) guild.addMember(user.id);
    return users;
  };
  const endByQuiet = async () => {
    await sql("UPDATE raids SET last_surge_at = now() - interval '1 hour' WHERE guild_id = $1", [guild.id]);
  };

  it("refuses members who are not moderators, and /raid config to moderators without Manage Server", async () => {
    expect((await raid("status", {}, member.id)).content).toMatch(/Timeout Members/);
    const refused = await raid("config", { joins: 10, seconds: 10, action: "timeout" }, mod.id);
    expect(refused.content).toMatch(/Manage Server/);
    const short = await raid("config", { joins: 10, seconds: 10, action: "timeout", quiet: "30s" }, admin.id);
    expect(short.content).toMatch(/quiet.*must be at least 1 minute/);
    const garbled = await raid(
      "config",
      { joins: 10, seconds: 10, action: "timeout", quiet: "soon" },
      admin.id,
    );
    expect(garbled.content).toMatch(/quiet/);
    expect((await sql("SELECT 1 FROM raid_settings WHERE guild_id = $1", [guild.id])).rows).toHaveLength(0);
    expect((await raid("end")).content).toBe("Raid mode is not on.");
    expect((await raid("status")).content).toBe(
      "Raid mode is off.\nDetection: off (set it with `/raid config`).\n" +
        "Raid timeouts last 1d; raid mode ends after 6h at most, and moderators are told.",
    );
  });

  it("under 50 joins in 10 s turns raid mode on, times out the joiners past the threshold, locks and alerts", async () => {
    const configured = await raid(
      "config",
      { joins: 10, seconds: 10, action: "timeout", quiet: "5m" },
      admin.id,
    );
    expect(configured.content).toMatch(/^Raid detection is on: more than 10 joins within 10 seconds/);
    const raiders = joinMany(50, "raider");
    await eventuallyAsync(async () => (await raidCases()).length === 40, 30_000);
    const cases = await raidCases();
    expect(cases.map((kase) => kase.target_id)).toEqual(
      expect.arrayContaining(raiders.slice(10).map((u) => u.id)),
    );
    expect(cases.every((kase) => kase.type === "timeout" && kase.moderator_id === sim.botUser.id)).toBe(true);
    const [active] = await raids();
    expect(active).toMatchObject({ ended_at: null });
    expect(cases[0]?.reason).toBe(`Raid mode (raid #${active?.id})`);
    for (const raider of raiders.slice(10)) {
      expect(guild.members.get(raider.id)?.communicationDisabledUntil).not.toBeNull();
    }
    for (const early of raiders.slice(0, 10)) {
      expect(guild.members.get(early.id)?.communicationDisabledUntil).toBeNull();
    }
    await eventually(() => locked(general) && locked(rules), 10_000);
    await eventually(() => logLines(/^🚨 Raid mode on/).length === 1, 10_000);
    expect(logLines(/^🚨 Raid mode on/)[0]?.content).toContain("started by the join-rate detector");
    await eventuallyAsync(async () => (await raids())[0]?.acted_on === 40, 10_000);
    const status = await raid("status");
    expect(status.content).toMatch(
      /^Raid mode is on \(raid #\d+\) since <t:\d+:R>, started by the join-rate detector: 40 members acted on, 0 skipped\./,
    );
    expect((await raid("start")).content).toBe(`Raid mode is already on (raid #${active?.id}).`);
  });

  it("survives a restart: the raid is still on and the next joiner is acted on", async () => {
    await app.stop();
    await start();
    const [late] = joinMany(1, "late");
    await eventuallyAsync(
      async () => (await raidCases()).some((kase) => kase.target_id === late?.id),
      15_000,
    );
    expect((await raids()).filter((row) => row.ended_at === null)).toHaveLength(1);
  });

  it("ends after the quiet period, once, unlocking its channels and summing up in the mod log", async () => {
    await endByQuiet();
    await eventuallyAsync(async () => (await raids())[0]?.ended_at !== null, 20_000);
    await eventually(() => !locked(general) && !locked(rules), 10_000);
    await eventually(() => logLines(/^Raid mode off/).length === 1, 10_000);
    expect(logLines(/^Raid mode off/)[0]?.content).toMatch(
      /^Raid mode off \(raid #\d+\), ended by the quiet period: 41 members were acted on, 0 skipped\.\nUnlocked: /,
    );
    expect((await raid("status")).content).toMatch(/^Raid mode is off\.\nDetection: more than 10 joins/);
  });

  it("/raid start and /raid end by hand: locks, refuses a second start, ends only by command", async () => {
    const started = await raid("start", { reason: "spam wave" });
    expect(started.content).toMatch(/^Raid mode is on \(raid #\d+\): new members are timed out\.\nLocked: /);
    expect(locked(general) && locked(rules)).toBe(true);
    expect((await raid("start")).content).toMatch(/^Raid mode is already on/);
    await endByQuiet();
    const [joiner] = joinMany(1, "manual");
    await eventuallyAsync(
      async () => (await raidCases()).some((kase) => kase.target_id === joiner?.id),
      15_000,
    );
    expect((await raids()).filter((row) => row.ended_at === null)).toHaveLength(1); // no quiet end by hand
    const ended = await raid("end");
    expect(ended.content).toMatch(
      /^Raid mode is off \(raid #\d+\): 1 member was acted on, 0 skipped\.\nUnlocked: /,
    );
    expect(locked(general) || locked(rules)).toBe(false);
    expect(logLines(/^Raid mode off .*ended by <@/).length).toBe(1);
  });

  it("skips a member above the bot and one Discord refuses, acting on the others; waits out a 429", async () => {
    await sql("DELETE FROM raid_settings WHERE guild_id = $1", [guild.id]);
    await raid("start");
    const high = guild.createRole({ name: "High", position: 20 });
    const above = sim.createUser({ username: "above" });
    const refused = sim.createUser({ username: "refused" });
    const slow = sim.createUser({ username: "slow" });
    const plain = sim.createUser({ username: "plain" });
    sim.faults.inject({
      path: `/guilds/:guild/members/${refused.id}`,
      method: "PATCH",
      status: 403,
      code: 50013,
    });
    sim.faults.inject({
      path: `/guilds/:guild/members/${slow.id}`,
      method: "PATCH",
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    guild.addMember(above.id, { roles: [high.id] });
    guild.addMember(refused.id);
    guild.addMember(slow.id);
    guild.addMember(plain.id);
    await eventuallyAsync(async () => {
      const row = (await raids()).find((r) => r.ended_at === null);
      return row?.acted_on === 2 && row.skipped === 2;
    }, 20_000);
    const targets = (await raidCases()).map((kase) => kase.target_id);
    expect(targets).toEqual(expect.arrayContaining([slow.id, plain.id]));
    expect(targets).not.toContain(above.id);
    expect(targets).not.toContain(refused.id);
    await raid("end");
  });

  it("a command and a burst of joins racing to start make one raid, one alert", async () => {
    await raid("config", { joins: 3, seconds: 10, action: "kick", quiet: "5m" }, admin.id);
    const before = logLines(/^🚨 Raid mode on/).length;
    const commands = Promise.all([raid("start"), raid("start", {}, guild.ownerId)]);
    joinMany(8, "racer");
    const replies = await commands;
    await eventuallyAsync(async () => logLines(/^🚨 Raid mode on/).length === before + 1, 15_000);
    const active = (await raids()).filter((row) => row.ended_at === null);
    expect(active).toHaveLength(1);
    expect(
      replies.filter((reply) => /^Raid mode is already on/.test(reply.content ?? "")).length,
    ).toBeGreaterThanOrEqual(1);
    await raid("end");
    expect(logLines(/^🚨 Raid mode on/).length).toBe(before + 1);
  });
});

describe("raid mode without the Server Members intent", () => {
  const NAME = `warden_e2e_raid_nointent_w${process.env.JEST_WORKER_ID ?? "0"}`;
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let owner: string;
  let chat: SimChannel;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Quiet" });
    owner = guild.ownerId;
    chat = guild.createChannel({ name: "chat" });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(NAME, { migrated: true }),
      cogs: [RaidCog],
    }));
    await app.container.resolve(GuildConfigController).addLockdownChannel(guild.id, chat.id);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(NAME);
  });

  const raid = (subcommand: string, options: Record<string, string | number> = {}) =>
    sim
      .command({ guildId: guild.id, userId: owner, channelId: chat.id, name: "raid", subcommand, options })
      .answer();

  it("/raid config says detection needs the intent and how to enable it; /raid start still locks", async () => {
    const refused = await raid("config", { joins: 10, seconds: 10, action: "timeout" });
    expect(refused.content).toMatch(
      /^Raid detection needs the Server Members intent.*Developer Portal.*PRIVILEGED_INTENTS=true/,
    );
    const started = await raid("start");
    expect(started.content).toMatch(/^Raid mode is on .*\nLocked: <#\d+>\nWithout the Server Members intent/);
    expect((await raid("status")).content).toMatch(/Without the Server Members intent/);
    expect((await raid("end")).content).toMatch(/^Raid mode is off .*\nUnlocked: <#\d+>$/);
  });
});
