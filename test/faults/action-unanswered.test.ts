import { PendingActions } from "../../src/cogs/moderation/pending-actions";
import { useModerationWorld, type ModeratedGuild } from "./moderation-world";

interface CaseRow {
  number: number;
  pending: boolean;
  voided: boolean;
}

/**
 * When Discord's answer to an action says nothing certain (a 5xx, a lost answer, a 404 answering
 * discord.js's own retry of a request that had landed), Discord's state decides whether the case stands;
 * when even that cannot be read, the case waits, pending, for the reconciler.
 */
describe("a moderation action whose answer says nothing certain", () => {
  const world = useModerationWorld("unanswered", 1);

  afterEach(() => world.sim.faults.clear());

  const casesOf = async (targetId: string): Promise<CaseRow[]> =>
    (
      await world.app.database.sql<CaseRow>(
        "SELECT number, pending, voided FROM cases WHERE target_id = $1 ORDER BY number",
        [targetId],
      )
    ).rows;
  const act = ({ guild, mod }: ModeratedGuild, name: string, userId: string) =>
    world.sim
      .command({ guildId: guild.id, userId: mod.id, name, options: { user: userId, reason: "spam" } })
      .answer();

  it("records a kick whose retry finds the member gone (Unknown Member): the kick stands", async () => {
    const [where] = world.guilds as [ModeratedGuild];
    const alice = world.member(where, "alice");
    // The first attempt landed; discord.js asked again and Discord answered that no such member is there.
    world.sim.faults.inject({
      method: "DELETE",
      path: `/guilds/${where.guild.id}/members/${alice.id}`,
      status: 404,
      code: 10007,
      hold: () => Promise.resolve(where.guild.removeMember(alice.id)),
      times: 1,
    });
    expect((await act(where, "kick", alice.id)).content).toMatch(/^Kicked \*\*alice\*\* \(case #\d+\)\./);
    expect(await casesOf(alice.id)).toEqual([expect.objectContaining({ pending: false, voided: false })]);
  });

  it("leaves the case pending when Discord's state cannot be read either, and the reconciler settles it", async () => {
    const [where] = world.guilds as [ModeratedGuild];
    const bob = world.member(where, "bob");
    const bans = `/guilds/${where.guild.id}/bans/${bob.id}`;
    // Discord bans bob but answers 500 every time, and cannot be asked whether he is banned.
    world.sim.faults.inject({
      method: "PUT",
      path: bans,
      status: 500,
      hold: () => Promise.resolve(void where.guild.bans.set(bob.id, { userId: bob.id, reason: "spam" })),
    });
    const unblock = world.sim.faults.inject({ method: "GET", path: bans, status: 500 });

    const reply = await act(where, "ban", bob.id);
    expect(reply.content).toMatch(
      /^Discord didn't answer, so I can't tell yet whether that was done; case #(\d+) will be confirmed or voided/,
    );
    const [kase] = await casesOf(bob.id);
    expect(kase).toMatchObject({ pending: true, voided: false });

    unblock();
    const reconciler = world.app.cogs
      .flatMap((cog) => cog.tasks ?? [])
      .find((t) => t instanceof PendingActions);
    if (!(reconciler instanceof PendingActions)) throw new Error("no reconciler");
    expect(await reconciler.reconcile(world.client(), 0)).toBe(1);
    expect(await casesOf(bob.id)).toEqual([{ number: kase?.number, pending: false, voided: false }]);
    expect(where.guild.bans.has(bob.id)).toBe(true);
  });
});
