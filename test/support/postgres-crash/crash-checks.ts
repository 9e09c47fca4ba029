import { Client } from "pg";
import { answerOf, UNAVAILABLE, verdictOf, type Answer, type Verdict } from "./answers";
import type { CrashAction, CrashWorld } from "./crash-world";

export interface CrashFindings {
  /** How the first answers read, per command. */
  verdicts: Record<"warn" | "give", Record<Verdict, number>>;
  /** Guarantees broken, one line each (empty when the bot kept every promise). */
  violations: string[];
  /** Warnings sent again because they were answered "unavailable" or "maybe saved", and how the retries read. */
  retried: Record<Verdict, number>;
  /** Answered "may or may not have been saved", and found saved. */
  unknownButSaved: number;
  cases: number;
  balances: { before: bigint; after: bigint };
  integrity: { ok: boolean; content: string };
}

interface CheckInput {
  url: string;
  world: CrashWorld;
  actions: readonly CrashAction[];
  answers: readonly Answer[];
  startingTotal: bigint;
  retry: (input: CrashAction["input"]) => ReturnType<typeof answerOf>;
  integrity: () => ReturnType<typeof answerOf>;
}

interface CaseRow {
  number: number;
  reason: string | null;
  target_id: string;
  pending: boolean;
}

const RETRIES = 20;
const empty = (): Record<Verdict, number> => ({
  done: 0,
  saved: 0,
  unavailable: 0,
  unknown: 0,
  repeat: 0,
  other: 0,
});

/**
 * What the bot promises when the database dies mid-load, checked against the database once it is back:
 * an answer "done" was recorded exactly once, an answer "unavailable" recorded nothing, an answer "may or
 * may not have been saved" (COMMIT cut off) at most once, no case is pending,
 * case numbers have no gap or duplicate, no points appeared or vanished, the ledger matches the balances;
 * and a warning sent again after either answer (as they ask) ends up recorded exactly once.
 */
export async function checkCrash(input: CheckInput): Promise<CrashFindings> {
  const client = new Client({ connectionString: input.url });
  await client.connect();
  try {
    const violations: string[] = [];
    const verdicts = { warn: empty(), give: empty() };
    const judged = input.actions.map((action, at) => {
      const answer = input.answers[at] ?? { answered: false, content: "" };
      const verdict = verdictOf(action.kind, answer.content);
      verdicts[action.kind][verdict.verdict] += 1;
      if (!answer.answered) violations.push(`${action.reason}: not answered within 3 s`);
      else if (verdict.verdict === "other" || verdict.verdict === "repeat")
        violations.push(`${action.reason}: answered ${JSON.stringify(answer.content)}`);
      return { action, ...verdict };
    });
    const guildId = input.world.guild.id;
    await waitForNoPending(client, guildId);
    const cases = await casesByReason(client, guildId);
    const ledger = await ledgerByReason(client, guildId);
    let unknownButSaved = 0;
    for (const { action, verdict, caseNumber } of judged) {
      const found =
        action.kind === "warn"
          ? (cases.get(action.reason) ?? []).length
          : (ledger.get(action.reason) ?? 0) / 2;
      if (verdict === "unknown" && found === 1) unknownButSaved += 1;
      // "done" and "saved": saved once; "unavailable": nothing saved; "maybe saved": once or not at all.
      const want =
        verdict === "done" || verdict === "saved" ? 1 : verdict === "unavailable" ? 0 : Math.min(found, 1);
      if (found !== want) violations.push(`${action.reason}: answered ${verdict}, recorded ${found} time(s)`);
      const kase = cases.get(action.reason)?.[0];
      if (action.kind === "warn" && verdict === "done" && kase && kase.number !== caseNumber)
        violations.push(`${action.reason}: answered case #${caseNumber}, recorded as #${kase.number}`);
    }
    const retried = empty();
    for (const { action, verdict } of judged) {
      if (action.kind !== "warn" || (verdict !== "unavailable" && verdict !== "unknown")) continue;
      retried[(await retryUntilServed(input, action)).verdict] += 1;
    }
    const after = await casesByReason(client, guildId);
    for (const action of input.actions) {
      if (action.kind === "warn" && (after.get(action.reason) ?? []).length !== 1)
        violations.push(
          `${action.reason}: ${(after.get(action.reason) ?? []).length} case(s) after the retries`,
        );
    }
    violations.push(...(await numbering(client, guildId)));
    const total = BigInt(
      (
        await client.query<{ total: string }>(
          "SELECT COALESCE(sum(balance), 0)::text AS total FROM member_balances WHERE guild_id = $1",
          [guildId],
        )
      ).rows[0]?.total ?? "0",
    );
    if (total !== input.startingTotal)
      violations.push(`points: ${input.startingTotal} before, ${total} after`);
    const integrity = await input.integrity();
    const ok = integrity.content.startsWith("Integrity check passed.");
    if (!ok) violations.push(`/db integrity: ${integrity.content}`);
    return {
      verdicts,
      violations,
      retried,
      unknownButSaved,
      cases: [...after.values()].reduce((sum, list) => sum + list.length, 0),
      balances: { before: input.startingTotal, after: total },
      integrity: { ok, content: integrity.content },
    };
  } finally {
    await client.end();
  }
}

/** The moderator sends the warning again, and again while the answer is still "unavailable". */
async function retryUntilServed(
  input: CheckInput,
  action: CrashAction,
): Promise<ReturnType<typeof verdictOf>> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await input.retry(action.input);
    if (answer.content !== UNAVAILABLE || attempt >= RETRIES) return verdictOf(action.kind, answer.content);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function casesByReason(client: Client, guildId: string): Promise<Map<string, CaseRow[]>> {
  const { rows } = await client.query<CaseRow>(
    "SELECT number, reason, target_id::text, pending FROM cases WHERE guild_id = $1 ORDER BY number",
    [guildId],
  );
  const byReason = new Map<string, CaseRow[]>();
  for (const row of rows) byReason.set(row.reason ?? "", [...(byReason.get(row.reason ?? "") ?? []), row]);
  return byReason;
}

async function ledgerByReason(client: Client, guildId: string): Promise<Map<string, number>> {
  const { rows } = await client.query<{ reason: string; n: number }>(
    "SELECT reason, count(*)::int AS n FROM ledger_entries WHERE guild_id = $1 AND reason LIKE 'crash give #%' GROUP BY reason",
    [guildId],
  );
  return new Map(rows.map((row) => [row.reason, row.n]));
}

async function waitForNoPending(client: Client, guildId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  const pending = async () =>
    (
      await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM cases WHERE guild_id = $1 AND pending",
        [guildId],
      )
    ).rows[0]?.n ?? 0;
  while ((await pending()) > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 250));
}

async function numbering(client: Client, guildId: string): Promise<string[]> {
  const { rows } = await client.query<{
    n: number;
    distinct: number;
    top: number | null;
    counter: number;
    pending: number;
  }>(
    `SELECT count(c.id)::int AS n, count(DISTINCT c.number)::int AS distinct, max(c.number) AS top,
            g.case_counter AS counter, count(c.id) FILTER (WHERE c.pending)::int AS pending
       FROM guilds g LEFT JOIN cases c ON c.guild_id = g.id WHERE g.id = $1 GROUP BY g.id`,
    [guildId],
  );
  const row = rows[0];
  if (!row) return ["the guild has no row"];
  const problems: string[] = [];
  if (row.n !== row.distinct || row.n !== (row.top ?? 0) || row.n !== row.counter)
    problems.push(`cases are not numbered 1..N: ${JSON.stringify(row)}`);
  if (row.pending > 0) problems.push(`${row.pending} case(s) still pending`);
  return problems;
}
