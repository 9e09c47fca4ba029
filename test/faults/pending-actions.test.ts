import { PermissionFlagsBits } from "discord.js";
import { PendingActions } from "../../src/cogs/moderation/pending-actions";
import { CaseController } from "../../src/controllers/case-controller";
import { CaseType, type Case } from "../../src/entities";
import type { SimUser } from "../../simulator";
import { eventuallyAsync, useModerationWorld, type ModeratedGuild } from "./moderation-world";

interface PendingRow {
  pending: boolean;
  voided: boolean;
  attempts: number;
  settle_note: string | null;
  retry_due_later: boolean;
}

/**
 * Cases left pending (an action asked of Discord and never confirmed) are settled by a periodic task, each
 * on its own: a guild where Discord refuses or fails never holds up the others.
 */
describe("pending-action reconciliation under faults", () => {
  const world = useModerationWorld("pending", 3);

  const reconciler = () => {
    const task = world.app.cogs.flatMap((cog) => cog.tasks ?? []).find((t) => t instanceof PendingActions);
    if (!task) throw new Error("pending actions are not reconciled periodically");
    return task;
  };
  const state = async (kase: Case): Promise<PendingRow | undefined> =>
    (
      await world.app.database.sql<PendingRow>(
        `SELECT c.pending, c.voided, (to_jsonb(c) ->> 'attempts')::int AS attempts,
                to_jsonb(c) ->> 'settle_note' AS settle_note,
                (to_jsonb(c) ->> 'next_attempt_at')::timestamptz > now() AS retry_due_later
           FROM cases c WHERE c.id = $1`,
        [kase.id],
      )
    ).rows[0];
  const stuck = ({ guild, mod }: ModeratedGuild, type: CaseType, target: SimUser): Promise<Case> =>
    world.app.container.resolve(CaseController).createCase({
      guildId: guild.id,
      type,
      targetId: target.id,
      moderatorId: mod.id,
      reason: "r",
      pending: true,
    });

  it("settles the cases of healthy guilds while one guild refuses and another fails, without a restart", async () => {
    const [healthy, refusing, failing] = world.guilds as [ModeratedGuild, ModeratedGuild, ModeratedGuild];
    const banned = world.member(healthy, "banned");
    const stayed = world.member(healthy, "stayed");
    const guarded = world.member(refusing, "guarded");
    const shaky = world.member(failing, "shaky");
    // The process is up and has reconciled at start; these get stuck afterwards.
    const ban = await stuck(healthy, CaseType.Ban, banned);
    healthy.guild.bans.set(banned.id, { userId: banned.id, reason: "r" }); // Discord did ban them
    const kick = await stuck(healthy, CaseType.Kick, stayed); // … but never kicked this one
    const unverifiable = await stuck(refusing, CaseType.Ban, guarded);
    refusing.revokeFromBot(PermissionFlagsBits.BanMembers);
    const flaky = await stuck(failing, CaseType.Kick, shaky);
    const unblock = world.sim.faults.inject({
      method: "GET",
      path: `/guilds/${failing.guild.id}/members/${shaky.id}`,
      status: 500,
    });
    await world.app.database.sql(`UPDATE cases SET created_at = now() - interval '5 minutes' WHERE pending`);

    const task = reconciler();
    expect(task.everyMs).toBeLessThanOrEqual(60_000);
    await task.run(world.client());
    await eventuallyAsync(async () => (await state(kick))?.pending === false, 10_000, "the kick settled");
    expect(await state(ban)).toMatchObject({ pending: false, voided: false });
    expect(await state(kick)).toMatchObject({ pending: false, voided: true });
    await eventuallyAsync(async () => (await state(unverifiable))?.pending === false, 10_000, "refused one");
    expect(await state(unverifiable)).toMatchObject({
      voided: false,
      settle_note: "Not confirmed with Discord: I no longer have Ban Members",
    });
    await eventuallyAsync(
      async () => (await state(flaky))?.attempts === 1,
      10_000,
      "the failing one backs off",
    );
    expect(await state(flaky)).toMatchObject({ pending: true, retry_due_later: true });
    expect(healthy.modLog.messages).toHaveLength(2);
    expect(refusing.modLog.messages.map((message) => message.embeds[0]?.fields?.at(-1))).toEqual([
      { name: "Note", value: "Not confirmed with Discord: I no longer have Ban Members" },
    ]);

    unblock();
    await world.app.database.sql(`UPDATE cases SET next_attempt_at = now() WHERE id = $1`, [flaky.id]);
    await task.run(world.client());
    await eventuallyAsync(async () => (await state(flaky))?.pending === false, 10_000, "the retried one");
    expect(await state(flaky)).toMatchObject({ voided: true }); // they are still a member: never kicked
    expect((await world.app.container.resolve(CaseController).history(flaky.id)).length).toBe(1);
  });
});
