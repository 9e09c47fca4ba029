import { Client } from "pg";
import { LOCALES } from "../../../src/i18n/locales";
import { translator } from "../../../src/i18n/translator";
import type { DiscordSimulator } from "../../../simulator";
import type { FuzzWorld } from "./fuzz-world";

export interface IntegrityReport {
  ok: boolean;
  /** `/db integrity`'s answer, then the checks it does not make (case numbering, pending cases). */
  lines: string[];
}

interface Numbering extends Record<string, unknown> {
  guild_id: string;
  n: number;
  distinct: number;
  top: number | null;
  counter: number;
}

const PENDING_WAIT_MS = 60_000;

/**
 * After the run: `/db integrity` run by the owner through Discord (counters, balances against the ledger,
 * amcheck), plus what it does not check: every guild's cases numbered 1..N and none left pending once
 * background settling is done.
 */
export async function fuzzIntegrity(
  sim: DiscordSimulator,
  world: FuzzWorld,
  databaseUrl: string,
): Promise<IntegrityReport> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pending = await waitForNoPending(client);
    const reply = await sim
      .command({ guildId: world.guild.id, userId: world.invokers.owner, name: "db", subcommand: "integrity" })
      .answer(60_000);
    const lines = [reply.content];
    // The owner may have chosen another language for Warden during the run (/preferences language).
    const passed = LOCALES.map((locale) => translator(locale).t("ops.integrity_passed"));
    let ok = passed.some((text) => reply.content.startsWith(text));
    const { rows } = await client.query<Numbering>(
      `SELECT g.id AS guild_id, count(c.id)::int AS n, count(DISTINCT c.number)::int AS distinct,
              max(c.number) AS top, g.case_counter AS counter
         FROM guilds g LEFT JOIN cases c ON c.guild_id = g.id GROUP BY g.id`,
    );
    for (const row of rows) {
      if (row.n === row.distinct && row.n === (row.top ?? 0) && row.n === row.counter) continue;
      ok = false;
      lines.push(`❌ cases of guild ${row.guild_id} are not numbered 1..N: ${JSON.stringify(row)}`);
    }
    if (pending > 0) {
      ok = false;
      lines.push(`❌ ${pending} case(s) still pending`);
    }
    if (ok) lines.push(`✅ cases numbered 1..N in ${rows.length} guild(s), none pending`);
    return { ok, lines };
  } finally {
    await client.end();
  }
}

async function waitForNoPending(client: Client): Promise<number> {
  const count = async () =>
    (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE pending")).rows[0]?.n ?? 0;
  const deadline = Date.now() + PENDING_WAIT_MS;
  let pending = await count();
  while (pending > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    pending = await count();
  }
  return pending;
}
