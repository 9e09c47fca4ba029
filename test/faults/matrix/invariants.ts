import { IntegrityCheck } from "../../../src/ops/integrity-check";
import type { FaultWorld, WorldGuild } from "./fault-world";

/**
 * What must hold in every guild once its work has settled: cases numbered 1, 2, 3, … with no gap or
 * duplicate, none pending, the guild's counter at the highest number, and no case posted twice to the
 * mod log.
 */
export async function checkGuild(world: FaultWorld, where: WorldGuild): Promise<void> {
  const cases = await world.sql<{ number: number; pending: boolean }>(
    "SELECT number, pending FROM cases WHERE guild_id = $1 ORDER BY number",
    [where.guild.id],
  );
  const numbers = cases.map((kase) => kase.number);
  expect(numbers).toEqual(numbers.map((_, index) => index + 1));
  expect(cases.filter((kase) => kase.pending).map((kase) => kase.number)).toEqual([]);
  const [guild] = await world.sql<{ case_counter: number }>("SELECT case_counter FROM guilds WHERE id = $1", [
    where.guild.id,
  ]);
  expect(guild?.case_counter ?? 0).toBe(numbers.length);
  const posted = where.modLog.messages.flatMap((message) =>
    message.embeds.flatMap((embed) => /Case #(\d+)/.exec(embed.title ?? "")?.[1] ?? []),
  );
  const twice = posted.filter((number, index) => posted.indexOf(number) !== index);
  expect({ postedTwice: twice }).toEqual({ postedTwice: [] });
}

/** `/db integrity` over the whole database: counters, balances against ledgers, indexes. */
export async function checkIntegrity(world: FaultWorld): Promise<void> {
  const findings = await world.app.container.resolve(IntegrityCheck).run();
  expect(findings.filter((finding) => !finding.ok)).toEqual([]);
}
