import { QuotesCog } from "../../src/cogs/quotes/quotes-cog";
import { useAdminGuild } from "../support/admin-guild";

describe("/quote", () => {
  const world = useAdminGuild("quotes", [QuotesCog]);

  const quote = (
    subcommand: string,
    options: Record<string, string> = {},
    userId = world.alice.id,
    locale?: string,
  ) =>
    world.sim
      .command({
        guildId: world.guild.id,
        userId,
        name: "quote",
        subcommand,
        options,
        ...(locale ? { locale } : {}),
      })
      .answer();

  it("saves quotes and draws one at random, by an author if asked, naming the author without a ping", async () => {
    expect((await quote("random")).content).toBe("No quotes yet.");
    expect((await quote("add", { text: "Buy cheap gold at …" })).content).toBe(
      "You need the Manage Server permission or a moderator role to use /quote add.",
    );
    const saved = await quote("add", { text: "Ship it.", author: world.admin.id }, world.admin.id);
    expect(saved).toMatchObject({ content: "Saved to the quote book.", ephemeral: true });
    await quote("add", { text: "Who wrote this?" }, world.admin.id);
    const byAdmin = await quote("random", { author: world.admin.id });
    expect(byAdmin.content).toBe(`> Ship it.\n— <@${world.admin.id}>`);
    expect(byAdmin.ephemeral).toBe(false);
    expect(byAdmin.allowedMentions).toMatchObject({ parse: [], users: [] });
    expect((await quote("random", { author: world.alice.id })).content).toBe("No quotes yet.");
    const drawn = new Set<string>();
    for (let i = 0; i < 30; i += 1) drawn.add((await quote("random")).content ?? "");
    expect(drawn).toEqual(new Set([`> Ship it.\n— <@${world.admin.id}>`, "> Who wrote this?"]));
  });

  it("keeps a quote of several lines inside one block quote", async () => {
    const other = world.sim.createUser({ username: "poet" });
    world.guild.addMember(other.id);
    await quote("add", { text: "Roses are red,\nviolets are blue", author: other.id }, world.admin.id);
    expect((await quote("random", { author: other.id })).content).toBe(
      `> Roses are red,\n> violets are blue\n— <@${other.id}>`,
    );
  });

  it("keeps each server's quotes to itself", async () => {
    const other = world.sim.createGuild({ name: "Elsewhere", ownerId: world.admin.id });
    other.addMember(world.alice.id);
    const elsewhere = await world.sim
      .command({ guildId: other.id, userId: world.alice.id, name: "quote", subcommand: "random" })
      .answer();
    expect(elsewhere.content).toBe("No quotes yet.");
  });

  it("answers in German and Spanish, and refuses a blank quote by its option's name", async () => {
    expect((await quote("add", { text: "Genau." }, world.admin.id, "de")).content).toBe(
      "Im Zitatbuch gespeichert.",
    );
    const blank = await quote("add", { text: "   " }, world.admin.id, "es-ES");
    // A member's refusal, in German, names the command as their (German) Discord lists it.
    expect((await quote("add", { text: "Spam" }, world.alice.id, "de")).content).toBe(
      "Du brauchst die Berechtigung Server verwalten oder eine Moderatorenrolle, um /zitat hinzufügen zu verwenden.",
    );
    expect(blank).toMatchObject({ ephemeral: true });
    expect(blank.content).toBe("Eso no funcionó:\n• `texto`: no puede estar vacío");
  });
});
