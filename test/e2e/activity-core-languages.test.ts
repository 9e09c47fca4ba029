import { Locale, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { GuildEventController } from "../../src/controllers/guild-event-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_activity_core_languages_w${process.env.JEST_WORKER_ID ?? "0"}`;
const AT = "<t:\\d+:R>";

describe("/activity, /logging, /ping and /about in German and Spanish", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let moderator: SimUser;
  let admin: SimUser;
  let chatty: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Sprachen" });
    const mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers });
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    moderator = sim.createUser({ username: "mod" });
    admin = sim.createUser({ username: "admin" });
    chatty = sim.createUser({ username: "chatty" });
    guild.addMember(moderator.id, { roles: [mods.id] });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(chatty.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [ActivityCog, CoreCog] }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const cog = (): ActivityCog => app.cogs.find((candidate) => candidate.name === "activity") as ActivityCog;
  const command = (
    userId: string,
    locale: string,
    name: string,
    subcommand?: string,
    options: Record<string, string | number | boolean> = {},
  ) =>
    sim
      .command({ guildId: guild.id, userId, name, options, locale, ...(subcommand ? { subcommand } : {}) })
      .answer();

  it("ranks and shows members' activity with the reader's words and numbers", async () => {
    for (let n = 0; n < 1234; n += 1) cog().buffer.recordMessage(guild.id, chatty.id, new Date());
    await cog().buffer.flush();

    const top = await command(moderator.id, "de", "activity", "top", { period: "24h" });
    expect(top.content.split("\n")).toEqual([
      "Aktivste Mitglieder (letzte 24 Stunden):",
      `1. <@${chatty.id}> 1.234 Nachrichten`,
    ]);
    const quiet = await command(moderator.id, "es-ES", "activity", "top", { period: "all" });
    expect(quiet.content.split("\n")[0]).toBe("Miembros más activos (desde siempre):");
    const shown = await command(moderator.id, "es-ES", "activity", "show", { user: chatty.id });
    expect(shown.content).toMatch(
      new RegExp(`^<@${chatty.id}>: 1234 mensajes, visto por última vez ${AT}\\.$`),
    );
    const nobody = await command(moderator.id, "de", "activity", "show");
    expect(nobody.content).toBe(`<@${moderator.id}>: keine Nachrichten gesehen.`);
  });

  it("tells the event log in German, and says so when a member has none", async () => {
    const events = app.container.resolve(GuildEventController);
    const created = new Date("2024-05-01T00:00:00Z").toISOString();
    await events.record(guild.id, "member_join", chatty.id, {
      username: "chatty",
      accountCreatedAt: created,
    });
    await events.record(guild.id, "roles_changed", chatty.id, { added: ["11"], removed: ["12"] });
    await events.record(guild.id, "roles_changed", chatty.id, { added: [], removed: ["11"], by: admin.id });
    await events.record(guild.id, "ban", null, { username: "raider" });

    const log = await command(moderator.id, "de", "activity", "events");
    expect(log.content.split("\n")).toEqual([
      "Letzte Ereignisse, neueste zuerst:",
      expect.stringMatching(new RegExp(`^${AT} jemand \\(raider\\) wurde gebannt$`)),
      expect.stringMatching(new RegExp(`^${AT} <@${chatty.id}> Rollen −<@&11> von <@${admin.id}>$`)),
      expect.stringMatching(new RegExp(`^${AT} <@${chatty.id}> Rollen \\+<@&11> −<@&12>$`)),
      expect.stringMatching(
        new RegExp(
          `^${AT} <@${chatty.id}> \\(chatty\\) ist beigetreten \\(Konto erstellt <t:1714521600:R>\\)$`,
        ),
      ),
    ]);
    const none = await command(moderator.id, "es-ES", "activity", "events", { member: admin.id });
    expect(none.content).toBe(`No hay eventos registrados de <@${admin.id}>.`);
  });

  it("answers /logging in Spanish, refusals and out-of-range days included", async () => {
    const on = await command(admin.id, "es-ES", "logging", "messages", { enabled: true });
    expect(on.content).toBe(
      "A partir de ahora se guardarán los mensajes de los miembros como contexto para la moderación.",
    );
    const kept = await command(admin.id, "es-ES", "logging", "retention", { days: 1 });
    expect(kept.content).toBe("Los mensajes y eventos registrados se guardarán durante 1 día.");
    const refused = await command(moderator.id, "es-ES", "logging", "retention", { days: 5 });
    expect(refused.content).toMatch(/^Necesitas el permiso Gestionar servidor para usar \/\S+ \S+\.$/);
    const tooLong = await command(admin.id, "de", "logging", "retention", { days: 3651 });
    expect(tooLong.content).toMatch(/^Das hat nicht geklappt:\n• `\S+`: darf höchstens 3\.650 sein$/);
  });

  it("answers /ping and /about in the member's language, else the server's", async () => {
    expect((await command(chatty.id, "es-ES", "ping")).content).toMatch(/^¡Pong!/);
    const german = await command(chatty.id, "de", "about");
    const fields = Object.fromEntries(
      (german.embeds[0]?.fields ?? []).map((field) => [field.name, field.value]),
    );
    expect(Object.keys(fields)).toEqual([
      "Version",
      "Schema",
      "Laufzeit",
      "Shard",
      "Gateway-Latenz",
      "Datenbank",
    ]);
    expect(fields.Shard).toBe("1 von 1");
    expect(fields.Datenbank).toMatch(/^externes PostgreSQL: läuft, \d+ ms$/);
    expect(german.embeds[0]?.description).toBe(
      "Werkzeuge für Moderation und Community, mit einer Datenbank, die ihre Versprechen hält.",
    );

    guild.preferredLocale = Locale.SpanishES;
    // A client language Warden does not speak falls back to the server's.
    const spanish = await command(chatty.id, "fr", "about");
    const names = (spanish.embeds[0]?.fields ?? []).map((field) => field.name);
    expect(names).toEqual([
      "Versión",
      "Esquema",
      "Tiempo activo",
      "Shard",
      "Latencia del gateway",
      "Base de datos",
    ]);
  });
});
