import { Locale } from "discord-api-types/v10";
import { CaseController } from "../../src/controllers/case-controller";
import { UserPreferenceController } from "../../src/controllers/user-preference-controller";
import { CaseType } from "../../src/entities";
import { buttonOf, CasesWorld, listedNumbers } from "../support/cases-fixture";

const DATABASE = `warden_e2e_cases_languages_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("/case, /cases, /history and case autocomplete in German and Spanish", () => {
  let world: CasesWorld;
  let cases: CaseController;

  beforeAll(async () => {
    world = await CasesWorld.start(DATABASE);
    cases = world.app.container.resolve(CaseController);
  });
  afterAll(() => world?.stop());

  const inGerman = (subcommand: string, options: Record<string, string | number>) =>
    world.run(world.mod.id, "case", { subcommand, options, locale: "de" });

  it("shows, edits and refuses in the German of the moderator's client", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "spam" });
    await cases.editReason(world.guild.id, kase.number, world.otherMod.id, "spam links");
    const shown = await inGerman("show", { number: kase.number });
    expect(shown.embeds[1]?.title).toBe("Verlauf");
    expect(shown.embeds[1]?.description).toMatch(
      new RegExp(`^<t:\\d+:f> <@${world.otherMod.id}> hat den Grund von „spam“ in „spam links“ geändert$`),
    );

    expect(await inGerman("show", { number: 9999 })).toMatchObject({
      content: "Fall #9999 nicht gefunden.",
      ephemeral: true,
    });
    const edited = await inGerman("reason", { number: kase.number, reason: "Werbung" });
    expect(edited.content).toBe(`Der Grund von Fall #${kase.number} wurde geändert.`);
    const deleted = await inGerman("delete", { number: kase.number, reason: "falsches Mitglied" });
    expect(deleted.content).toBe(
      `Fall #${kase.number} wurde gelöscht. Er bleibt mit seinem Verlauf gespeichert.`,
    );
    expect((await inGerman("reason", { number: kase.number, reason: "doch" })).content).toBe(
      `Fall #${kase.number} ist gelöscht; sein Grund kann nicht mehr geändert werden.`,
    );
    expect((await inGerman("link", { number: kase.number, refers_to: kase.number })).content).toBe(
      "Das hat nicht geklappt:\n• `bezieht_sich_auf`: ein Fall kann nicht auf sich selbst verweisen",
    );
  });

  it("speaks the guild's Spanish to a client whose language Warden lacks", async () => {
    const guild = await world.addGuild("Servidor");
    guild.preferredLocale = Locale.SpanishES;
    const reply = await world.run(
      world.mod.id,
      "case",
      { subcommand: "show", options: { number: 4321 }, locale: "fr" },
      guild,
    );
    expect(reply.content).toBe("No se encontró el caso #4321.");
  });

  it("pages /cases in Spanish for a moderator who chose it, and says so in Spanish when the buttons expire", async () => {
    const guild = await world.addGuild("Paginas");
    for (let index = 1; index <= 12; index += 1) {
      await world.makeCase({ guildId: guild.id, reason: `motivo ${index}` });
    }
    await world.app.container.resolve(UserPreferenceController).change(world.mod.id, { language: "es-ES" });
    try {
      const first = await world.run(world.mod.id, "cases", { subcommand: "list" }, guild);
      expect(first.embeds[0]?.title).toBe("Casos");
      expect(first.embeds[0]?.footer?.text).toBe("Página 1 de 2 · 12 casos");
      expect(first.embeds[0]?.description?.split("\n")[0]).toMatch(
        new RegExp(
          `^#12 Advertencia · <@${world.alice.id}> · por <@${world.mod.id}> · <t:\\d+:R> · motivo 12$`,
        ),
      );
      expect(buttonOf(first, "Anterior")?.disabled).toBe(true);
      const second = await world.press(world.mod.id, first, "Siguiente", guild);
      expect(listedNumbers(second)).toEqual([2, 1]);
      expect(second.embeds[0]?.footer?.text).toBe("Página 2 de 2 · 12 casos");

      world.clock.advance(11 * 60 * 1000);
      // Spanish words, but the command as the moderator's (English) Discord client lists it.
      expect(await world.press(world.mod.id, second, "Anterior", guild)).toMatchObject({
        content: "Estos botones han caducado; vuelve a ejecutar /cases list.",
        ephemeral: true,
      });
    } finally {
      await world.app.container.resolve(UserPreferenceController).change(world.mod.id, { language: null });
    }
  });

  it("counts a member's record and suggests cases in German", async () => {
    const guild = await world.addGuild("Akte");
    const at = { guildId: guild.id, targetId: world.bob.id, targetName: "bob" };
    await world.makeCase({ ...at, type: CaseType.Warn, reason: "frech" });
    await world.makeCase({ ...at, type: CaseType.Warn, reason: "frech" });
    const ban = await world.makeCase({ ...at, type: CaseType.Ban, reason: "Raid" });
    await cases.void(guild.id, ban.number, world.mod.id);
    const history = await world.run(
      world.mod.id,
      "history",
      { options: { user: world.bob.id }, locale: "de" },
      guild,
    );
    const lines = history.embeds[0]?.description?.split("\n") ?? [];
    expect(history.embeds[0]?.title).toBe("Verlauf");
    expect(lines.slice(0, 4)).toEqual([
      `<@${world.bob.id}> · 2 Fälle`,
      "Verwarnung: 2",
      "",
      "**Die letzten 2**",
    ]);

    const suggested = await world.sim
      .autocomplete({
        guildId: guild.id,
        userId: world.mod.id,
        name: "case",
        subcommand: "show",
        focused: "number",
        options: { number: "" },
        locale: "de",
      })
      .answer();
    expect(suggested.choices?.[0]).toEqual({
      name: `#${ban.number} Bann (gelöscht) — bob: Raid`,
      value: ban.number,
    });
  });
});
