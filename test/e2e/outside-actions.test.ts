import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType, type Case } from "../../src/entities";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_outside_w${process.env.JEST_WORKER_ID ?? "0"}`;
const HOUR_MS = 3_600_000;

describe("kicks, timeouts and unbans made outside Warden become cases", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let modLogChannelId: string;
  let cases: CaseController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Outside" });
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

  function member(name: string): SimUser {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id);
    return user;
  }

  const casesOf = async (targetId: string): Promise<Case[]> =>
    (await cases.list(guild.id, { targetId, includeVoided: true }, { limit: 20 })).items.reverse();
  const until = async (targetId: string, count: number): Promise<Case[]> => {
    await eventuallyAsync(async () => (await casesOf(targetId)).length >= count, 5_000, `${count} cases`);
    return casesOf(targetId);
  };
  const modLog = () => guild.channels.get(modLogChannelId)?.messages ?? [];
  const run = (name: string, options: Record<string, string | number | boolean>) =>
    sim.command({ guildId: guild.id, userId: mod.id, name, options }).answer();
  const actions = { guildId: "", actorId: "" };
  beforeEach(() => Object.assign(actions, { guildId: guild.id, actorId: mod.id }));

  it("a kick by hand is a Kick case by that moderator, with its reason, posted to the mod log", async () => {
    const kim = member("kim");
    sim.kickAs({ ...actions, userId: kim.id, reason: "kicked by hand" });
    const [kase] = await until(kim.id, 1);
    expect(kase).toMatchObject({
      type: CaseType.Kick,
      moderatorId: mod.id,
      reason: "kicked by hand",
      pending: false,
      auditEntryId: guild.auditLog.at(-1)?.id,
    });
    await eventually(
      () => modLog().some((message) => message.embeds[0]?.fields?.some((f) => f.value.includes(kim.id))),
      5_000,
      "the mod-log post",
    );
  });

  it("a timeout given, changed and lifted by hand: Timeout, Timeout, Untimeout; each closes the one before", async () => {
    const tia = member("tia");
    const first = new Date(Date.now() + HOUR_MS);
    sim.timeoutAs({ ...actions, userId: tia.id, until: first, reason: "cool down" });
    await until(tia.id, 1);
    sim.timeoutAs({ ...actions, userId: tia.id, until: new Date(Date.now() + 2 * HOUR_MS) });
    await until(tia.id, 2);
    sim.timeoutAs({ ...actions, userId: tia.id, until: null, reason: "calmed down" });
    const [given, changed, lifted] = await until(tia.id, 3);
    expect(given).toMatchObject({ type: CaseType.Timeout, reason: "cool down", processed: true });
    expect(given?.expiresAt?.getTime()).toBe(first.getTime());
    expect(changed).toMatchObject({
      type: CaseType.Timeout,
      reason: "timeout changed outside Warden (no reason given)",
      processed: true,
    });
    expect(lifted).toMatchObject({ type: CaseType.Untimeout, reason: "calmed down", moderatorId: mod.id });
  });

  it("an unban by hand is an Unban case (no reason → says so) and ends the member's running tempban", async () => {
    const uma = member("uma");
    expect((await run("ban", { user: uma.id, reason: "raid", duration: "3d" })).content).toMatch(/^Banned/);
    sim.unbanAs({ ...actions, userId: uma.id });
    const [ban, unban] = await until(uma.id, 2);
    expect(unban).toMatchObject({
      type: CaseType.Unban,
      moderatorId: mod.id,
      reason: "unbanned outside Warden (no reason given)",
    });
    // The tempban is settled: its expiry will not try to lift a ban that is gone.
    expect(ban).toMatchObject({ type: CaseType.Ban, processed: true });
  });

  it("Warden's own kicks, timeouts and unbans are not recorded twice", async () => {
    const [ken, tom, una] = [member("ken"), member("tom"), member("una")];
    await run("kick", { user: ken.id, reason: "spam" });
    await run("timeout", { user: tom.id, duration: "1h", reason: "spam" });
    await run("untimeout", { user: tom.id, reason: "ok" });
    await run("ban", { user: una.id, reason: "spam" });
    await run("unban", { user: una.id, reason: "appeal" });
    // A kick by hand after them: its case exists once the bot has handled every earlier audit entry (Warden's
    // own are dropped as they arrive, before any await).
    const sentinel = member("sentinel");
    sim.kickAs({ ...actions, userId: sentinel.id, reason: "by hand" });
    await until(sentinel.id, 1);
    const types = async (user: SimUser) => (await casesOf(user.id)).map((kase) => kase.type);
    expect(await types(ken)).toEqual([CaseType.Kick]);
    expect(await types(tom)).toEqual([CaseType.Timeout, CaseType.Untimeout]);
    expect(await types(una)).toEqual([CaseType.Ban, CaseType.Unban]);
  });

  it("clearing a timeout that has already run out records nothing", async () => {
    const eve = member("eve");
    guild.updateMember(eve.id, (target) => {
      target.communicationDisabledUntil = new Date(Date.now() - HOUR_MS).toISOString();
    });
    sim.timeoutAs({ ...actions, userId: eve.id, until: null });
    const sentinel = member("sentinel2");
    sim.kickAs({ ...actions, userId: sentinel.id });
    expect(await until(sentinel.id, 1)).toHaveLength(1);
    expect(await casesOf(eve.id)).toEqual([]);
  });

  it("without View Audit Log Discord sends no entries: a kick by hand is not recorded (documented)", async () => {
    const warden = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!warden) throw new Error("no bot role");
    const before = warden.permissions;
    warden.permissions &= ~PermissionFlagsBits.ViewAuditLog;
    const nia = member("nia");
    sim.kickAs({ ...actions, userId: nia.id });
    warden.permissions = before;
    const sentinel = member("sentinel3");
    sim.kickAs({ ...actions, userId: sentinel.id });
    await until(sentinel.id, 1);
    expect(await casesOf(nia.id)).toEqual([]);
  });

  it("Discord refusing the moderator (403: below the target) leaves no entry and no case", async () => {
    const boss = sim.createUser({ username: "boss" });
    const high = guild.createRole({ name: "High", position: 8 });
    guild.addMember(boss.id, { roles: [high.id] });
    expect(() => sim.kickAs({ ...actions, userId: boss.id })).toThrow();
    const sentinel = member("sentinel4");
    sim.kickAs({ ...actions, userId: sentinel.id });
    await until(sentinel.id, 1);
    expect(await casesOf(boss.id)).toEqual([]);
  });
});
