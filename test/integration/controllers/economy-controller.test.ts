import { Pool } from "pg";
import { checkSameTransferStatements, transferByHand } from "../../../bench/lib/transfer-by-hand";
import { EconomyController } from "../../../src/controllers/economy-controller";
import { economySql } from "../../../src/controllers/economy-sql";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { DatabaseService } from "../../../src/database/database-service";
import { UserError } from "../../../src/errors/user-error";
import { translator } from "../../../src/i18n/translator";
import { makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

async function ledgerSum(guildId: string, userId: string): Promise<bigint> {
  const result = await t
    .get(DatabaseService)
    .sql<{ sum: string }>(
      "SELECT coalesce(sum(delta), 0)::text AS sum FROM ledger_entries WHERE guild_id = $1 AND user_id = $2",
      [guildId, userId],
    );
  return BigInt(result.rows[0]?.sum ?? 0);
}

describe("EconomyController", () => {
  it("transfers points, writes both ledger rows, and refuses what would go negative", async () => {
    const { id: guildId } = await makeGuild(t.container);
    const economy = t.get(EconomyController);
    const [alice, bob] = [snowflake(), snowflake()];
    await economy.add(guildId, alice, 100n, snowflake(), "seed");
    expect(await economy.transfer(guildId, alice, bob, 30n, "thanks")).toEqual({ from: 70n, to: 30n });
    const refusal = await economy.transfer(guildId, alice, bob, 71n).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      identifier: "economy.insufficient",
      values: { balance: 70, amount: 71 },
    });
    expect((refusal as UserError).render(translator("en"))).toBe("You have 70 points; you cannot give 71.");
    await expect(economy.transfer(guildId, alice, alice, 1n)).rejects.toMatchObject({
      identifier: "economy.self_transfer",
    });
    await expect(economy.transfer(guildId, alice, bob, 0n)).rejects.toMatchObject({
      identifier: "economy.bad_amount",
    });
    await expect(economy.transfer(guildId, alice, bob, 1_000_001n)).rejects.toMatchObject({
      identifier: "economy.bad_amount",
    });
    expect(await economy.balance(guildId, alice)).toBe(70n);
    expect(await ledgerSum(guildId, alice)).toBe(70n);
    expect(await ledgerSum(guildId, bob)).toBe(30n);
  });

  it("removes without going below zero and sets with the difference in the ledger", async () => {
    const { id: guildId } = await makeGuild(t.container);
    const economy = t.get(EconomyController);
    const [member, mod] = [snowflake(), snowflake()];
    expect(await economy.set(guildId, member, 50n, mod, "start")).toBe(50n);
    await expect(economy.remove(guildId, member, 51n, mod, "too much")).rejects.toBeInstanceOf(UserError);
    expect(await economy.remove(guildId, member, 20n, mod, "fine")).toBe(30n);
    expect(await economy.set(guildId, member, 5n, mod, "reset")).toBe(5n);
    expect(await economy.set(guildId, member, 0n, mod, "zero")).toBe(0n);
    expect(await ledgerSum(guildId, member)).toBe(0n);
  });

  it("gives the daily reward once, even to 10 simultaneous claims", async () => {
    const { id: guildId } = await makeGuild(t.container);
    const economy = t.get(EconomyController);
    const member = snowflake();
    const claims = await Promise.all(Array.from({ length: 10 }, () => economy.daily(guildId, member)));
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    expect(await economy.balance(guildId, member)).toBe(100n);
    const refused = claims.find((claim) => !claim.claimed);
    expect(refused && !refused.claimed && refused.retryAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("keeps totals and the ledger exact under concurrent transfers in both directions", async () => {
    const { id: guildId } = await makeGuild(t.container);
    const economy = t.get(EconomyController);
    const members = Array.from({ length: 6 }, () => snowflake());
    for (const member of members) await economy.set(guildId, member, 100n, snowflake(), "seed");
    const attempts = Array.from({ length: 200 }, (_, index) => {
      const from = members[index % members.length] ?? "";
      const to = members[(index * 7 + 1) % members.length] ?? "";
      return from === to ? Promise.resolve() : economy.transfer(guildId, from, to, BigInt(1 + (index % 40)));
    });
    const outcomes = await Promise.allSettled(attempts);
    const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(failures.filter((reason) => !(reason instanceof UserError))).toEqual([]);
    let total = 0n;
    for (const member of members) {
      const balance = await economy.balance(guildId, member);
      expect(balance).toBeGreaterThanOrEqual(0n);
      expect(await ledgerSum(guildId, member)).toBe(balance);
      total += balance;
    }
    expect(total).toBe(600n);
  });

  it("ranks holders richest first with keyset pages both ways, and sums the guild", async () => {
    const { id: guildId } = await makeGuild(t.container);
    const economy = t.get(EconomyController);
    const members = Array.from({ length: 7 }, () => snowflake());
    for (const [index, member] of members.entries()) {
      await economy.set(guildId, member, BigInt(index === 6 ? 0 : 10 * (index + 1)), snowflake(), "seed");
    }
    const first = await economy.rankPage(guildId, null, 4);
    expect(first.holders.map((h) => h.balance)).toEqual([60n, 50n, 40n, 30n]);
    expect(first.more).toBe(true);
    const last = first.holders.at(-1);
    if (!last) throw new Error("empty page");
    const second = await economy.rankPage(guildId, { after: last }, 4);
    expect(second.holders.map((h) => h.balance)).toEqual([20n, 10n]);
    expect(second.more).toBe(false);
    const back = await economy.rankPage(guildId, { before: second.holders[0] ?? last }, 4);
    expect(back.holders).toEqual(first.holders);
    const stats = await economy.stats(guildId, 3);
    expect(stats).toEqual({ members: 6, total: 210n, top: first.holders.slice(0, 3) });
  });

  it("sends the statements built from the entities' metadata, which the bench repeats by hand", async () => {
    const { id: guildId } = await makeGuild(t.container);
    const economy = t.get(EconomyController);
    const [alice, bob] = [snowflake(), snowflake()];
    await economy.add(guildId, alice, 100n, snowflake(), "seed");
    await t.get(GuildConfigController).get(guildId);
    await checkSameTransferStatements(t.db, () => economy.transfer(guildId, alice, bob, 1n));
    const pool = new Pool({ connectionString: t.url, max: 1 });
    try {
      await transferByHand(pool, economySql(t.db.dataSource), guildId, alice, bob, 9n);
    } finally {
      await pool.end();
    }
    expect([await economy.balance(guildId, alice), await economy.balance(guildId, bob)]).toEqual([90n, 10n]);
    expect([await ledgerSum(guildId, alice), await ledgerSum(guildId, bob)]).toEqual([90n, 10n]);
  });
});
