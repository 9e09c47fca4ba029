import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { UserPreferenceController } from "../../src/controllers/user-preference-controller";
import { EconomyCog } from "../../src/cogs/economy/economy-cog";
import { CooldownController } from "../../src/controllers/cooldown-controller";
import { EconomyController } from "../../src/controllers/economy-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { buttonOf } from "../support/cases-fixture";
import { DiscordSimulator, type SimGuild, type SimMessage, type SimUser } from "../../simulator";
import { snowflake } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_economy_w${process.env.JEST_WORKER_ID ?? "0"}`;
type CommandRest = Partial<Parameters<DiscordSimulator["command"]>[0]>;

describe("economy commands end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser, alice: SimUser, bob: SimUser;

  const run = (user: SimUser, name: string, rest: CommandRest = {}) =>
    sim.command({ guildId: guild.id, userId: user.id, name, ...rest }).answer();
  const economy = (user: SimUser, subcommand: string, options?: CommandRest["options"]) =>
    run(user, "economy", { subcommand, ...(options ? { options } : {}) });
  const press = (user: SimUser, message: SimMessage, label: string) => {
    const customId = buttonOf(message, label)?.custom_id;
    if (!customId) throw new Error(`no "${label}" button`);
    return sim.button({ guildId: guild.id, userId: user.id, customId, messageId: message.id }).answer();
  };

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    [mod, alice, bob] = ["mod", "alice", "bob"].map((username) => sim.createUser({ username })) as [
      SimUser,
      SimUser,
      SimUser,
    ];
    guild = sim.createGuild({ name: "Economy Guild" });
    const managers = guild.createRole({
      name: "Managers",
      permissions: PermissionFlagsBits.ManageGuild,
      position: 2,
    });
    guild.addMember(mod.id, { roles: [managers.id] });
    guild.addMember(alice.id);
    guild.addMember(bob.id);
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [EconomyCog],
    }));
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("lets a moderator add, remove and set points, and shows balances", async () => {
    expect((await run(alice, "balance")).content).toBe("You have **0 points**.");
    const set = await economy(mod, "set", { user: alice.id, amount: 100, reason: "welcome" });
    expect(set.content).toBe(`Set <@${alice.id}>'s points; they now have **100 points**.`);
    expect(set.ephemeral).toBe(true);
    const added = await economy(mod, "add", { user: alice.id, amount: 50, reason: "event" });
    expect(added.content).toBe(`Added 50 points to <@${alice.id}>; they now have **150 points**.`);
    const removed = await economy(mod, "remove", { user: alice.id, amount: 30, reason: "fine" });
    expect(removed.content).toBe(`Removed 30 points from <@${alice.id}>; they now have **120 points**.`);
    const tooMuch = await economy(mod, "remove", { user: alice.id, amount: 121, reason: "x" });
    expect(tooMuch.content).toBe("They have 120 points; removing 121 would go below zero.");
    expect(tooMuch.ephemeral).toBe(true);
    const other = await run(bob, "balance", { options: { user: alice.id } });
    expect(other.content).toBe(`<@${alice.id}> has **120 points**.`);
    expect(other.allowedMentions).toEqual({ parse: [], users: [], roles: [] });
  });

  it("refuses /economy to members without Manage Server or a moderator role", async () => {
    const refused = await economy(alice, "add", { user: alice.id, amount: 5, reason: "self-service" });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/^You need the Manage Server permission or a moderator role to use/);
    expect(await app.container.resolve(EconomyController).balance(guild.id, alice.id)).toBe(120n);
  });

  it("lets a member with a configured moderator role use /economy without Manage Server", async () => {
    const helpers = guild.createRole({ name: "Helpers", permissions: 0n, position: 1 });
    const helper = sim.createUser({ username: "helper" });
    guild.addMember(helper.id, { roles: [helpers.id] });
    await app.container.resolve(GuildConfigController).addModeratorRole(guild.id, helpers.id);
    const stats = await economy(helper, "stats");
    expect(stats.embeds[0]?.title).toBe("Economy");
  });

  it("gives points, and refuses a bad amount, too little balance and giving to oneself", async () => {
    const given = await run(alice, "give", { options: { user: bob.id, amount: 20, reason: "thanks" } });
    expect(given.content).toBe(`Gave **20 points** to <@${bob.id}>. You have 100 points left.`);
    const broke = await run(bob, "give", { options: { user: alice.id, amount: 21 } });
    expect(broke.content).toBe("You have 20 points; you cannot give 21.");
    expect(broke.ephemeral).toBe(true);
    const self = await run(alice, "give", { options: { user: alice.id, amount: 1 } });
    expect(self.content).toBe("You cannot give points to yourself.");
    const huge = await run(alice, "give", { options: { user: bob.id, amount: 1_000_001 } });
    expect(huge.content).toBe("The amount must be a whole number from 1 to 1,000,000.");
    expect(huge.ephemeral).toBe(true);
  });

  it("pays the daily reward once, then says when it can be claimed again", async () => {
    const claimed = await run(bob, "daily");
    expect(claimed.content).toBe("You claimed your daily **100 points**. You now have 120 points.");
    const again = await run(bob, "daily");
    expect(again.ephemeral).toBe(true);
    const match = /^You already claimed your daily points; you can claim again <t:(\d+):R>\.$/.exec(
      again.content,
    );
    expect(match).not.toBeNull();
    const expiry = await app.container.resolve(CooldownController).expiry(guild.id, bob.id, "daily");
    expect(Number(match?.[1])).toBe(Math.ceil((expiry?.getTime() ?? 0) / 1000));
  });

  it("shows stats to moderators", async () => {
    const stats = await economy(mod, "stats");
    const fields = stats.embeds[0]?.fields ?? [];
    expect(fields.map((field) => field.value)).toEqual([
      "2",
      "220 points",
      `1. <@${bob.id}> — 120 points\n2. <@${alice.id}> — 100 points`,
    ]);
  });

  it("pages the leaderboard with buttons only its invoker may press", async () => {
    const controller = app.container.resolve(EconomyController);
    for (let index = 1; index <= 10; index += 1) {
      await controller.set(guild.id, snowflake(), BigInt(1000 + index), mod.id, "seed");
    }
    const first = await run(alice, "leaderboard");
    const rows = (message: SimMessage) => (message.embeds[0]?.description ?? "").split("\n");
    expect(rows(first)).toHaveLength(10);
    expect(rows(first)[0]).toMatch(/^\*\*1\.\*\* <@\d+> — 1,010 points$/);
    expect(buttonOf(first, "Previous")?.disabled).toBe(true);
    const second = await press(alice, first, "Next");
    expect(second.id).toBe(first.id);
    expect(rows(second)).toEqual([
      `**11.** <@${bob.id}> — 120 points`,
      `**12.** <@${alice.id}> — 100 points`,
    ]);
    expect(buttonOf(second, "Next")?.disabled).toBe(true);
    const back = await press(alice, second, "Previous");
    expect(rows(back)).toEqual(rows(first));
    expect(buttonOf(back, "Previous")?.disabled).toBe(true);
    const intruder = await press(bob, back, "Next");
    expect(intruder.content).toBe("Only the person who ran /leaderboard can use these buttons.");
    expect(intruder.ephemeral).toBe(true);
  });

  it("answers in German and Spanish, numbers, buttons and refusals included", async () => {
    const german = { locale: "de" } as const;
    expect((await run(bob, "balance", german)).content).toBe("Du hast **120 Punkte**.");
    const other = await run(bob, "balance", { ...german, options: { user: alice.id } });
    expect(other.content).toBe(`<@${alice.id}> hat **100 Punkte**.`);
    const self = await run(alice, "give", { ...german, options: { user: alice.id, amount: 1 } });
    expect(self).toMatchObject({ ephemeral: true, content: "Du kannst dir selbst keine Punkte geben." });
    const broke = await run(bob, "give", { ...german, options: { user: alice.id, amount: 1_000 } });
    expect(broke.content).toBe("Du hast 120 Punkte; du kannst nicht 1.000 geben.");
    const again = await run(bob, "daily", german);
    expect(again.content).toMatch(
      /^Du hast deine täglichen Punkte schon abgeholt; du kannst sie <t:\d+:R> wieder abholen\.$/,
    );

    const board = await run(alice, "leaderboard", { locale: "es-ES" });
    expect(board.embeds[0]?.title).toBe("Clasificación");
    expect(board.embeds[0]?.description?.split("\n")[0]).toMatch(/^\*\*1\.\*\* <@\d+> — 1010 puntos$/);
    expect(board.embeds[0]?.footer?.text).toBe("Página 1");
    expect(buttonOf(board, "Anterior")?.disabled).toBe(true);
    expect(buttonOf(board, "Siguiente")?.disabled).toBe(false);
    const spanish = await run(mod, "economy", { subcommand: "stats", locale: "es-ES" });
    expect(spanish.embeds[0]?.fields?.map((field) => field.name)).toEqual([
      "Miembros con puntos",
      "En circulación",
      "Con más puntos",
    ]);
    expect(spanish.embeds[0]?.fields?.[1]?.value).toBe("10.275 puntos");
  });

  it("answers /balance and /daily privately for members who asked for private replies", async () => {
    const quiet = sim.createUser({ username: "quiet" });
    guild.addMember(quiet.id);
    expect((await run(quiet, "balance")).ephemeral).toBe(false);
    await app.container.resolve(UserPreferenceController).change(quiet.id, { privateReplies: true });
    expect((await run(quiet, "balance")).ephemeral).toBe(true);
    expect((await run(quiet, "daily")).ephemeral).toBe(true);
  });
});
