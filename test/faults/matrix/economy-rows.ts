import { EconomyController } from "../../../src/controllers/economy-controller";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compare, simple } from "./row-kit";
import type { ActionRow } from "./rows";

const seed = (world: FaultWorld, where: WorldGuild, userId: string, amount: bigint) =>
  world.app.container.resolve(EconomyController).add(where.guild.id, userId, amount, where.mod.id, "seed");

const balances =
  (world: FaultWorld, where: WorldGuild, ...userIds: string[]) =>
  async () => {
    const rows = await world.sql<{ user_id: string; balance: number; ledger: number }>(
      `SELECT b.user_id, b.balance::int AS balance,
            (SELECT COALESCE(SUM(delta), 0)::int FROM ledger_entries l
              WHERE l.guild_id = b.guild_id AND l.user_id = b.user_id) AS ledger
       FROM member_balances b WHERE b.guild_id = $1`,
      [where.guild.id],
    );
    const off = rows.filter((row) => row.balance !== row.ledger).map((row) => row.user_id);
    if (off.length > 0) return { ledgerDisagrees: off };
    return userIds.map((id) => rows.find((row) => row.user_id === id)?.balance ?? 0);
  };

/** /give, /daily and /economy: the points move whole or not at all, the ledger always agreeing. */
export const ECONOMY_ROWS: readonly ActionRow[] = [
  simple({
    name: "give",
    covers: ["give"],
    statementSteps: ["balances.write", "ledger.insert"],
    done: /^Gave \*\*30 points\*\*/,
    async prepare({ world, where }) {
      const [giver, taker] = [where.member("giver"), where.member("taker")];
      await seed(world, where, giver.id, 100n);
      return {
        input: { userId: giver.id, name: "give", options: { user: taker.id, amount: 30 } },
        state: compare(balances(world, where, giver.id, taker.id), [70, 30], [100, 0]),
      };
    },
  }),
  simple({
    name: "daily",
    covers: ["daily"],
    statementSteps: ["cooldowns.take", "balances.write", "ledger.insert"],
    done: /^You claimed your daily/,
    async prepare({ world, where }) {
      const claimer = where.member("claimer");
      const read = async () => ({
        balance: (await balances(world, where, claimer.id)()) as unknown,
        cooldowns: (
          await world.sql("SELECT 1 FROM cooldowns WHERE guild_id = $1 AND user_id = $2", [
            where.guild.id,
            claimer.id,
          ])
        ).length,
      });
      return {
        input: { userId: claimer.id, name: "daily" },
        state: compare(read, { balance: [100], cooldowns: 1 }, { balance: [0], cooldowns: 0 }),
      };
    },
  }),
  ...(
    [
      ["add", 0n, 25, [25], /^Added 25 points/],
      ["remove", 100n, 40, [60], /^Removed 40 points/],
      ["set", 100n, 10, [10], /^Set <@\d+>'s points/],
    ] as const
  ).map(([how, start, amount, after, done]) =>
    simple({
      name: `economy ${how}`,
      covers: [`economy ${how}`],
      statementSteps: ["balances.write", "ledger.insert"],
      done,
      async prepare({ world, where }) {
        const holder = where.member("holder");
        if (start > 0n) await seed(world, where, holder.id, start);
        return {
          input: {
            userId: where.mod.id,
            name: "economy",
            subcommand: how,
            options: { user: holder.id, amount, reason: "matrix" },
          },
          state: compare(balances(world, where, holder.id), after, [Number(start)]),
        };
      },
    }),
  ),
];
