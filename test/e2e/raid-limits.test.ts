import { OverwriteType, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { PendingActions } from "../../src/cogs/moderation/pending-actions";
import { RaidCog } from "../../src/cogs/raid/raid-cog";
import { RaidController } from "../../src/controllers/raid-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DatabaseService } from "../../src/database/database-service";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_raid_limits_w${process.env.JEST_WORKER_ID ?? "0"}`;

jest.setTimeout(90_000);

/** Statements made to fail on purpose: a real trigger raises while the test's flag row is there. */
const FAULTS = `
CREATE TABLE test_raid_faults (step text PRIMARY KEY);
CREATE FUNCTION test_raid_fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM test_raid_faults WHERE step = TG_ARGV[0]) THEN
    RAISE EXCEPTION 'injected fault: %', TG_ARGV[0];
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER test_raid_locked BEFORE UPDATE ON raids FOR EACH ROW
  WHEN (OLD.locked_at IS NULL AND NEW.locked_at IS NOT NULL) EXECUTE FUNCTION test_raid_fault('raids.locked');
CREATE TRIGGER test_case_insert BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION test_raid_fault('cases.insert');
CREATE TRIGGER test_case_confirm BEFORE UPDATE ON cases FOR EACH ROW
  WHEN (OLD.pending AND NOT NEW.pending AND NOT NEW.voided) EXECUTE FUNCTION test_raid_fault('cases.confirm');`;

type Step = "raids.locked" | "cases.insert" | "cases.confirm";

/** Raid mode's limits (timeout length, longest duration) and its guarantees when statements fail. */
describe("raid mode limits and failures", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let logs: CapturedLogs;
  let guild: SimGuild;
  let admin: SimUser;
  let modLog: SimChannel;
  let general: SimChannel;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Limits" });
    admin = sim.createUser({ username: "admin" });
    const managers = guild.createRole({
      name: "Managers",
      position: 6,
      permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(admin.id, { roles: [managers.id] });
    modLog = guild.createChannel({ name: "mod-log" });
    general = guild.createChannel({ name: "chat" });
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app, logs } = await startBot({
      sim,
      databaseUrl,
      cogs: [RaidCog, ChannelsCog, ModerationCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    await sql(FAULTS);
    const configs = app.container.resolve(GuildConfigController);
    await configs.update(guild.id, { modLogChannelId: modLog.id });
    await configs.addLockdownChannel(guild.id, general.id);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(async () => {
    await sql("DELETE FROM test_raid_faults");
    await sql(
      "UPDATE raids SET ended_at = now(), unlocked_at = now() WHERE guild_id = $1 AND ended_at IS NULL",
      [guild.id],
    );
  });

  const sql = <R = Record<string, unknown>>(query: string, params: unknown[] = []) =>
    app.container.resolve(DatabaseService).sql<R>(query, params);
  const arm = (step: Step) => sql("INSERT INTO test_raid_faults (step) VALUES ($1)", [step]);
  const disarm = (step: Step) => sql("DELETE FROM test_raid_faults WHERE step = $1", [step]);
  const raid = (subcommand: string, options: Record<string, string | number> = {}) =>
    sim
      .command({
        guildId: guild.id,
        userId: admin.id,
        channelId: modLog.id,
        name: "raid",
        subcommand,
        options,
      })
      .answer();
  const logLines = (pattern: RegExp) =>
    modLog.messages.filter((message) => pattern.test(message.content ?? ""));
  const activeRaid = async () =>
    (
      await sql<{ id: number; locked_at: Date | null }>(
        "SELECT id, locked_at FROM raids WHERE guild_id = $1 AND ended_at IS NULL",
        [guild.id],
      )
    ).rows[0];
  const casesOf = async (userId: string) =>
    (
      await sql<{ pending: boolean; voided: boolean; type: string }>(
        "SELECT pending, voided, type FROM cases WHERE guild_id = $1 AND target_id = $2",
        [guild.id, userId],
      )
    ).rows;
  const join = (name: string): SimUser => {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id);
    return user;
  };
  const timedOutUntil = (user: SimUser): number => {
    const until = guild.members.get(user.id)?.communicationDisabledUntil;
    return until ? Date.parse(until) : 0;
  };

  it("decides a join with one read (its detection settings and active raid together)", async () => {
    await raid("config", { joins: 50, seconds: 10, action: "timeout" });
    expect((await raid("start")).content).toMatch(/^Raid mode is on/);
    // The raid task's own reads (every 5 s, whatever joins) may fall inside the window: not the join's.
    const { quietDue, alertsDue } = app.container.resolve(RaidController)["statements"]();
    const readsRaidState = (statement: string) =>
      statement !== quietDue &&
      statement !== alertsDue &&
      /^\s*SELECT/i.test(statement) &&
      /\braid(s|_settings)\b/.test(statement);
    const { statements } = await app.database.queries.record(async () => {
      const counted = join("counted");
      await eventually(() => timedOutUntil(counted) > 0, 10_000, "the join acted on");
    });
    expect(statements.filter(readsRaidState)).toHaveLength(1);
  });

  it("times out for the configured length and tells the member by DM in the guild's language", async () => {
    const configured = await raid("config", {
      joins: 50,
      seconds: 10,
      action: "timeout",
      timeout: "2h",
      longest: "1h",
    });
    expect(configured.content).toContain("Raid timeouts last 2h; raid mode ends after 1h at most");
    expect((await raid("status")).content).toContain(
      "Raid timeouts last 2h; raid mode ends after 1h at most",
    );
    expect((await raid("start")).content).toMatch(/^Raid mode is on/);
    const joiner = join("joiner");
    await eventually(() => timedOutUntil(joiner) > 0, 10_000, "the joiner timed out");
    expect(Math.abs(timedOutUntil(joiner) - (Date.now() + 2 * 3600_000))).toBeLessThan(60_000);
    await eventually(() => sim.dmsTo(joiner.id).length === 1, 5000, "the DM");
    expect(sim.dmsTo(joiner.id)[0]?.content).toMatch(/^You were timed out in \*\*Limits\*\* for 2h: /);
    const refused = await raid("config", { joins: 50, seconds: 10, action: "timeout", timeout: "30d" });
    expect(refused.content).toMatch(/timeout/);
    const short = await raid("config", { joins: 50, seconds: 10, action: "timeout", longest: "5m" });
    expect(short.content).toMatch(/longest.*must be at least 10 minutes/);
  });

  it("a raid that never goes quiet ends after its longest duration, and the mod log says so", async () => {
    await raid("config", { joins: 50, seconds: 10, action: "timeout", longest: "10m" });
    expect((await raid("start")).content).toMatch(/^Raid mode is on/);
    await eventually(() => logLines(/^🚨 Raid mode on/).length > 0, 10_000, "the start alert");
    expect(logLines(/^🚨 Raid mode on/).at(-1)?.content).toContain("by `/raid end`, or after 10m at most");
    // Joins kept coming up to now (a surge just now), but it started eleven minutes ago.
    await sql(
      "UPDATE raids SET started_at = now() - interval '11 minutes', last_surge_at = now() WHERE guild_id = $1 AND ended_at IS NULL",
      [guild.id],
    );
    await eventuallyAsync(async () => (await activeRaid()) === undefined, 20_000, "the raid to end");
    await eventually(() => logLines(/^Raid mode off .*its longest duration \(10m\)/).length === 1, 10_000);
  });

  it("a failed final update of a raid's start neither loses nor repeats its alert", async () => {
    const before = logLines(/^🚨 Raid mode on/).length;
    await arm("raids.locked");
    expect((await raid("start")).content).toMatch(/^Raid mode is on/);
    await eventually(
      () => logs.lines.some((line) => line.msg === "raid work done, left for the task to record"),
      5000,
    );
    await disarm("raids.locked");
    // The lease of the failed claim runs out: the task takes the start over.
    await sql(
      "UPDATE raids SET claimed_until = now() - interval '1 second' WHERE guild_id = $1 AND ended_at IS NULL",
      [guild.id],
    );
    await eventuallyAsync(async () => (await activeRaid())?.locked_at != null, 20_000, "the start recorded");
    await eventually(() => logLines(/^🚨 Raid mode on/).length > before, 10_000, "the start alert");
    await new Promise((resolve) => setTimeout(resolve, 6000)); // another task run: nothing more to post
    expect(logLines(/^🚨 Raid mode on/).length).toBe(before + 1);
  });

  it("never acts on a member without a case: no case, no action; an unconfirmed case is settled later", async () => {
    await raid("config", { joins: 50, seconds: 10, action: "timeout" });
    expect((await raid("start")).content).toMatch(/^Raid mode is on/);
    await arm("cases.insert");
    const unrecorded = join("unrecorded");
    const handled = () =>
      timedOutUntil(unrecorded) > 0 ||
      logs.lines.some((line) => line.msg === "raid could not record a case; member not acted on");
    await eventually(handled, 10_000, "the join handled");
    expect(timedOutUntil(unrecorded)).toBe(0);
    expect(await casesOf(unrecorded.id)).toEqual([]);
    await disarm("cases.insert");

    await arm("cases.confirm");
    const unconfirmed = join("unconfirmed");
    await eventually(() => timedOutUntil(unconfirmed) > 0, 10_000, "the member timed out");
    // The bot's confirm must have failed (and let go of the case's row) before the fault goes: a confirm
    // still under way would hold the row the reconciler skips when locked.
    await eventually(
      () => logs.lines.some((line) => line.msg === "raid action done, its case left to the reconciler"),
      10_000,
      "the failed confirm",
    );
    await eventuallyAsync(async () => (await casesOf(unconfirmed.id)).length === 1, 5000, "its case");
    expect(await casesOf(unconfirmed.id)).toEqual([{ pending: true, voided: false, type: "timeout" }]);
    await disarm("cases.confirm");
    const client = app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    const settled = await app.container.resolve(PendingActions).reconcile(client, 0);
    // What the reconciler said about pending cases goes with the figures, for a run where it settles nothing.
    expect({
      settled,
      cases: await casesOf(unconfirmed.id),
      said: logs.lines.filter((line) => /^pending case/.test(String(line.msg))).map((line) => line.msg),
    }).toEqual({ settled: 1, cases: [{ pending: false, voided: false, type: "timeout" }], said: [] });
  });

  it("/raid start locks only the channels its moderator could lock by hand, naming the others", async () => {
    const locker = sim.createUser({ username: "locker" });
    const lockers = guild.createRole({
      name: "Lockers",
      position: 4,
      permissions:
        PermissionFlagsBits.ModerateMembers |
        PermissionFlagsBits.ManageChannels |
        PermissionFlagsBits.ManageRoles,
    });
    guild.addMember(locker.id, { roles: [lockers.id] });
    const staff = guild.createChannel({ name: "staff" });
    guild.updateChannel(staff.id, (channel) => {
      channel.permissionOverwrites.push({
        id: lockers.id,
        type: OverwriteType.Role,
        allow: 0n,
        deny: PermissionFlagsBits.ManageRoles,
      });
    });
    const configs = app.container.resolve(GuildConfigController);
    await configs.addLockdownChannel(guild.id, staff.id);
    try {
      const cachedDeny = () => {
        const cached = app.bot.client.channels.cache.get(staff.id);
        return (
          cached !== undefined &&
          "permissionOverwrites" in cached &&
          cached.permissionOverwrites.cache.has(lockers.id)
        );
      };
      await eventually(cachedDeny, 5000, "the channel and its overwrite in the cache");
      const started = await sim
        .command({
          guildId: guild.id,
          userId: locker.id,
          channelId: modLog.id,
          name: "raid",
          subcommand: "start",
        })
        .answer();
      expect(started.content).toMatch(/^Raid mode is on/);
      expect(started.content).toContain(`Locked: <#${general.id}>`);
      expect(started.content).toContain(`may not lock them by hand: <#${staff.id}>`);
      const lockedByRaid = (channel: SimChannel) =>
        channel.permissionOverwrites.some(
          (overwrite) =>
            overwrite.id === guild.id && (BigInt(overwrite.deny) & PermissionFlagsBits.SendMessages) !== 0n,
        );
      expect(lockedByRaid(general)).toBe(true);
      expect(lockedByRaid(staff)).toBe(false);
      await eventually(
        () => logLines(/^🚨 Raid mode on/).some((line) => line.content.includes(`by hand: <#${staff.id}>`)),
        10_000,
        "the alert naming the channel",
      );
      expect((await raid("end")).content).toMatch(/^Raid mode is off/);
    } finally {
      await configs.removeLockdownChannel(guild.id, staff.id);
    }
  });

  it("a channel that could not be unlocked at a raid's end is unlocked by the restorer once Discord lets it", async () => {
    const owner = guild.ownerId;
    const asOwner = (subcommand: string) =>
      sim
        .command({ guildId: guild.id, userId: owner, channelId: modLog.id, name: "raid", subcommand })
        .answer();
    expect((await asOwner("start")).content).toMatch(/^Raid mode is on .*\nLocked: /s);
    const locked = () =>
      general.permissionOverwrites.some(
        (overwrite) =>
          overwrite.id === guild.id && (BigInt(overwrite.deny) & PermissionFlagsBits.SendMessages) !== 0n,
      );
    expect(locked()).toBe(true);
    sim.faults.inject({
      method: "DELETE",
      path: `/channels/${general.id}/permissions/${guild.id}`,
      status: 500,
    });
    const ended = await asOwner("end");
    expect(ended.content).toMatch(new RegExp(`^Could not unlock: <#${general.id}>$`, "m"));
    expect(ended.content).toContain("try unlocking them again in a minute");
    expect(locked()).toBe(true);
    sim.faults.clear();
    // A minute passes.
    const due = await sql(
      "UPDATE channel_restores SET expires_at = now() WHERE guild_id = $1 AND channel_id = $2 AND expires_at IS NOT NULL",
      [guild.id, general.id],
    );
    expect(due.rowCount).toBe(1);
    await eventually(() => !locked(), 15_000, "the channel unlocked");
    await eventually(
      () => logLines(new RegExp(`^Unlocked <#${general.id}>: raid mode had ended`)).length === 1,
      10_000,
      "the mod-log line",
    );
  });
});
