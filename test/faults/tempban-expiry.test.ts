import { PermissionFlagsBits } from "discord.js";
import { TempbanExpiries } from "../../src/cogs/moderation/expiries";
import type { SimUser } from "../../simulator";
import { eventuallyAsync, useModerationWorld, type ModeratedGuild } from "./moderation-world";

interface CaseRow {
  id: number;
  guild_id: string;
  number: number;
  type: string;
  target_id: string;
  processed: boolean;
  attempts: number;
  settle_note: string | null;
  retry_due_later: boolean;
}

/** Tempban expiries settle each tempban on its own: one guild's refusal or Discord's hiccup blocks nobody. */
describe("tempban expiries under faults", () => {
  const world = useModerationWorld("tempban", 3);

  afterEach(() => world.sim.faults.clear());

  const expiries = () => {
    const task = world.app.cogs.flatMap((cog) => cog.tasks ?? []).find((t) => t instanceof TempbanExpiries);
    if (!task) throw new Error("the moderation cog has no tempban expiry task");
    return task;
  };
  const casesOf = async (target: SimUser): Promise<CaseRow[]> =>
    (
      await world.app.database.sql<CaseRow>(
        // to_jsonb: read the columns by name, so this also runs against a schema that lacks some.
        `SELECT c.id, c.guild_id, c.number, c.type, c.target_id, c.processed,
                (to_jsonb(c) ->> 'attempts')::int AS attempts, to_jsonb(c) ->> 'settle_note' AS settle_note,
                (to_jsonb(c) ->> 'next_attempt_at')::timestamptz > now() AS retry_due_later
           FROM cases c WHERE c.target_id = $1 ORDER BY c.number`,
        [target.id],
      )
    ).rows;
  const tempban = async ({ guild, mod }: ModeratedGuild, target: SimUser) => {
    const reply = await world.sim
      .command({
        guildId: guild.id,
        userId: mod.id,
        name: "ban",
        options: { user: target.id, reason: "cool off", duration: "1h" },
      })
      .answer();
    expect(reply.content).toMatch(/^Banned \*\*\w+\*\* for 1h/);
  };
  /** Moves the expiries into the past instead of waiting an hour. */
  const fallDue = (...targets: SimUser[]) =>
    world.app.database.sql(
      `UPDATE cases SET expires_at = now() - interval '1 second' WHERE type = 'ban' AND target_id = ANY($1::bigint[])`,
      [targets.map((target) => target.id)],
    );
  const unbansOf = async (target: SimUser) => (await casesOf(target)).filter((row) => row.type === "unban");
  const unbanRequests = ({ guild }: ModeratedGuild, target: SimUser) =>
    world.sim.requests.filter("DELETE", `/guilds/${guild.id}/bans/${target.id}`).length;

  it("lifts one guild's tempban although another guild's bot lost Ban Members; that one is settled once, with a reason and a mod-log note", async () => {
    const [kept, broken] = world.guilds as [ModeratedGuild, ModeratedGuild];
    const alice = world.member(kept, "alice");
    const bob = world.member(broken, "bob");
    await tempban(kept, alice);
    await tempban(broken, bob);
    broken.revokeFromBot(PermissionFlagsBits.BanMembers);
    await fallDue(alice, bob);

    await expiries().run(world.client());
    await eventuallyAsync(async () => (await unbansOf(alice)).length === 1, 10_000, "alice's Unban case");
    expect(kept.guild.bans.has(alice.id)).toBe(false);

    await eventuallyAsync(
      async () => (await casesOf(bob))[0]?.processed === true,
      10_000,
      "bob's case settled",
    );
    const [bobsBan] = await casesOf(bob);
    expect(bobsBan).toMatchObject({ type: "ban", settle_note: "Not lifted: I no longer have Ban Members" });
    expect(await unbansOf(bob)).toEqual([]);
    expect(broken.guild.bans.has(bob.id)).toBe(true);
    // The note follows the settle's commit: a scheduled run (every 5 s) that claimed bob's case before the
    // test's own run may still be posting it.
    const note = `Couldn't lift the tempban of <@${bob.id}> (case #${bobsBan?.number}): I no longer have Ban Members.`;
    await eventuallyAsync(
      async () => broken.modLog.messages.some((message) => message.content === note),
      10_000,
      "the mod-log note",
    );

    // Settled means settled: later runs don't ask Discord again.
    const asked = unbanRequests(broken, bob);
    expect(asked).toBeGreaterThanOrEqual(1);
    await expiries().run(world.client());
    await expiries().run(world.client());
    expect(unbanRequests(broken, bob)).toBe(asked);
  });

  it("backs off a 500 for that one tempban, lifts the others meanwhile, then lifts it: one Unban case each", async () => {
    const [first, , third] = world.guilds as [ModeratedGuild, ModeratedGuild, ModeratedGuild];
    const carol = world.member(first, "carol");
    const dave = world.member(first, "dave");
    const erin = world.member(third, "erin");
    for (const [where, who] of [
      [first, carol],
      [first, dave],
      [third, erin],
    ] as const) {
      await tempban(where, who);
    }
    const unblock = world.sim.faults.inject({
      method: "DELETE",
      path: `/guilds/${first.guild.id}/bans/${carol.id}`,
      status: 500,
    });
    await fallDue(carol, dave, erin);

    await expiries().run(world.client());
    for (const lifted of [dave, erin]) {
      await eventuallyAsync(async () => (await unbansOf(lifted)).length === 1, 10_000, "the Unban case");
    }
    await eventuallyAsync(async () => (await casesOf(carol))[0]?.attempts === 1, 10_000, "carol's backoff");
    expect((await casesOf(carol))[0]).toMatchObject({ processed: false, retry_due_later: true });

    // Before its next attempt is due nothing is asked of Discord again.
    const asked = unbanRequests(first, carol);
    await expiries().run(world.client());
    expect(unbanRequests(first, carol)).toBe(asked);

    unblock();
    await world.app.database.sql(`UPDATE cases SET next_attempt_at = now() WHERE target_id = $1`, [carol.id]);
    await expiries().run(world.client());
    await eventuallyAsync(async () => (await unbansOf(carol)).length === 1, 10_000, "carol's Unban case");
    expect(first.guild.bans.has(carol.id)).toBe(false);
    for (const who of [carol, dave, erin]) {
      expect(await unbansOf(who)).toHaveLength(1);
      expect((await casesOf(who))[0]).toMatchObject({ type: "ban", processed: true, settle_note: null });
    }
    const targets = [carol.id, dave.id, erin.id];
    const auditUnbans = [first, third].flatMap(({ guild }) =>
      guild.auditLog.filter(
        (entry) => targets.includes(entry.targetId ?? "") && entry.reason?.startsWith("Tempban expired"),
      ),
    );
    expect(auditUnbans.map((entry) => entry.targetId).sort()).toEqual(targets.sort());
  });
});
