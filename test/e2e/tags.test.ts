import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { GroupsCog } from "../../src/cogs/groups/groups-cog";
import { TagsCog } from "../../src/cogs/tags/tags-cog";
import { GroupController } from "../../src/controllers/group-controller";
import { TagController } from "../../src/controllers/tag-controller";
import { VariableController } from "../../src/controllers/variable-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_tags_w${process.env.JEST_WORKER_ID ?? "0"}`;

type Options = Record<string, string | number | boolean>;

describe("/tag", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let admin: SimUser;
  let alice: SimUser;
  let bob: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Tags" });
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    admin = sim.createUser({ username: "admin" });
    alice = sim.createUser({ username: "alice" });
    bob = sim.createUser({ username: "bob" });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(alice.id);
    guild.addMember(bob.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [TagsCog, GroupsCog] }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const run = (subcommand: string, options: Options = {}, userId = admin.id) =>
    sim.command({ guildId: guild.id, userId, name: "tag", subcommand, options }).answer();
  const tags = (): TagController => app.container.resolve(TagController);

  it("creates a tag and fills in its placeholders without pinging anyone", async () => {
    await app.container.resolve(VariableController).set(guild.id, "season", "3", "integer");
    const response =
      "Hi {user} ({user.name}), use #{count}, season {var:season}{var:missing} {unknown} {{count}}";
    expect((await run("create", { name: "Welcome", response })).content).toBe("Created the tag `Welcome`.");
    const reply = await run("use", { name: "welcome" }, alice.id);
    expect(reply.ephemeral).toBe(false);
    expect(reply.content).toBe(`Hi <@${alice.id}> (alice), use #1, season 3 {unknown} {1}`);
    expect(reply.allowedMentions).toMatchObject({ parse: [], users: [] });
    expect((await run("use", { name: "WELCOME" }, bob.id)).content).toContain("use #2");
    expect((await tags().getByNameOrFail(guild.id, "welcome")).uses).toBe(2);
  });

  it("creates a tag whose response held U+0000 without it, and suggests names for such input", async () => {
    expect((await run("create", { name: "Nul", response: "a\u0000b" })).content).toBe(
      "Created the tag `Nul`.",
    );
    expect((await run("use", { name: "nul" }, alice.id)).content).toBe("ab");
    const nameless = await run("create", { name: "\u0000", response: "x" });
    expect(nameless.ephemeral).toBe(true);
    expect(nameless.content).toBe("That didn't work:\n• `name`: must contain some text (U+0000 is removed)");
    const suggested = await sim
      .autocomplete({
        guildId: guild.id,
        userId: alice.id,
        name: "tag",
        subcommand: "use",
        options: { name: "n\u0000u" },
        focused: "name",
      })
      .answer();
    expect(suggested.choices).toEqual([{ name: "Nul", value: "Nul" }]);
  });

  it("refuses a name taken in different case, and bad names", async () => {
    await run("create", { name: "Rules", response: "Be nice." });
    const reply = await run("create", { name: "RULES", response: "Be mean." });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("A tag named `RULES` already exists.");
    expect((await run("create", { name: "two words", response: "x" })).content).toContain("`name`");
  });

  it("refuses unknown tags", async () => {
    for (const subcommand of ["use", "info", "delete"]) {
      expect((await run(subcommand, { name: "ghost" })).content).toBe("There is no tag named `ghost`.");
    }
    expect((await run("edit", { name: "ghost", enabled: false })).content).toBe(
      "There is no tag named `ghost`.",
    );
  });

  it("refuses create, edit and delete to members who are not moderators", async () => {
    await run("create", { name: "Faq", response: "Read the FAQ." });
    const attempts: Array<[string, Options]> = [
      ["create", { name: "Mine", response: "x" }],
      ["edit", { name: "faq", response: "changed" }],
      ["delete", { name: "faq" }],
    ];
    for (const [subcommand, options] of attempts) {
      const reply = await run(subcommand, options, alice.id);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(
        `You need the Manage Server permission or a moderator role to use /tag ${subcommand}.`,
      );
    }
    expect((await tags().getByNameOrFail(guild.id, "faq")).response).toBe("Read the FAQ.");
    expect((await run("use", { name: "faq" }, alice.id)).content).toBe("Read the FAQ.");
  });

  it("answers with the time left while a cooldown is active", async () => {
    await run("create", { name: "Slow", response: "slow {count}", cooldown: 3600 });
    expect((await run("use", { name: "slow" }, alice.id)).content).toBe("slow 1");
    const refused = await run("use", { name: "slow" }, alice.id);
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/^You can use `Slow` again in [\d,]+ s \(<t:\d+:R>\)\.$/);
    expect((await run("use", { name: "slow" }, bob.id)).content).toBe("slow 2");
    expect((await tags().getByNameOrFail(guild.id, "slow")).uses).toBe(2);
  });

  it("limits a tag to moderators or to a group, and can disable it", async () => {
    await run("create", { name: "Secret", response: "mods only", mod_only: true });
    expect((await run("use", { name: "secret" }, alice.id)).content).toBe(
      "You need the Manage Server permission or a moderator role to use the tag `Secret`.",
    );
    expect((await run("use", { name: "secret" })).content).toBe("mods only");

    const groups = app.container.resolve(GroupController);
    const artists = await groups.createGroup(guild.id, "Artists");
    await groups.addMember(artists.id, bob.id);
    expect((await run("create", { name: "Art", response: "art", group: "nogroup" })).content).toBe(
      "There is no group named `nogroup`.",
    );
    await run("create", { name: "Art", response: "art", group: "artists" });
    expect((await run("use", { name: "art" }, alice.id)).content).toBe(
      "Only members of the group `Artists` can use the tag `Art`.",
    );
    expect((await run("use", { name: "art" }, bob.id)).content).toBe("art");
    expect((await run("edit", { name: "art", group: "none" })).content).toBe("Updated the tag `Art`.");
    expect((await run("use", { name: "art" }, alice.id)).content).toBe("art");

    expect((await run("edit", { name: "art", enabled: false })).content).toBe("Updated the tag `Art`.");
    expect((await run("use", { name: "art" }, bob.id)).content).toBe("The tag `Art` is disabled.");
  });

  it("shows info and a list, suggests names and deletes", async () => {
    await run("create", { name: "Links", response: "https://example.com {count}" });
    const info = await run("info", { name: "links" }, alice.id);
    expect(info.content).toContain("**Links**");
    expect(info.content).toContain("Used 0 times · by everyone · cooldown none");
    expect(info.content).toContain("Response: `https://example.com {count}`");
    const list = await run("list", {}, alice.id);
    expect(list.content).toContain("`Links` · 0 uses · https://example.com {count}");
    expect(list.content).toMatch(/Page 1 of 1 · \d+ tags$/);
    const suggested = await sim
      .autocomplete({
        guildId: guild.id,
        userId: alice.id,
        name: "tag",
        subcommand: "use",
        options: { name: "l" },
        focused: "name",
      })
      .answer();
    expect(suggested.choices).toEqual([{ name: "Links", value: "Links" }]);
    expect((await run("delete", { name: "LINKS" })).content).toBe("Deleted the tag `Links`.");
    expect(await tags().getByName(guild.id, "links")).toBeNull();
  });

  it("shows a restricted tag's response only to those who may use it, and to moderators", async () => {
    await run("create", { name: "Plans", response: "the mod plan", mod_only: true });
    const groups = app.container.resolve(GroupController);
    const painters = await groups.createGroup(guild.id, "Painters");
    await groups.addMember(painters.id, bob.id);
    await run("create", { name: "Canvas", response: "painters secret", group: "painters" });

    expect(await run("info", { name: "plans" }, alice.id)).toMatchObject({
      ephemeral: true,
      content: "You need the Manage Server permission or a moderator role to use the tag `Plans`.",
    });
    expect((await run("info", { name: "canvas" }, alice.id)).content).toBe(
      "Only members of the group `Painters` can use the tag `Canvas`.",
    );
    expect((await run("info", { name: "canvas" }, bob.id)).content).toContain("Response: `painters secret`");
    expect((await run("info", { name: "plans" })).content).toContain("Response: `the mod plan`");
    expect((await run("info", { name: "canvas" })).content).toContain("Response: `painters secret`");

    const line = async (userId: string, name: string) =>
      (await run("list", {}, userId)).content.split("\n").find((entry) => entry.startsWith(`\`${name}\``));
    expect(await line(alice.id, "Plans")).toBe("`Plans` · 0 uses · moderators only");
    expect(await line(alice.id, "Canvas")).toBe("`Canvas` · 0 uses · members of `Painters` only");
    expect(await line(bob.id, "Plans")).toBe("`Plans` · 0 uses · moderators only");
    expect(await line(bob.id, "Canvas")).toBe(
      "`Canvas` · 0 uses · members of `Painters` only · painters secret",
    );
    expect(await line(admin.id, "Plans")).toBe("`Plans` · 0 uses · moderators only · the mod plan");
    expect(await line(admin.id, "Canvas")).toBe(
      "`Canvas` · 0 uses · members of `Painters` only · painters secret",
    );
  });

  it("makes a deleted group's tags moderator-only, never public", async () => {
    const groups = app.container.resolve(GroupController);
    const writers = await groups.createGroup(guild.id, "Writers");
    await groups.addMember(writers.id, bob.id);
    await run("create", { name: "Draft", response: "draft secret", group: "writers" });
    const deleted = await sim
      .command({
        guildId: guild.id,
        userId: admin.id,
        name: "group",
        subcommand: "delete",
        options: { name: "writers" },
      })
      .answer();
    expect(deleted.content).toBe("Deleted the group `Writers`. Its 1 tag is now for moderators only.");
    const modsOnly = "You need the Manage Server permission or a moderator role to use the tag `Draft`.";
    expect((await run("use", { name: "draft" }, bob.id)).content).toBe(modsOnly);
    expect((await run("use", { name: "draft" }, alice.id)).content).toBe(modsOnly);
    expect((await run("info", { name: "draft" }, alice.id)).content).toBe(modsOnly);
    expect((await run("use", { name: "draft" })).content).toBe("draft secret");
  });

  it("answers in Spanish and German: replies, refusals, info and list", async () => {
    const spanish = (subcommand: string, options: Options = {}, userId = admin.id) =>
      sim.command({ guildId: guild.id, userId, name: "tag", subcommand, options, locale: "es-ES" }).answer();
    expect((await spanish("create", { name: "Hola", response: "hola {user}" })).content).toBe(
      "Has creado la etiqueta `Hola`.",
    );
    expect((await spanish("create", { name: "HOLA", response: "x" })).content).toBe(
      "Ya existe una etiqueta llamada `HOLA`.",
    );
    expect(await spanish("use", { name: "nada" }, alice.id)).toMatchObject({
      ephemeral: true,
      content: "No hay ninguna etiqueta llamada `nada`.",
    });
    await spanish("create", { name: "Privada", response: "secreto", mod_only: true, cooldown: 7200 });
    expect((await spanish("use", { name: "privada" }, alice.id)).content).toBe(
      "Necesitas el permiso Gestionar servidor o un rol de moderador para usar la etiqueta `Privada`.",
    );
    const info = (await spanish("info", { name: "privada" })).content.split("\n");
    expect(info[0]).toBe("**Privada**");
    expect(info[1]).toBe("Usada 0 veces · por moderadores · espera 7200 s");
    const german = await sim
      .command({ guildId: guild.id, userId: alice.id, name: "tag", subcommand: "list", locale: "de" })
      .answer();
    expect(german.content).toContain("`Privada` · 0 Verwendungen · nur Moderatoren");
    expect(german.content).toMatch(/\nSeite 1 von 1 · \d+ Tags$/);
  });

  it("uses a tag in one counted statement and suggests in one bounded one", async () => {
    await tags().createTag({ guildId: guild.id, name: "Count", response: "x", createdBy: admin.id });
    const { statements } = await app.database.queries.record(() => tags().use(guild.id, "count"));
    expect(statements).toHaveLength(1);
    const suggest = await app.database.queries.record(() => tags().suggestions(guild.id, "%"));
    expect(suggest.statements).toHaveLength(1);
    expect(suggest.result).toEqual([]);
  });
});
