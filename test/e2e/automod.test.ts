import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { AUTOMOD_MODERATOR_ID } from "../../src/cogs/cases/moderator-name";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType, type Case } from "../../src/entities";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { DiscordSimulator, type SimAutoModRule, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_automod_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("Discord AutoMod actions become cases by AutoMod", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let rule: SimAutoModRule;
  let modLogChannelId: string;
  let cases: CaseController;
  let wardenPermissions: bigint;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "AutoMod" });
    const warden = wardenRole();
    warden.permissions |= PermissionFlagsBits.ManageGuild;
    wardenPermissions = warden.permissions;
    rule = sim.createAutoModRule({ guildId: guild.id, name: "No invites" });
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

  afterEach(() => {
    sim.faults.clear();
    wardenRole().permissions = wardenPermissions;
  });

  function wardenRole() {
    const role = [...guild.roles.values()].find((candidate) => candidate.name === "Warden");
    if (!role) throw new Error("no bot role");
    return role;
  }

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
  const trigger = (userId: string, action: "block" | "timeout", content: string, matchedKeyword?: string) =>
    sim.autoModAction({
      guildId: guild.id,
      ruleId: rule.id,
      userId,
      action,
      durationSeconds: 600,
      content,
      ...(matchedKeyword ? { matchedKeyword } : {}),
    });

  it("a timeout by AutoMod is a Timeout case of its duration, by AutoMod, naming the rule and keyword", async () => {
    const tim = member("tim");
    trigger(tim.id, "timeout", "join discord.gg/spam now", "discord.gg");
    const [kase] = await until(tim.id, 1);
    expect(kase).toMatchObject({
      type: CaseType.Timeout,
      moderatorId: AUTOMOD_MODERATOR_ID,
      reason: "AutoMod rule “No invites”: matched “discord.gg”",
    });
    const lasted = (kase?.expiresAt?.getTime() ?? 0) - (kase?.createdAt.getTime() ?? 0);
    expect(Math.round(lasted / 1000)).toBe(600);
    await eventually(
      () =>
        (guild.channels.get(modLogChannelId)?.messages ?? []).some((message) =>
          message.embeds[0]?.fields?.some((field) => field.name === "Moderator" && field.value === "AutoMod"),
        ),
      5_000,
      "the mod-log post naming AutoMod",
    );
  });

  it("a blocked message is a Note by AutoMod; AutoMod's audit entries add no second case", async () => {
    const bea = member("bea");
    trigger(bea.id, "block", "buy cheap stuff");
    const [note] = await until(bea.id, 1);
    // Without the Message Content intent Discord leaves the content out: the reason names the rule.
    expect(note).toMatchObject({ type: CaseType.Note, moderatorId: AUTOMOD_MODERATOR_ID });
    expect(note?.reason).toBe("AutoMod rule “No invites”");
    // AutoMod's own audit entries (block, timeout) are not also read as actions taken by hand.
    trigger(bea.id, "timeout", "again", "again");
    await until(bea.id, 2);
    const sentinel = member("sentinel-bea");
    sim.kickAs({ guildId: guild.id, actorId: guild.ownerId, userId: sentinel.id });
    await until(sentinel.id, 1);
    expect((await casesOf(bea.id)).map((kase) => kase.type)).toEqual([CaseType.Note, CaseType.Timeout]);
  });

  it.each([
    [403, 50013],
    [404, 10066],
  ])("names the rule by its id when Discord refuses to show it (%i)", async (status, code) => {
    const ida = member(`ida${status}`);
    sim.faults.inject({ method: "GET", path: "/guilds/:guild/auto-moderation/rules/:rule", status, code });
    trigger(ida.id, "block", "x", "kw");
    const [kase] = await until(ida.id, 1);
    expect(kase?.reason).toBe(`AutoMod rule “${rule.id}”: matched “kw”`);
  });

  it("without Manage Server Discord sends no AutoMod events: nothing is recorded (documented)", async () => {
    const nat = member("nat");
    wardenRole().permissions &= ~PermissionFlagsBits.ManageGuild;
    trigger(nat.id, "block", "x", "kw");
    wardenRole().permissions = wardenPermissions;
    const sentinel = member("sentinel");
    trigger(sentinel.id, "block", "y", "kw");
    await until(sentinel.id, 1);
    expect(await casesOf(nat.id)).toEqual([]);
  });
});
