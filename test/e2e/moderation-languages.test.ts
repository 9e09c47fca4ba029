import { Locale, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { UserPreferenceController } from "../../src/controllers/user-preference-controller";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_moderation_languages_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * Each moderation message in its reader's language: the moderator's answer in theirs, the member's DM in
 * theirs (else the guild's), the mod log and the audit log in the guild's (German here).
 */
describe("moderation in German and Spanish", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let modLogChannelId: string;
  let cases: CaseController;
  let configs: GuildConfigController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Gilde" });
    guild.preferredLocale = Locale.German;
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.BanMembers,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog],
    }));
    cases = app.container.resolve(CaseController);
    configs = app.container.resolve(GuildConfigController);
    await configs.update(guild.id, { modLogChannelId });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  function member(name: string): SimUser {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id);
    return user;
  }

  const run = (locale: string, name: string, options: Record<string, string | number | boolean>) =>
    sim.command({ guildId: guild.id, userId: mod.id, name, options, locale }).answer();

  const lastCase = async () => (await cases.list(guild.id, { includeVoided: true }, { limit: 1 })).items[0];
  const lastModLogEmbed = () => guild.channels.get(modLogChannelId)?.messages.at(-1)?.embeds[0];

  it("answers a Spanish moderator in Spanish, tells the member and the mod log in the guild's German", async () => {
    const alice = member("alice");
    const reply = await run("es-ES", "warn", { user: alice.id, reason: "spam" });
    const kase = await lastCase();
    expect(reply.content).toBe(`Has advertido a **alice** (caso #${kase?.number}).`);
    expect(sim.dmsTo(alice.id).at(-1)?.content).toBe(
      `Du wurdest auf **Gilde** verwarnt (Fall #${kase?.number}).\nGrund: spam`,
    );
    const embed = lastModLogEmbed();
    expect(embed?.title).toBe(`Verwarnung | Fall #${kase?.number}`);
    expect(embed?.fields?.map((field) => field.name)).toEqual(["Mitglied", "Moderator", "Grund"]);
  });

  it("writes the DM in the member's own /preferences language and the audit log in the guild's", async () => {
    const bruno = member("bruno");
    await app.container.resolve(UserPreferenceController).change(bruno.id, { language: "es-ES" });
    const reply = await run("de", "timeout", { user: bruno.id, duration: "1h30m", reason: "Streit" });
    const kase = await lastCase();
    expect(reply.content).toBe(`**bruno** für 1h 30m in den Timeout geschickt (Fall #${kase?.number}).`);
    expect(sim.dmsTo(bruno.id).at(-1)?.content).toBe(
      `Te han aislado en **Gilde** durante 1h 30m (caso #${kase?.number}).\nMotivo: Streit`,
    );
    const audit = guild.auditLog.filter((entry) => entry.targetId === bruno.id).at(-1);
    expect(audit?.reason).toBe(`mod (Fall #${kase?.number}): Streit`);
    expect(lastModLogEmbed()?.fields?.find((field) => field.name === "Dauer")?.value).toMatch(
      /^1h 30m \(bis <t:\d+:f>\)$/,
    );
  });

  it("refuses in the moderator's language", async () => {
    expect((await run("de", "warn", { user: mod.id, reason: "x" })).content).toBe(
      "Das kannst du nicht bei dir selbst anwenden.",
    );
    const stranger = sim.createUser({ username: "stranger" });
    expect((await run("es-ES", "unban", { user: stranger.id, reason: "x" })).content).toBe(
      `<@${stranger.id}> no está baneado aquí.`,
    );
    expect((await run("es-ES", "untimeout", { user: member("carla").id })).content).toBe(
      "carla no está aislado.",
    );
  });

  it("remembers a mod-log problem in the guild's language", async () => {
    const hidden = guild.createChannel({ name: "versteckt" });
    hidden.permissionOverwrites.push({
      id: guild.id,
      type: 0,
      allow: 0n,
      deny: PermissionFlagsBits.SendMessages,
    });
    await configs.update(guild.id, { modLogChannelId: hidden.id });
    try {
      await run("en-US", "warn", { user: member("dora").id, reason: "x" });
      expect((await configs.get(guild.id)).modLogProblem).toBe(
        "mir fehlt die Berechtigung, im Mod-Log-Kanal zu posten",
      );
    } finally {
      await configs.update(guild.id, { modLogChannelId });
    }
  });
});
