import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType, type Case } from "../../src/entities";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { eventually } from "../support/eventually";
import { queryOnce } from "../support/query-once";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_pending_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * A crash between "case recorded" and "Discord confirmed" leaves pending cases; the next start settles
 * them from Discord's state, once, however many processes start.
 */
describe("pending actions left by a crash", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let databaseUrl: string;
  const apps: WardenApp[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ shardCount: 1 });
    guild = sim.createGuild({ name: "Crashy" });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await sim.close();
    await dropDatabase(DATABASE);
  });

  it("confirms what happened, voids what did not, exactly once with two processes starting", async () => {
    const moderator = sim.createUser({ username: "mod" });
    const mods = guild.createRole({ name: "Mods", position: 5, permissions: PermissionFlagsBits.BanMembers });
    guild.addMember(moderator.id, { roles: [mods.id] });
    const banned = sim.createUser({ username: "banned" });
    const spared = sim.createUser({ username: "spared" });
    const stayed = sim.createUser({ username: "stayed" });
    guild.addMember(spared.id);
    guild.addMember(stayed.id);
    const modLog = guild.createChannel({ name: "mod-log" });

    // What the crashed run left behind: three actions asked of Discord, none confirmed.
    const first = await startBot({ sim, databaseUrl, cogs: [ModerationCog] });
    const cases = first.app.container.resolve(CaseController);
    await first.app.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId: modLog.id });
    const pending = (type: CaseType, targetId: string): Promise<Case> =>
      cases.createCase({
        guildId: guild.id,
        type,
        targetId,
        moderatorId: moderator.id,
        reason: "r",
        pending: true,
      });
    const ban = await pending(CaseType.Ban, banned.id);
    const failedBan = await pending(CaseType.Ban, spared.id);
    const failedKick = await pending(CaseType.Kick, stayed.id);
    guild.bans.set(banned.id, { userId: banned.id, reason: "r" }); // Discord did carry out the first
    await first.app.stop();
    // Aged only once the first run is gone: its own start-up reconcile, delayed behind a new pool connection
    // on a loaded host, could otherwise claim and settle them itself.
    await queryOnce(databaseUrl, `UPDATE cases SET created_at = now() - interval '5 minutes' WHERE pending`);
    expect(first.logs.find((line) => line.msg === "settled pending actions")).toBeUndefined();

    const restarted = await Promise.all([
      startBot({ sim, databaseUrl, cogs: [ModerationCog] }),
      startBot({ sim, databaseUrl, cogs: [ModerationCog] }),
    ]);
    apps.push(...restarted.map((run) => run.app));
    const reader = restarted[0]?.app.container.resolve(CaseController) ?? cases;
    await eventually(() => modLog.messages.length >= 3, 10_000, "three mod-log posts");

    const byId = async (kase: Case) => reader.getById(kase.id);
    expect(await byId(ban)).toMatchObject({ pending: false, voided: false });
    expect(await byId(failedBan)).toMatchObject({ pending: false, voided: true });
    expect(await byId(failedKick)).toMatchObject({ pending: false, voided: true });
    expect(await reader.history(failedBan.id)).toHaveLength(1);
    expect(await reader.history(failedKick.id)).toHaveLength(1);
    expect(modLog.messages).toHaveLength(3);
    const settledLines = (): Array<Record<string, unknown>> =>
      restarted.flatMap((run) => run.logs.lines.filter((line) => line.msg === "settled pending actions"));
    // The job logs what it settled after its mod-log posts, so the line may trail the third post.
    await eventually(
      () => settledLines().flatMap((line) => line.cases as string[]).length >= 3,
      10_000,
      "the settled-actions log lines",
    );
    expect(
      settledLines()
        .flatMap((line) => line.cases as string[])
        .sort(),
    ).toEqual([ban, failedBan, failedKick].map((kase) => `${guild.id}#${kase.number}`).sort());
  });
});
