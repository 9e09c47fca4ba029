import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import { DiscordSimulator, type SimUser } from "../support/discord-simulator";
import { eventually } from "../support/eventually";
import { MainProcess } from "../support/main-process";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_economy_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const MEMBERS = 50;
const TRANSFERS = 1_000;
/**
 * Enough that no /give is refused: a refusal answered after the automatic defer hits a simulator bug (a
 * follow-up after deleting the deferred reply tries to fill the deleted message). Refusals under concurrency
 * are covered at the controller level.
 */
const START = 10_000;

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
  let sim: DiscordSimulator;
  let databaseUrl: string;
  const processes: MainProcess[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ interactionRouting: "round-robin" });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });

  afterAll(async () => {
    for (const main of processes) {
      main.child.kill("SIGTERM");
      await main.exited;
    }
    await sim.close();
    await dropDatabase(DATABASE);
  });

  it("keeps every balance and the ledger exact through 1,000 concurrent transfers, and pays /daily once", async () => {
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
    const env = {
      DISCORD_TOKEN: sim.token,
      DISCORD_API_URL: sim.apiUrl,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "debug",
    };
    processes.push(new MainProcess(env), new MainProcess(env));
    await sim.waitForShards(2, 60_000);
    await eventually(
      () => sim.registeredCommands().some((command) => command.name === "give"),
      30_000,
      "/give",
    );

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
          .reply(15_000),
      ),
    );
    expect(
      seeds.filter(
        (reply) => !reply.content.includes(`now have **${START.toLocaleString("en-US")} points**`),
      ),
    ).toEqual([]);

    const random = seeded(42);
    const pick = (): SimUser => members[Math.floor(random() * MEMBERS)] ?? banker;
    const handles = [];
    for (let index = 0; index < TRANSFERS; index += 1) {
      const from = pick();
      let to = pick();
      while (to.id === from.id) to = pick();
      handles.push(
        sim.command({
          guildId: guild.id,
          userId: from.id,
          name: "give",
          options: { user: to.id, amount: 1 + Math.floor(random() * 40), reason: `transfer ${index}` },
        }),
      );
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const replies = await Promise.all(handles.map((handle) => handle.reply(30_000)));
    const given = /^Gave \*\*\d+ points?\*\* to <@\d+>\. You have [\d,]+ points? left\.$/;
    expect(replies.map((reply) => reply.content).filter((content) => !given.test(content))).toEqual([]);

    const dailies = await Promise.all(
      Array.from({ length: 10 }, () =>
        sim.command({ guildId: guild.id, userId: members[0]?.id ?? "", name: "daily" }).reply(15_000),
      ),
    );
    expect(dailies.filter((reply) => reply.content.startsWith("You claimed your daily"))).toHaveLength(1);
    expect(dailies.filter((reply) => reply.content.startsWith("You already claimed"))).toHaveLength(9);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ user_id: string; balance: string; ledger: string }>(
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
      const stats = await client.query<{ deadlocks: string }>(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()",
      );
      expect(stats.rows[0]?.deadlocks).toBe("0");
    } finally {
      await client.end();
    }
    const handled = processes.map((main) => main.count("interaction received"));
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
  });
});
