import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { sqlStateOf } from "../database/error-mapping";
import { DatabaseError } from "../errors/database-errors";

export interface IntegrityFinding {
  check: string;
  ok: boolean;
  /** What was wrong (a few examples), or what was checked. */
  detail: string;
}

const EXAMPLES = 5;
const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * A consistency check of what the schema cannot enforce by itself: counters that must match their rows,
 * balances that must match their ledger, and B-tree indexes (amcheck) where the server offers it.
 */
@injectable()
export class IntegrityCheck {
  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  async run(): Promise<IntegrityFinding[]> {
    return [
      await this.caseCounters(),
      await this.balances(),
      await this.ledgerOrphans(),
      await this.indexes(),
    ];
  }

  private async caseCounters(): Promise<IntegrityFinding> {
    const { rows } = await this.db.sql<{ guild_id: string; counter: number; highest: number }>(
      `SELECT g.id AS guild_id, g.case_counter AS counter, COALESCE(MAX(c.number), 0)::int AS highest
         FROM guilds g LEFT JOIN cases c ON c.guild_id = g.id
        GROUP BY g.id HAVING g.case_counter <> COALESCE(MAX(c.number), 0)
        ORDER BY g.id LIMIT ${EXAMPLES}`,
    );
    return finding(
      "case counters",
      rows.map((row) => `guild ${row.guild_id}: counter ${row.counter}, highest case ${row.highest}`),
      "every guild's case counter matches its highest case number",
    );
  }

  private async balances(): Promise<IntegrityFinding> {
    const { rows } = await this.db.sql<{
      guild_id: string;
      user_id: string;
      balance: string;
      ledger: string;
    }>(
      `SELECT b.guild_id, b.user_id, b.balance, COALESCE(l.total, 0) AS ledger
         FROM member_balances b
         LEFT JOIN (SELECT guild_id, user_id, SUM(delta) AS total FROM ledger_entries GROUP BY guild_id, user_id) l
           ON l.guild_id = b.guild_id AND l.user_id = b.user_id
        WHERE b.balance <> COALESCE(l.total, 0)
        ORDER BY b.guild_id, b.user_id LIMIT ${EXAMPLES}`,
    );
    return finding(
      "balances",
      rows.map(
        (row) => `member ${row.user_id} in ${row.guild_id}: balance ${row.balance}, ledger ${row.ledger}`,
      ),
      "every balance equals the sum of its ledger entries",
    );
  }

  private async ledgerOrphans(): Promise<IntegrityFinding> {
    const { rows } = await this.db.sql<{ guild_id: string; user_id: string }>(
      `SELECT DISTINCT l.guild_id, l.user_id FROM ledger_entries l
        WHERE NOT EXISTS (SELECT 1 FROM member_balances b WHERE b.guild_id = l.guild_id AND b.user_id = l.user_id)
        ORDER BY l.guild_id, l.user_id LIMIT ${EXAMPLES}`,
    );
    return finding(
      "ledger orphans",
      rows.map((row) => `ledger entries of ${row.user_id} in ${row.guild_id} have no balance row`),
      "every ledger entry belongs to a member with a balance",
    );
  }

  private async indexes(): Promise<IntegrityFinding> {
    try {
      await this.db.sql("CREATE EXTENSION IF NOT EXISTS amcheck");
    } catch {
      return { check: "indexes (amcheck)", ok: true, detail: "amcheck not available on this server" };
    }
    const { rows: indexes } = await this.db.sql<{ name: string }>(
      `SELECT quote_ident(c.relname) AS name FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND am.amname = 'btree' AND i.indisvalid
        ORDER BY c.relname`,
    );
    const broken: string[] = [];
    for (const index of indexes) {
      try {
        await this.db.sql("SELECT bt_index_check($1::regclass)", [index.name]);
      } catch (error) {
        const state = error instanceof DatabaseError ? error.sqlState : sqlStateOf(error);
        if (state === INSUFFICIENT_PRIVILEGE) {
          return { check: "indexes (amcheck)", ok: true, detail: "amcheck not available to this user" };
        }
        broken.push(`${index.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return finding(
      "indexes (amcheck)",
      broken.slice(0, EXAMPLES),
      `${indexes.length} B-tree indexes verified`,
    );
  }
}

function finding(check: string, problems: string[], fine: string): IntegrityFinding {
  return problems.length === 0
    ? { check, ok: true, detail: fine }
    : { check, ok: false, detail: problems.join("\n") };
}
