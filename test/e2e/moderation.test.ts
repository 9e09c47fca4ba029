import { AuditLogEvent, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { UserPreferenceController } from "../../src/controllers/user-preference-controller";
import { CaseType } from "../../src/entities";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_moderation_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("moderation actions (/warn … /softban) end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let modLogChannelId: string;
  let cases: CaseController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Mod Guild" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions:
        PermissionFlagsBits.ModerateMembers |
        PermissionFlagsBits.KickMembers |
        PermissionFlagsBits.BanMembers,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog],
    }));
    cases = app.container.resolve(CaseController);
    await app.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  /** A fresh member (optionally with roles), so tests don't depend on each other's bans and kicks. */
  function member(name: string, roles: string[] = [], options: { dmsClosed?: boolean } = {}): SimUser {
    const user = sim.createUser({ username: name, ...options });
    guild.addMember(user.id, { roles });
    return user;
  }

  const run = (name: string, options: Record<string, string | number | boolean>, userId = mod.id) =>
    sim.command({ guildId: guild.id, userId, name, options }).answer();

  const lastCase = async () => (await cases.list(guild.id, { includeVoided: true }, { limit: 1 })).items[0];
  const modLog = () => guild.channels.get(modLogChannelId)?.messages ?? [];

  it("/warn records a case, tells the member by DM and posts to the mod log", async () => {
    const alice = member("alice");
    const reply = await run("warn", { user: alice.id, reason: "spam in #general" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^Warned \*\*alice\*\* \(case #\d+\)\.$/);
    const kase = await lastCase();
    expect(kase).toMatchObject({
      type: CaseType.Warn,
      targetId: alice.id,
      moderatorId: mod.id,
      pending: false,
    });
    expect(kase?.reason).toBe("spam in #general");
    expect(sim.dmsTo(alice.id).at(-1)?.content).toBe(
      `You have been warned in **Mod Guild** (case #${kase?.number}).\nReason: spam in #general`,
    );
    const posted = modLog().at(-1);
    expect(posted?.embeds[0]?.title).toBe(`Warning | Case #${kase?.number}`);
    expect(kase?.modLogMessageId).toBe(posted?.id);
  });

  it("/note records a case the member is not told about", async () => {
    const bob = member("bob");
    const reply = await run("note", { user: bob.id, note: "watch this one" });
    expect(reply.content).toMatch(/^Noted on \*\*bob\*\* \(case #\d+\); they were not told\.$/);
    expect(sim.dmsTo(bob.id)).toHaveLength(0);
  });

  it("/timeout times out for the duration, with the reason in the audit log", async () => {
    const carol = member("carol");
    const reply = await run("timeout", { user: carol.id, duration: "1h30m", reason: "heated" });
    expect(reply.content).toMatch(/^Timed out \*\*carol\*\* for 1h 30m \(case #\d+\)\.$/);
    const until = Date.parse(guild.member(carol.id).communicationDisabledUntil ?? "");
    expect(until - Date.now()).toBeGreaterThan(89 * 60_000);
    const kase = await lastCase();
    expect(kase?.expiresAt?.getTime()).toBeCloseTo(until, -4);
    const audit = guild.auditLog.filter((entry) => entry.targetId === carol.id).at(-1);
    expect(audit?.reason).toBe(`mod (case #${kase?.number}): heated`);

    const lifted = await run("untimeout", { user: carol.id });
    expect(lifted.content).toMatch(/^Lifted \*\*carol\*\*'s timeout \(case #\d+\)\.$/);
    expect(guild.member(carol.id).communicationDisabledUntil).toBeNull();
    expect((await run("untimeout", { user: carol.id })).content).toBe("carol isn't timed out.");
  });

  it("refuses a bad or too-long duration, naming the option", async () => {
    const dave = member("dave");
    expect((await run("timeout", { user: dave.id, duration: "soon", reason: "x" })).content).toMatch(
      /`duration`: must look like 10m, 1h30m or 7d/,
    );
    expect((await run("timeout", { user: dave.id, duration: "29d", reason: "x" })).content).toMatch(
      /`duration`: must be at most 4w/,
    );
    expect(guild.member(dave.id).communicationDisabledUntil).toBeNull();
  });

  it("refuses a reason over 2,000 characters", async () => {
    const erin = member("erin");
    const reply = await run("warn", { user: erin.id, reason: "x".repeat(2001) });
    expect(reply.content).toMatch(/`reason`: must be at most 2,000 characters/);
  });

  it("keeps a 2,000-character reason in full and shortens only the audit-log header", async () => {
    const frank = member("frank");
    const reason = "r".repeat(2000);
    await run("kick", { user: frank.id, reason });
    const kase = await lastCase();
    expect(kase?.reason).toBe(reason);
    const audit = guild.auditLog.filter((entry) => entry.targetId === frank.id).at(-1);
    expect(audit?.actionType).toBe(AuditLogEvent.MemberKick);
    expect(audit?.reason).toHaveLength(512);
  });

  it("/kick tells the member first, then removes them", async () => {
    const gina = member("gina");
    const reply = await run("kick", { user: gina.id, reason: "raid" });
    expect(reply.content).toMatch(/^Kicked \*\*gina\*\* \(case #\d+\)\.$/);
    expect(guild.members.has(gina.id)).toBe(false);
    expect(sim.dmsTo(gina.id).at(-1)?.content).toMatch(/^You have been kicked from \*\*Mod Guild\*\*/);
  });

  it("/ban with a duration is a tempban that deletes messages; /unban lifts it", async () => {
    const hank = member("hank");
    const reply = await run("ban", {
      user: hank.id,
      reason: "scam links",
      duration: "7d",
      delete_messages: 86400,
    });
    expect(reply.content).toMatch(/^Banned \*\*hank\*\* for 1w \(case #\d+\)\.$/);
    expect(guild.bans.has(hank.id)).toBe(true);
    const ban = await lastCase();
    expect(ban?.type).toBe(CaseType.Ban);
    expect(ban?.expiresAt).not.toBeNull();

    const unbanned = await run("unban", { user: hank.id, reason: "appeal accepted" });
    expect(unbanned.content).toMatch(/^Unbanned \*\*hank\*\* \(case #\d+\)\.$/);
    expect(guild.bans.has(hank.id)).toBe(false);
    expect((await run("unban", { user: hank.id, reason: "again" })).content).toBe(
      `<@${hank.id}> isn't banned here.`,
    );
    expect((await run("unban", { user: "someone", reason: "x" })).content).toMatch(
      /`user`: must be a user id/,
    );
  });

  it("/ban works on a user who is not a member", async () => {
    const stranger = sim.createUser({ username: "stranger" });
    const reply = await run("ban", { user: stranger.id, reason: "known raider" });
    expect(reply.content).toMatch(/^Banned \*\*stranger\*\* \(case #\d+\)\./);
    expect(guild.bans.has(stranger.id)).toBe(true);
  });

  it("/softban bans and unbans at once", async () => {
    const ivan = member("ivan");
    const reply = await run("softban", { user: ivan.id, reason: "spam wave" });
    expect(reply.content).toMatch(/^Softbanned \*\*ivan\*\* \(case #\d+\)/);
    expect(guild.members.has(ivan.id)).toBe(false);
    expect(guild.bans.has(ivan.id)).toBe(false);
    const actions = guild.auditLog
      .filter((entry) => entry.targetId === ivan.id)
      .map((entry) => entry.actionType);
    expect(actions).toEqual([AuditLogEvent.MemberBanAdd, AuditLogEvent.MemberBanRemove]);
  });

  it("refuses members without the permission", async () => {
    const judy = member("judy");
    const target = member("target");
    const reply = await run("ban", { user: target.id, reason: "x" }, judy.id);
    expect(reply.content).toBe("You need the Ban Members permission or a moderator role to use /ban.");
    expect(guild.bans.has(target.id)).toBe(false);
  });

  it("applies each hierarchy rule, naming it", async () => {
    const senior = guild.createRole({ name: "Senior", position: 6 });
    const admins = guild.createRole({ name: "Admins", position: 11 });
    const above = member("above", [senior.id]);
    const vip = member("vip", [admins.id]);
    expect((await run("warn", { user: mod.id, reason: "x" })).content).toBe(
      "You can't use that on yourself.",
    );
    expect((await run("warn", { user: sim.botUser.id, reason: "x" })).content).toBe(
      "I won't use that on myself.",
    );
    expect((await run("kick", { user: guild.ownerId, reason: "x" })).content).toBe(
      "The server owner can't be moderated.",
    );
    expect((await run("kick", { user: above.id, reason: "x" })).content).toBe(
      "above's highest role is not below yours.",
    );
    const owner = guild.ownerId;
    const fromOwner = await run("kick", { user: vip.id, reason: "x" }, owner);
    expect(fromOwner.content).toMatch(/^vip's highest role is not below mine/);
    expect(guild.members.has(above.id) && guild.members.has(vip.id)).toBe(true);
  });

  it("refuses a target who is not a member, for actions that need one", async () => {
    const gone = sim.createUser({ username: "gone" });
    expect((await run("kick", { user: gone.id, reason: "x" })).content).toBe(
      "gone isn't a member of this server.",
    );
  });

  it("when Discord refuses (403), says why and voids the case", async () => {
    const kim = member("kim");
    sim.faults.inject({ method: "PUT", path: "/guilds/:guild/bans/:user", status: 403 });
    const reply = await run("ban", { user: kim.id, reason: "x" });
    expect(reply.content).toMatch(/^I don't have permission to do that here/);
    const kase = await lastCase();
    expect(kase).toMatchObject({ type: CaseType.Ban, targetId: kim.id, voided: true, pending: false });
    expect(guild.bans.has(kim.id)).toBe(false);
  });

  it("when Discord answers 404, says so and voids the case", async () => {
    const lee = member("lee");
    sim.faults.inject({ method: "DELETE", path: "/guilds/:guild/members/:user", status: 404 });
    const reply = await run("kick", { user: lee.id, reason: "x" });
    expect(reply.content).toBe("Discord couldn't find what that refers to; it may have just been deleted.");
    expect(await lastCase()).toMatchObject({ type: CaseType.Kick, targetId: lee.id, voided: true });
  });

  it("closed DMs never stop the action", async () => {
    const mia = member("mia", [], { dmsClosed: true });
    const reply = await run("kick", { user: mia.id, reason: "x" });
    expect(reply.content).toMatch(/^Kicked \*\*mia\*\* \(case #\d+\)\. I couldn't tell them by DM\.$/);
    expect(guild.members.has(mia.id)).toBe(false);
  });

  it("a mod log it cannot post to never loses the case, and the problem is remembered", async () => {
    const configs = app.container.resolve(GuildConfigController);
    const hidden = guild.createChannel({ name: "hidden" });
    hidden.permissionOverwrites.push({
      id: guild.id,
      type: 0,
      allow: 0n,
      deny: PermissionFlagsBits.SendMessages,
    });
    await configs.update(guild.id, { modLogChannelId: hidden.id });
    try {
      const nora = member("nora");
      expect((await run("warn", { user: nora.id, reason: "x" })).content).toMatch(/^Warned \*\*nora\*\*/);
      expect((await lastCase())?.targetId).toBe(nora.id);
      expect((await configs.get(guild.id)).modLogProblem).toMatch(/permission/);
    } finally {
      await configs.update(guild.id, { modLogChannelId });
    }
    await run("warn", { user: member("oscar").id, reason: "x" });
    expect((await configs.get(guild.id)).modLogProblem).toBeNull();
  });

  it("a ban made outside Warden becomes a case attributed to the moderator in the audit log", async () => {
    const admin = member("admin", [
      guild.createRole({ name: "Admin", position: 8, permissions: PermissionFlagsBits.BanMembers }).id,
    ]);
    const pat = member("pat");
    sim.banAs({ guildId: guild.id, actorId: admin.id, userId: pat.id, reason: "raiding, banned by hand" });
    await eventually(
      () =>
        modLog().some((message) => message.embeds[0]?.fields?.some((field) => field.value.includes(pat.id))),
      5_000,
      "the mod-log post",
    );
    const kase = await lastCase();
    expect(kase).toMatchObject({
      type: CaseType.Ban,
      targetId: pat.id,
      moderatorId: admin.id,
      reason: "raiding, banned by hand",
    });
  });

  it("Warden's own bans are not recorded twice", async () => {
    const quinn = member("quinn");
    const rae = member("rae");
    await run("ban", { user: quinn.id, reason: "spam" });
    await run("softban", { user: rae.id, reason: "spam" });
    // A ban by hand after them: once its case exists, the bot has handled the earlier GUILD_BAN_ADD events
    // too (each handler reads the guild's audit log first, through one first-in-first-out REST queue).
    const sentinel = member("sentinel");
    sim.banAs({ guildId: guild.id, actorId: guild.ownerId, userId: sentinel.id, reason: "by hand" });
    const casesOf = async (targetId: string) =>
      (await cases.list(guild.id, { targetId, includeVoided: true }, { limit: 10 })).items.map(
        (kase) => kase.type,
      );
    await eventuallyAsync(async () => (await casesOf(sentinel.id)).length > 0, 5_000, "the by-hand ban");
    expect(await casesOf(quinn.id)).toEqual([CaseType.Ban]);
    expect(await casesOf(rae.id)).toEqual([CaseType.Softban]);
  });

  it("a member who opted out of case DMs (/preferences dm_on_case) is not told", async () => {
    const sol = member("sol");
    await app.container.resolve(UserPreferenceController).change(sol.id, { dmOnCase: false });
    const reply = await run("warn", { user: sol.id, reason: "quiet please" });
    expect(reply.content).toMatch(/^Warned \*\*sol\*\* \(case #\d+\)\.$/);
    expect(sim.dmsTo(sol.id)).toHaveLength(0);
  });
});
