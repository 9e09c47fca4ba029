import { setTimeout as sleep } from "node:timers/promises";
import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { TempbanExpiries } from "../../src/cogs/moderation/expiries";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType } from "../../src/entities";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_tempban_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("tempban expiries", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let databaseUrl: string;
  const running: WardenApp[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Temp" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({ name: "Mods", position: 5, permissions: PermissionFlagsBits.BanMembers });
    guild.addMember(mod.id, { roles: [mods.id] });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });

  afterAll(async () => {
    for (const app of running) await app.stop();
    await sim.close();
    await dropDatabase(DATABASE);
  });

  const start = async () => {
    const { app } = await startBot({ sim, databaseUrl, cogs: [ModerationCog] });
    running.push(app);
    return app;
  };
  const stop = async (app: WardenApp) => {
    running.splice(running.indexOf(app), 1);
    await app.stop();
  };
  const ban = (user: SimUser, duration: string) =>
    sim
      .command({
        guildId: guild.id,
        userId: mod.id,
        name: "ban",
        options: { user: user.id, reason: "cool off", duration },
      })
      .answer();

  it("a tempban that fell due while the bot was stopped is lifted at the next start, once across two processes", async () => {
    const alice = sim.createUser({ username: "alice" });
    guild.addMember(alice.id);
    const modLog = guild.createChannel({ name: "mod-log" });
    const before = await start();
    await before.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId: modLog.id });
    expect((await ban(alice, "2s")).content).toMatch(/^Banned \*\*alice\*\* for 2s/);
    await stop(before);
    await sleep(2_100); // the expiry passes while no bot is running

    const [first, second] = await Promise.all([start(), start()]);
    const cases = (first ?? second)?.container.resolve(CaseController);
    if (!cases) throw new Error("no app started");
    // The mod-log post comes after the reversing case is committed.
    await eventually(
      () => modLog.messages.some((message) => message.embeds[0]?.title?.startsWith("Unban")),
      10_000,
      "the reversing case in the mod log",
    );
    expect(guild.bans.has(alice.id)).toBe(false);
    const listed = await cases.list(guild.id, { targetId: alice.id }, { limit: 10 });
    const unbans = listed.items.filter((kase) => kase.type === CaseType.Unban);
    expect(unbans).toHaveLength(1);
    const banCase = listed.items.find((kase) => kase.type === CaseType.Ban);
    expect(unbans[0]).toMatchObject({
      reason: "tempban expired",
      moderatorId: sim.botUser.id,
      refCaseId: banCase?.id,
    });
    expect(await cases.getById(banCase?.id ?? 0)).toMatchObject({ processed: true });
    const unbanEntries = guild.auditLog.filter(
      (entry) => entry.targetId === alice.id && entry.reason?.startsWith("Tempban expired"),
    );
    expect(unbanEntries).toHaveLength(1);
  });

  it("a manual /unban before the expiry cancels it", async () => {
    const app = running[0] ?? (await start());
    const bob = sim.createUser({ username: "bob" });
    guild.addMember(bob.id);
    // Long enough that the /unban surely comes before the end (on a loaded host the round trips between
    // could pass 1 s, and a scheduled run would lift it first); the case's end is at most this far off.
    await ban(bob, "5s");
    const endsBy = Date.now() + 5_000;
    const unban = await sim
      .command({
        guildId: guild.id,
        userId: mod.id,
        name: "unban",
        options: { user: bob.id, reason: "early" },
      })
      .answer();
    expect(unban.content).toMatch(/^Unbanned \*\*bob\*\*/);
    await sleep(Math.max(0, endsBy - Date.now()) + 100); // the expiry has passed
    const client = app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    await app.container.resolve(TempbanExpiries).run(client);
    const cases = await app.container
      .resolve(CaseController)
      .list(guild.id, { targetId: bob.id }, { limit: 10 });
    expect(cases.items.map((kase) => [kase.type, kase.reason])).toEqual([
      [CaseType.Unban, "early"],
      [CaseType.Ban, "cool off"],
    ]);
  });

  it("a timeout that ran out is settled without a case (Discord lifts it itself)", async () => {
    const app = running[0] ?? (await start());
    const carol = sim.createUser({ username: "carol" });
    guild.addMember(carol.id);
    const mods = [...guild.roles.values()].find((role) => role.name === "Mods");
    if (mods) mods.permissions |= PermissionFlagsBits.ModerateMembers;
    const reply = await sim
      .command({
        guildId: guild.id,
        userId: mod.id,
        name: "timeout",
        options: { user: carol.id, duration: "1s", reason: "calm" },
      })
      .answer();
    expect(reply.content).toMatch(/^Timed out \*\*carol\*\* for 1s/);
    await sleep(1_100);
    const client = app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    await app.container.resolve(TempbanExpiries).run(client);
    const list = () =>
      app.container.resolve(CaseController).list(guild.id, { targetId: carol.id }, { limit: 10 });
    // A scheduled run (every 5 s, in each running process) may have claimed it first and be settling it.
    await eventuallyAsync(
      async () => (await list()).items[0]?.processed === true,
      10_000,
      "the timeout settled",
    );
    const cases = await list();
    expect(cases.items).toHaveLength(1);
    expect(cases.items[0]).toMatchObject({ type: CaseType.Timeout, processed: true });
  });
});
