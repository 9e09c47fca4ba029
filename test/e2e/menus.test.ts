import { ApplicationCommandType, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { MenusCog } from "../../src/cogs/menus/menus-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_menus_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("context menus on a member (Warn, Note, Timeout, History) end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let cases: CaseController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Menu Guild" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, CasesCog, MenusCog],
    }));
    cases = app.container.resolve(CaseController);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  function member(name: string, roles: string[] = []): SimUser {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id, { roles });
    return user;
  }

  const menu = (name: string, targetId: string, userId = mod.id, locale?: string) =>
    sim.userMenu({ guildId: guild.id, userId, name, targetId, ...(locale ? { locale } : {}) }).answer();

  /** Opens the menu's modal and submits it with `fields`; returns the answer to the submission. */
  async function submit(name: string, targetId: string, fields: Record<string, string>, userId = mod.id) {
    const opened = await menu(name, targetId, userId);
    const customId = opened.modal?.custom_id;
    if (!customId) throw new Error(`"${name}" answered without a modal: ${opened.content}`);
    return sim.modalSubmit({ guildId: guild.id, userId, customId, fields }).answer();
  }

  const lastCase = async () => (await cases.list(guild.id, { includeVoided: true }, { limit: 1 })).items[0];

  it("registers the four user menus with Discord, their names localised", () => {
    const menus = sim.registeredCommands().filter((command) => command.type === ApplicationCommandType.User);
    expect(menus.map((command) => command.name).sort()).toEqual(["History", "Note", "Timeout", "Warn"]);
    const warn = menus.find((command) => command.name === "Warn");
    expect(warn?.name_localizations).toMatchObject({ de: "Verwarnen", "es-ES": "Advertir" });
    expect(warn?.default_member_permissions).toBe(String(PermissionFlagsBits.ModerateMembers));
  });

  it('"Warn" opens a modal; submitting it warns exactly as /warn does', async () => {
    const alice = member("alice");
    const opened = await menu("Warn", alice.id);
    expect(opened.modal?.title).toBe("Warn alice");
    const reply = await sim
      .modalSubmit({
        guildId: guild.id,
        userId: mod.id,
        customId: opened.modal!.custom_id,
        fields: { reason: "spam" },
      })
      .answer();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^Warned \*\*alice\*\* \(case #\d+\)\.$/);
    expect(await lastCase()).toMatchObject({
      type: CaseType.Warn,
      targetId: alice.id,
      moderatorId: mod.id,
      reason: "spam",
    });
    expect(sim.dmsTo(alice.id).at(-1)?.content).toMatch(/warned/i);
  });

  it('"Note" records a note, even on someone who has left', async () => {
    const bob = member("bob");
    const opened = await menu("Note", bob.id);
    guild.removeMember(bob.id);
    const reply = await sim
      .modalSubmit({
        guildId: guild.id,
        userId: mod.id,
        customId: opened.modal!.custom_id,
        fields: { note: "alt of x" },
      })
      .answer();
    expect(reply.content).toMatch(/^Noted on \*\*bob\*\* \(case #\d+\); they were not told\.$/);
    expect(await lastCase()).toMatchObject({ type: CaseType.Note, targetId: bob.id, reason: "alt of x" });
  });

  it('"Timeout" parses the duration as /timeout does and times the member out', async () => {
    const carol = member("carol");
    const reply = await submit("Timeout", carol.id, { duration: "1h30m", reason: "flood" });
    expect(reply.content).toMatch(/^Timed out \*\*carol\*\* for 1h 30m \(case #\d+\)\.$/);
    expect(guild.member(carol.id).communicationDisabledUntil).not.toBeNull();
  });

  it("refuses a bad duration or an over-long reason, naming the field as the command names it", async () => {
    const dave = member("dave");
    expect((await submit("Timeout", dave.id, { duration: "soon", reason: "x" })).content).toMatch(
      /`duration`/,
    );
    expect((await submit("Timeout", dave.id, { duration: "29d", reason: "x" })).content).toMatch(
      /`duration`/,
    );
    expect((await submit("Warn", dave.id, { reason: "y".repeat(2001) })).content).toMatch(
      /`reason`: must be at most 2,000 characters/,
    );
    expect(guild.member(dave.id).communicationDisabledUntil).toBeNull();
  });

  it('"History" shows what /history shows', async () => {
    const erin = member("erin");
    await submit("Warn", erin.id, { reason: "first" });
    const fromMenu = await menu("History", erin.id);
    const fromCommand = await sim
      .command({ guildId: guild.id, userId: mod.id, name: "history", options: { user: erin.id } })
      .answer();
    expect(fromMenu.ephemeral).toBe(true);
    expect(fromMenu.embeds).toEqual(fromCommand.embeds);
    expect(JSON.stringify(fromMenu.embeds)).toMatch(/first/);
  });

  it("refuses members without the permission, on the menu and again on the modal", async () => {
    const frank = member("frank");
    const target = member("target");
    expect((await menu("Warn", target.id, frank.id)).content).toBe(
      'You need the Timeout Members permission or a moderator role to use "Warn".',
    );
    // A moderator opens the modal, loses the role, then submits: the submission is checked again.
    const demoted = member("demoted", [[...guild.roles.values()].find((role) => role.name === "Mods")!.id]);
    const opened = await menu("Warn", target.id, demoted.id);
    guild.member(demoted.id).roles = [];
    const late = await sim
      .modalSubmit({
        guildId: guild.id,
        userId: demoted.id,
        customId: opened.modal!.custom_id,
        fields: { reason: "x" },
      })
      .answer();
    expect(late.content).toBe("You need the Timeout Members permission or a moderator role to use /warn.");
    expect(await cases.list(guild.id, { targetId: target.id }, { limit: 1 })).toMatchObject({ items: [] });
  });

  it("refuses a target who is not a member before opening the modal, and the hierarchy on submit", async () => {
    const gone = sim.createUser({ username: "gone" });
    expect((await menu("Warn", gone.id)).content).toBe("gone isn't a member of this server.");
    expect((await submit("Warn", mod.id, { reason: "x" })).content).toBe("You can't use that on yourself.");
    const senior = guild.createRole({ name: "Senior", position: 6 });
    const above = member("above", [senior.id]);
    expect((await submit("Timeout", above.id, { duration: "1h", reason: "x" })).content).toBe(
      "above's highest role is not below yours.",
    );
  });

  it("refuses a forged modal custom id", async () => {
    const gina = member("gina");
    const reply = await sim
      .modalSubmit({
        guildId: guild.id,
        userId: mod.id,
        customId: `menu-warn:${gina.id}~forgedforgedfo`,
        fields: { reason: "x" },
      })
      .answer();
    expect(reply.content).toMatch(/no longer works/);
  });

  it("says so when the bot lacks Timeout Members, before opening the modal", async () => {
    const bot = guild.member(sim.botUser.id);
    const warden = [...guild.roles.values()].find((role) => role.name === "Warden")!;
    const before = warden.permissions;
    warden.permissions &= ~PermissionFlagsBits.ModerateMembers;
    try {
      const hana = member("hana");
      expect((await menu("Timeout", hana.id)).content).toMatch(/I need the Timeout Members permission/);
    } finally {
      warden.permissions = before;
    }
    expect(bot).toBeDefined();
  });

  it("when Discord refuses (403) or lost the member (404), says why and voids the case", async () => {
    const ivan = member("ivan");
    sim.faults.inject({ method: "PATCH", path: "/guilds/:guild/members/:user", status: 403 });
    expect((await submit("Timeout", ivan.id, { duration: "1h", reason: "x" })).content).toMatch(
      /^I don't have permission to do that here/,
    );
    expect(await lastCase()).toMatchObject({ type: CaseType.Timeout, targetId: ivan.id, voided: true });
    sim.faults.clear();
    sim.faults.inject({ method: "PATCH", path: "/guilds/:guild/members/:user", status: 404, code: 10007 });
    expect((await submit("Timeout", ivan.id, { duration: "1h", reason: "x" })).content).toBe(
      "That member isn't in this server.",
    );
    expect(await lastCase()).toMatchObject({ type: CaseType.Timeout, targetId: ivan.id, voided: true });
  });

  it("rides out a rate limit (429) on the timeout", async () => {
    const jo = member("jo");
    sim.faults.inject({
      method: "PATCH",
      path: "/guilds/:guild/members/:user",
      status: 429,
      retryAfterSeconds: 0.05,
      times: 1,
    });
    const reply = await submit("Timeout", jo.id, { duration: "10m", reason: "x" });
    expect(reply.content).toMatch(/^Timed out \*\*jo\*\*/);
    expect(guild.member(jo.id).communicationDisabledUntil).not.toBeNull();
  });

  it("answers in the member's language", async () => {
    const kai = member("kai");
    const opened = await menu("Warn", kai.id, mod.id, "de");
    expect(opened.modal?.title).toBe("kai verwarnen");
  });
});
