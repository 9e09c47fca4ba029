import { PermissionFlagsBits, type APIEmbed } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { ProfileCog } from "../../src/cogs/profile/profile-cog";
import { ActivityBuffer } from "../../src/controllers/activity-buffer";
import { EconomyController } from "../../src/controllers/economy-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { UserIdentityController } from "../../src/controllers/user-identity-controller";
import { UserPreferenceController } from "../../src/controllers/user-preference-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_profile_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("identities, profile and preferences", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let alice: SimUser;
  let bob: SimUser;
  /** Has Timeout Members, like /activity asks. */
  let mod: SimUser;
  /** Has only a moderator role. */
  let helper: SimUser;
  let helpersRoleId: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Profile Guild" });
    alice = sim.createUser({ username: "alice" });
    bob = sim.createUser({ username: "bob" });
    guild.addMember(alice.id);
    guild.addMember(bob.id);
    const mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers });
    helpersRoleId = guild.createRole({ name: "Helpers" }).id;
    mod = sim.createUser({ username: "mod" });
    helper = sim.createUser({ username: "helper" });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(helper.id, { roles: [helpersRoleId] });
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl,
      cogs: [ActivityCog, ProfileCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const run = (userId: string, name: string, options: Record<string, string | number | boolean> = {}) =>
    sim.command({ guildId: guild.id, userId, name, options }).answer();
  const fields = (embed: APIEmbed | undefined): Record<string, string> =>
    Object.fromEntries((embed?.fields ?? []).map((field) => [field.name, field.value]));

  it("links accounts on other platforms and refuses bad names, duplicates and other people's accounts", async () => {
    const linked = await run(alice.id, "link", { platform: "Twitch", handle: "@AliceLive" });
    expect(linked).toMatchObject({
      ephemeral: true,
      content: "Linked twitch account AliceLive to your profile.",
    });
    const again = await run(alice.id, "link", { platform: "twitch", handle: "other" });
    expect(again.content).toBe("You already linked twitch account AliceLive; use /unlink twitch first.");
    const taken = await run(bob.id, "link", { platform: "twitch", handle: "alicelive" });
    expect(taken.content).toBe("That twitch account is already linked to someone else.");
    const badPlatform = await run(alice.id, "link", { platform: "my platform", handle: "x" });
    expect(badPlatform.content).toMatch(/^A platform name is a word/);
    const badHandle = await run(alice.id, "link", { platform: "youtube", handle: "two words" });
    expect(badHandle.content).toMatch(/^A handle is 1 to 64 characters/);
    const discord = await run(alice.id, "link", { platform: "discord", handle: "someone" });
    expect(discord.content).toBe("Your Discord account is already yours; link other platforms.");
    const twitch = await app.container.resolve(UserIdentityController).find("twitch", "alicelive");
    const own = await app.container.resolve(UserIdentityController).find("discord", alice.id);
    expect(twitch?.userId).toBe(own?.userId);
  });

  it("shows a profile with linked accounts, points, activity, and preferences only on one's own", async () => {
    await app.container.resolve(EconomyController).add(guild.id, alice.id, 42n, bob.id, "welcome");
    sim.postMessage({ channelId: guild.firstTextChannel().id, userId: alice.id, content: "hello" });
    const buffer = app.container.resolve(ActivityBuffer);
    await eventually(() => buffer.pending(guild.id, alice.id)?.messages === 1);
    const reply = await run(mod.id, "profile", { user: alice.id });
    expect(reply.ephemeral).toBe(false);
    expect(reply.embeds[0]?.title).toBe("Profile of alice");
    expect(fields(reply.embeds[0])).toEqual({
      "Linked accounts": "twitch: AliceLive",
      Points: "42",
      Activity: expect.stringMatching(/^1 message, last seen <t:\d+:R>\.$/),
    });
    const own = await run(bob.id, "profile");
    expect(fields(own.embeds[0])).toMatchObject({
      "Linked accounts": "none",
      Points: "0",
      Preferences: "Private replies: off\nDM on case: on\nLanguage: automatic (from Discord)",
    });
  });

  it("shows another member's activity only to moderators, as /activity does; your own always", async () => {
    sim.postMessage({ channelId: guild.firstTextChannel().id, userId: bob.id, content: "hi" });
    const buffer = app.container.resolve(ActivityBuffer);
    await eventually(() => (buffer.pending(guild.id, bob.id)?.messages ?? 0) >= 1);
    const activity = (viewer: string, options: Record<string, string> = {}) =>
      run(viewer, "profile", options).then((reply) => fields(reply.embeds[0]).Activity);
    const seen = /^\d+ messages?, last seen <t:\d+:R>\.$/;
    const byAlice = await run(alice.id, "profile", { user: bob.id });
    // Another member's settings are theirs: neither their activity nor their preferences are shown.
    expect(fields(byAlice.embeds[0])).toEqual({ "Linked accounts": "none", Points: "0" });
    expect(await activity(helper.id, { user: bob.id })).toBeUndefined();
    await app.container.resolve(GuildConfigController).addModeratorRole(guild.id, helpersRoleId);
    try {
      expect(await activity(helper.id, { user: bob.id })).toMatch(seen);
    } finally {
      await app.container.resolve(GuildConfigController).removeModeratorRole(guild.id, helpersRoleId);
    }
    expect(await activity(mod.id, { user: bob.id })).toMatch(seen);
    expect(await activity(bob.id)).toMatch(seen);
    expect(await activity(bob.id, { user: bob.id })).toMatch(seen);
  });

  it("saves preferences, shows them, and answers personal commands privately when asked", async () => {
    const shown = await run(bob.id, "preferences");
    expect(shown).toMatchObject({
      ephemeral: true,
      content:
        "Private replies: off. DM when a case is recorded about you: on. Language: automatic (from Discord).",
    });
    const saved = await run(bob.id, "preferences", { private_replies: true, dm_on_case: false });
    expect(saved.content).toBe(
      "Saved. Private replies: on. DM when a case is recorded about you: off. Language: automatic (from Discord).",
    );
    expect(await app.container.resolve(UserPreferenceController).of(bob.id)).toMatchObject({
      privateReplies: true,
      dmOnCase: false,
    });
    const profile = await run(bob.id, "profile", { user: alice.id });
    expect(profile.ephemeral).toBe(true);
    const partial = await run(bob.id, "preferences", { dm_on_case: true });
    expect(partial.content).toBe(
      "Saved. Private replies: on. DM when a case is recorded about you: on. Language: automatic (from Discord).",
    );
  });

  it("answers in the language a member chooses at once, and in their client's again on auto", async () => {
    const carol = sim.createUser({ username: "carol" });
    guild.addMember(carol.id);
    const inGerman = (name: string, options: Record<string, string | boolean> = {}) =>
      sim.command({ guildId: guild.id, userId: carol.id, name, options, locale: "de" }).answer();
    expect((await inGerman("preferences")).content).toBe(
      "Private Antworten: aus. DM, wenn ein Fall über dich erfasst wird: an. Sprache: automatisch (von Discord).",
    );
    const spanish = await inGerman("preferences", { language: "es-ES" });
    expect(spanish).toMatchObject({
      ephemeral: true,
      content:
        "Guardado. Respuestas privadas: no. MD cuando se registra un caso sobre ti: sí. Idioma: Español.",
    });
    expect(await app.container.resolve(UserPreferenceController).languageOf(carol.id)).toBe("es-ES");
    const profile = await inGerman("profile");
    expect(profile.embeds[0]?.title).toBe("Perfil de carol");
    expect(fields(profile.embeds[0])).toMatchObject({
      "Cuentas vinculadas": "ninguna",
      Preferencias: "Respuestas privadas: no\nMD por casos: sí\nIdioma: Español",
    });
    expect((await inGerman("unlink", { platform: "youtube" })).content).toBe(
      "No tienes ninguna cuenta de youtube vinculada.",
    );
    const automatic = await inGerman("preferences", { language: "auto" });
    expect(automatic.content).toBe(
      "Gespeichert. Private Antworten: aus. DM, wenn ein Fall über dich erfasst wird: an. Sprache: automatisch (von Discord).",
    );
    expect(await app.container.resolve(UserPreferenceController).languageOf(carol.id)).toBeNull();
    expect((await inGerman("link", { platform: "discord", handle: "carol" })).content).toBe(
      "Dein Discord-Konto gehört schon dir; verknüpfe andere Plattformen.",
    );
    const english = await run(carol.id, "preferences", { language: "en" });
    expect(english.content).toMatch(/^Saved\. .* Language: English\.$/);
  });

  it("unlinks, and refuses to unlink what is not linked", async () => {
    const missing = await run(alice.id, "unlink", { platform: "youtube" });
    expect(missing).toMatchObject({ ephemeral: true, content: "You have no youtube account linked." });
    const bad = await run(alice.id, "unlink", { platform: "?!" });
    expect(bad.content).toMatch(/^A platform name is a word/);
    const done = await run(alice.id, "unlink", { platform: "TWITCH" });
    expect(done.content).toBe("Unlinked twitch account AliceLive.");
    expect(await app.container.resolve(UserIdentityController).find("twitch", "alicelive")).toBeNull();
    const relinked = await run(bob.id, "link", { platform: "twitch", handle: "alicelive" });
    expect(relinked.content).toBe("Linked twitch account alicelive to your profile.");
  });
});
