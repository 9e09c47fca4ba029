import { EconomyController } from "../../src/controllers/economy-controller";
import { economySql } from "../../src/controllers/economy-sql";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { snowflake } from "../../test/support/factories";
import type { BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { seededRandom, shuffled } from "../lib/random";
import { median } from "../lib/stats";
import { checkSameTransferStatements, transferByHand } from "../lib/transfer-by-hand";

const MEMBERS = 50;
/** Concurrent workers, each sending its next transfer as soon as the last one committed. */
const WORKERS = 8;
/** Transfers per timed block. */
const BLOCK = 2_000;
const WARMUP = 2_000;
const ROUNDS = 7;
const SEED = 20_261_126;
/** Enough that no member runs dry during the run, whatever the draw. */
const START = 1_000_000n;

const SIDES = ["controller", "raw"] as const;
type Side = (typeof SIDES)[number];
type Transfer = (from: string, to: string, amount: bigint) => Promise<unknown>;

/** Runs `count` transfers between random pairs on `WORKERS` workers; resolves with transfers per second. */
async function throughput(
  transfer: Transfer,
  members: readonly string[],
  count: number,
  seed: number,
): Promise<number> {
  const random = seededRandom(seed);
  const pick = (): string => members[Math.floor(random() * members.length)] ?? "";
  const pairs = Array.from({ length: count }, () => {
    const from = pick();
    let to = pick();
    while (to === from) to = pick();
    return [from, to, BigInt(1 + Math.floor(random() * 100))] as const;
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let pair = pairs[next++]; pair; pair = pairs[next++]) await transfer(...pair);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/**
 * `EconomyController.transfer` in this process, N workers on random pairs of 50 members of one guild,
 * against the same transaction written by hand on raw pg, in alternating blocks of random order.
 */
export async function benchEconomyTransfer(context: BenchContext, report: Reporter): Promise<void> {
  const guildId = snowflake();
  const economy = context.container.resolve(EconomyController);
  await context.container.resolve(GuildConfigController).get(guildId);
  const members = Array.from({ length: MEMBERS }, () => snowflake());
  for (const member of members) await economy.set(guildId, member, START, members[0] ?? member, "bench");
  await checkSameTransferStatements(context.db, () =>
    economy.transfer(guildId, members[0] ?? "", members[1] ?? "", 1n),
  );
  const statements = economySql(context.db.dataSource);
  const transfers: Record<Side, Transfer> = {
    controller: (from, to, amount) => economy.transfer(guildId, from, to, amount),
    raw: (from, to, amount) => transferByHand(context.raw, statements, guildId, from, to, amount),
  };
  for (const side of SIDES) await throughput(transfers[side], members, WARMUP, SEED);
  const random = seededRandom(SEED);
  const results: Record<Side, number[]> = { controller: [], raw: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const side of shuffled(SIDES, random)) {
      results[side].push(await throughput(transfers[side], members, BLOCK, SEED + round));
    }
    progress(
      `economy.transfer: round ${round + 1}/${ROUNDS} controller ${results.controller.at(-1)?.toFixed(0)}/s, ` +
        `raw ${results.raw.at(-1)?.toFixed(0)}/s`,
    );
  }
  await checkLedger(context, guildId);
  const [controller, raw] = [median(results.controller), median(results.raw)];
  const perRound = results.controller.map((value, index) => (results.raw[index] ?? 0) / value);
  const setup =
    `${WORKERS} concurrent workers, random pairs of ${MEMBERS} members of one guild, ${ROUNDS} rounds of ` +
    `${BLOCK} transfers per side in random order after ${WARMUP} untimed per side; median of rounds`;
  report.emit(
    "economy.transfer.tps",
    controller,
    "ops/s",
    `EconomyController.transfer in process (BEGIN; lock both rows; move + 2 ledger rows; COMMIT); ${setup}; ` +
      `per round ${results.controller.map((value) => value.toFixed(0)).join(", ")}`,
  );
  report.emit(
    "economy.transfer.vs_raw_pg",
    raw / controller,
    "ratio",
    `raw pg transfers/s ${raw.toFixed(0)} ÷ controller transfers/s ${controller.toFixed(0)} (target ≤ 1.5), the ` +
      `same statements on a plain pg.Pool of the same size; median of per-round ratios ${median(perRound).toFixed(2)}; per round ${perRound.map((r) => r.toFixed(2)).join(", ")}`,
  );
}

/** Every balance must equal its ledger, and the guild's total must not have moved. */
async function checkLedger(context: BenchContext, guildId: string): Promise<void> {
  const result = await context.raw.query<{ wrong: number; total: string }>(
    `SELECT count(*) FILTER (WHERE b.balance <> l.sum)::int AS wrong, sum(b.balance)::text AS total
       FROM member_balances b
       JOIN (SELECT user_id, sum(delta) AS sum FROM ledger_entries WHERE guild_id = $1 GROUP BY user_id) l
         ON l.user_id = b.user_id
      WHERE b.guild_id = $1`,
    [guildId],
  );
  const row = result.rows[0];
  if (!row || row.wrong !== 0 || BigInt(row.total) !== START * BigInt(MEMBERS)) {
    throw new Error(`the bench guild's balances do not add up: ${JSON.stringify(row)}`);
  }
}
