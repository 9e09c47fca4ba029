import { PermissionFlagsBits } from "discord.js";
import type { SimUser } from "../../simulator";
import { TwoBotProcesses } from "../support/two-bot-processes";

const DATABASE = `warden_e2e_economy_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const MEMBERS = 50;
const TRANSFERS = 1_000;
/** Low enough that many transfers are refused for want of points: refusals must stay exact too. */
const START = 60;

/** A small deterministic generator, so a failing interleaving can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * 1,000 random /give among 50 members and 10 simultaneous /daily, served by two bot processes on one
 * database (the simulator hands the guild's interactions to each process in turn).
 */
describe("economy across two bot processes", () => {
  let bots: TwoBotProcesses;

  beforeAll(async () => {
    bots = await TwoBotProcesses.create(DATABASE);
  });
  afterAll(() => bots?.stop());

  it("keeps every balance and the ledger exact through 1,000 concurrent transfers, and pays /daily once", async () => {
    const { sim } = bots;
    const guild = sim.createGuild({ name: "Market" });
    const managers = guild.createRole({
      name: "Managers",
      position: 5,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    const banker = sim.createUser({ username: "banker" });
    guild.addMember(banker.id, { roles: [managers.id] });
    const members: SimUser[] = Array.from({ length: MEMBERS }, (_, index) => {
      const user = sim.createUser({ username: `member${index}` });
      guild.addMember(user.id);
      return user;
    });
    await bots.launch(["give", "economy", "daily"]);

    const seeds = await Promise.all(
      members.map((member) =>
        sim
          .command({
            guildId: guild.id,
            userId: banker.id,
            name: "economy",
            subcommand: "set",
            options: { user: member.id, amount: START, reason: "seed" },
          })
          .answer(15_000),
      ),
    );
    expect(
      seeds.filter(
        (reply) => !reply.content.includes(`now have **${START.toLocaleString("en-US")} points**`),
      ),
    ).toEqual([]);

    const random = seeded(42);
    const pick = (): SimUser => members[Math.floor(random() * MEMBERS)] ?? banker;
    const replies = await bots.paced(TRANSFERS, (index) => {
      const from = pick();
      let to = pick();
      while (to.id === from.id) to = pick();
      return sim.command({
        guildId: guild.id,
        userId: from.id,
        name: "give",
        options: { user: to.id, amount: 1 + Math.floor(random() * 40), reason: `transfer ${index}` },
      });
    });
    const given = /^Gave \*\*\d+ points?\*\* to <@\d+>\. You have [\d,]+ points? left\.$/;
    const refused = /^You have [\d,]+ points?; you cannot give [\d,]+\.$/;
    const unexpected = replies
      .map((reply) => reply.content)
      .filter((c) => !given.test(c) && !refused.test(c));
    if (unexpected.length > 0) process.stderr.write(`${bots.problems().slice(0, 5).join("\n")}\n`);
    expect(unexpected).toEqual([]);
    expect(replies.filter((reply) => refused.test(reply.content)).length).toBeGreaterThan(0);

    const dailies = await Promise.all(
      Array.from({ length: 10 }, () =>
        sim.command({ guildId: guild.id, userId: members[0]?.id ?? "", name: "daily" }).answer(15_000),
      ),
    );
    expect(dailies.filter((reply) => reply.content.startsWith("You claimed your daily"))).toHaveLength(1);
    expect(dailies.filter((reply) => reply.content.startsWith("You already claimed"))).toHaveLength(9);

    {
      const rows = await bots.query<{ user_id: string; balance: string; ledger: string }>(
        `SELECT b.user_id, b.balance, coalesce(sum(l.delta), 0) AS ledger
         FROM member_balances b LEFT JOIN ledger_entries l ON l.guild_id = b.guild_id AND l.user_id = b.user_id
         WHERE b.guild_id = $1 GROUP BY b.user_id, b.balance`,
        [guild.id],
      );
      expect(rows).toHaveLength(MEMBERS);
      expect(rows.filter((row) => row.balance !== row.ledger)).toEqual([]);
      expect(rows.filter((row) => BigInt(row.balance) < 0n)).toEqual([]);
      const total = rows.reduce((sum, row) => sum + BigInt(row.balance), 0n);
      expect(total).toBe(BigInt(MEMBERS * START + 100));
      // Rows are always locked in user id order: PostgreSQL itself must never have had to break a deadlock.
      const stats = await bots.query<{ deadlocks: string }>(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()",
      );
      expect(stats[0]?.deadlocks).toBe("0");
    }
    expect(bots.handled().every((count) => count > 0)).toBe(true);
  });
});
