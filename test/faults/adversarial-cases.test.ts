import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { TempbanExpiries } from "../../src/cogs/moderation/expiries";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType } from "../../src/entities";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_adv_cases_w${process.env.JEST_WORKER_ID ?? "0"}`;

type Options = Record<string, string | number | boolean>;

/** What a moderator can do to the record with /case, beyond what /warn, /ban… let them do to members. */
describe("adversarial: /case in the hands of a moderator", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let admin: SimUser;
  let mod: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Record" });
    const admins = guild.createRole({
      name: "Admins",
      position: 8,
      permissions: PermissionFlagsBits.Administrator,
    });
    // A moderator role with no permission of its own: Warden lends it the moderation commands.
    const mods = guild.createRole({ name: "Mods", position: 5, permissions: 0n });
    admin = sim.createUser({ username: "admin" });
    mod = sim.createUser({ username: "mod" });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(mod.id, { roles: [mods.id] });
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [ModerationCog, CasesCog] }));
    await app.container.resolve(GuildConfigController).addModeratorRole(guild.id, mods.id);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const command = (userId: string, name: string, options: Options, subcommand?: string) =>
    sim.command({ guildId: guild.id, userId, name, options, ...(subcommand ? { subcommand } : {}) }).answer();
  const cases = (): CaseController => app.container.resolve(CaseController);

  it("does not let a moderator delete or rewrite a case about themselves", async () => {
    const warned = await command(admin.id, "warn", { user: mod.id, reason: "abused /timeout" });
    expect(warned.content).toMatch(/^Warned \*\*mod\*\*/);
    const [kase] = (await cases().list(guild.id, { targetId: mod.id }, { limit: 1 })).items;
    if (!kase) throw new Error("the warning was not recorded");

    const deleted = await command(mod.id, "case", { number: kase.number, reason: "mistake" }, "delete");
    const rewritten = await command(mod.id, "case", { number: kase.number, reason: "nothing" }, "reason");
    for (const reply of [deleted, rewritten]) {
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(`Case #${kase.number} is about you, so you can't change it.`);
    }
    expect(await cases().getById(kase.id)).toMatchObject({ voided: false, reason: "abused /timeout" });
    expect(await cases().history(kase.id)).toEqual([]);
  });

  it("does not turn a tempban into a ban for good when its case is deleted before it ends", async () => {
    const eve = sim.createUser({ username: "eve" });
    guild.addMember(eve.id);
    const banned = await command(mod.id, "ban", { user: eve.id, reason: "cool off", duration: "1h" });
    expect(banned.content).toMatch(/^Banned \*\*eve\*\* for 1h/);
    const [ban] = (await cases().list(guild.id, { targetId: eve.id }, { limit: 1 })).items;
    if (ban?.type !== CaseType.Ban) throw new Error("the tempban was not recorded");

    const deleted = await command(mod.id, "case", { number: ban.number, reason: "tidy up" }, "delete");
    // The hour passes (moved in the database, not waited for); the expiry job runs.
    await cases().updateById(ban.id, { expiresAt: new Date(Date.now() - 1000) });
    const client = app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    await app.container.resolve(TempbanExpiries).run(client);

    // Either the deletion was refused and the tempban ran its course, or it is lifted all the same: the
    // member is never left banned for good by a case deleted for tidiness. A scheduled run (every 5 s) may
    // have claimed the expiry just before the test's own run, and still be lifting it.
    expect(deleted.ephemeral).toBe(true);
    await eventuallyAsync(async () => !guild.bans.has(eve.id), 10_000, "the tempban lifted");
  });

  it("does not let an earlier tempban's expiry lift a later ban of the same member", async () => {
    const mallory = sim.createUser({ username: "mallory" });
    guild.addMember(mallory.id);
    const temp = await command(mod.id, "ban", { user: mallory.id, reason: "cool off", duration: "1h" });
    expect(temp.content).toMatch(/^Banned \*\*mallory\*\* for 1h/);
    // Evading the ban meanwhile: banned for good (a different action, so not a repeat of the tempban).
    const forGood = await command(admin.id, "ban", { user: mallory.id, reason: "ban evasion" });
    expect(forGood.content).toMatch(/^Banned \*\*mallory\*\*/);
    const listed = (await cases().list(guild.id, { targetId: mallory.id }, { limit: 5 })).items;
    expect(listed.map((kase) => [kase.type, kase.reason])).toEqual([
      [CaseType.Ban, "ban evasion"],
      [CaseType.Ban, "cool off"],
    ]);

    // The tempban's hour passes; its expiry runs.
    const tempban = listed[1];
    if (!tempban) throw new Error("the tempban was not recorded");
    await cases().updateById(tempban.id, { expiresAt: new Date(Date.now() - 1000) });
    const client = app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    await app.container.resolve(TempbanExpiries).run(client);

    expect(guild.bans.has(mallory.id)).toBe(true);
    const after = (await cases().list(guild.id, { targetId: mallory.id }, { limit: 5 })).items;
    expect(after.map((kase) => kase.type)).toEqual([CaseType.Ban, CaseType.Ban]);
  });

  it("does not let an earlier tempban's expiry lift a ban made in Discord itself", async () => {
    const trent = sim.createUser({ username: "trent" });
    guild.addMember(trent.id);
    await command(mod.id, "ban", { user: trent.id, reason: "cool off", duration: "1d" });
    const [tempban] = (await cases().list(guild.id, { targetId: trent.id }, { limit: 1 })).items;
    if (!tempban) throw new Error("the tempban was not recorded");
    // Hours later someone lifts it by hand, then bans them again in Discord's own menu.
    await cases().updateById(tempban.id, { createdAt: new Date(Date.now() - 3 * 3600_000) });
    guild.bans.delete(trent.id);
    sim.banAs({ guildId: guild.id, actorId: admin.id, userId: trent.id, reason: "spam again" });
    await eventuallyAsync(
      async () => (await cases().list(guild.id, { targetId: trent.id }, { limit: 5 })).items.length === 2,
      5000,
      "the ban made in Discord recorded",
    );

    await cases().updateById(tempban.id, { expiresAt: new Date(Date.now() - 1000) });
    const client = app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    await app.container.resolve(TempbanExpiries).run(client);

    expect(guild.bans.has(trent.id)).toBe(true);
  });
});
