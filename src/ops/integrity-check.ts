import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { sqlStateOf } from "../database/error-mapping";
import { DatabaseError } from "../errors/database-errors";
import type { Message } from "../i18n/translator";

export type IntegrityCheckName = "case_counters" | "balances" | "ledger_orphans" | "indexes";

export interface IntegrityFinding {
  check: IntegrityCheckName;
  ok: boolean;
  /** What was wrong (a few examples), or what was checked: messages the cog writes in the reader's language. */
  details: Message[];
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
      "case_counters",
      rows.map((row) => ({
        id: "ops.case_counter_wrong",
        values: { guildId: row.guild_id, counter: row.counter, highest: row.highest },
      })),
      { id: "ops.case_counters_ok" },
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
      rows.map((row) => ({
        id: "ops.balance_wrong",
        values: { userId: row.user_id, guildId: row.guild_id, balance: row.balance, ledger: row.ledger },
      })),
      { id: "ops.balances_ok" },
    );
  }

  private async ledgerOrphans(): Promise<IntegrityFinding> {
    const { rows } = await this.db.sql<{ guild_id: string; user_id: string }>(
      `SELECT DISTINCT l.guild_id, l.user_id FROM ledger_entries l
        WHERE NOT EXISTS (SELECT 1 FROM member_balances b WHERE b.guild_id = l.guild_id AND b.user_id = l.user_id)
        ORDER BY l.guild_id, l.user_id LIMIT ${EXAMPLES}`,
    );
    return finding(
      "ledger_orphans",
      rows.map((row) => ({
        id: "ops.ledger_orphan",
        values: { userId: row.user_id, guildId: row.guild_id },
      })),
      { id: "ops.ledger_orphans_ok" },
    );
  }

  private async indexes(): Promise<IntegrityFinding> {
    try {
      await this.db.sql("CREATE EXTENSION IF NOT EXISTS amcheck");
    } catch {
      return { check: "indexes", ok: true, details: [{ id: "ops.amcheck_missing" }] };
    }
    const { rows: indexes } = await this.db.sql<{ name: string }>(
      `SELECT quote_ident(c.relname) AS name FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND am.amname = 'btree' AND i.indisvalid
        ORDER BY c.relname`,
    );
    const broken: Message[] = [];
    for (const index of indexes) {
      try {
        await this.db.sql("SELECT bt_index_check($1::regclass)", [index.name]);
      } catch (error) {
        const state = error instanceof DatabaseError ? error.sqlState : sqlStateOf(error);
        if (state === INSUFFICIENT_PRIVILEGE) {
          return { check: "indexes", ok: true, details: [{ id: "ops.amcheck_forbidden" }] };
        }
        // amcheck's own words are the diagnosis: which page of the index is wrong, and how.
        const reason = error instanceof Error ? error.message : String(error);
        broken.push({ id: "ops.index_broken", values: { index: index.name, error: reason } });
      }
    }
    return finding("indexes", broken.slice(0, EXAMPLES), {
      id: "ops.indexes_ok",
      values: { count: indexes.length },
    });
  }
}

function finding(check: IntegrityCheckName, problems: Message[], fine: Message): IntegrityFinding {
  return problems.length === 0
    ? { check, ok: true, details: [fine] }
    : { check, ok: false, details: problems };
}
