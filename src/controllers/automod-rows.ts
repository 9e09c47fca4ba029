import type { DatabaseService } from "../database/database-service";
import type { AutomodAction, AutomodRuleName } from "../entities/automod-rule";

export interface RuleRow {
  rule: AutomodRuleName;
  enabled: boolean;
  actions: AutomodAction[];
  timeoutSeconds: number;
  limit: number;
  windowSeconds: number;
  patterns: string[];
  exemptRoleIds: string[];
  exemptChannelIds: string[];
}
export interface LadderRow {
  warns: number;
  windowSeconds: number;
  timeoutSeconds: number;
}
export interface GuildAutomodRows {
  rules: RuleRow[];
  ladder: LadderRow | null;
}
export type RuleChange = Partial<Omit<RuleRow, "rule" | "patterns" | "exemptRoleIds" | "exemptChannelIds">>;
export type ListColumn = "patterns" | "exempt_role_ids" | "exempt_channel_ids";

const RULE_COLUMNS = `rule, enabled, actions, timeout_seconds, "limit", window_seconds, patterns,
  exempt_role_ids::text[] AS exempt_role_ids, exempt_channel_ids::text[] AS exempt_channel_ids`;

/** A guild's rules and ladder: two statements, run together. */
export async function readGuildRows(
  db: DatabaseService,
  guildId: string,
  tables: { rules: string; ladders: string },
): Promise<GuildAutomodRows> {
  const [rules, ladders] = await Promise.all([
    db.sql<Record<string, unknown>>(
      `SELECT ${RULE_COLUMNS} FROM ${tables.rules} WHERE guild_id = $1 ORDER BY rule`,
      [guildId],
    ),
    db.sql<Record<string, unknown>>(
      `SELECT warns, window_seconds, timeout_seconds FROM ${tables.ladders} WHERE guild_id = $1`,
      [guildId],
    ),
  ]);
  const ladder = ladders.rows[0];
  return {
    rules: rules.rows.map(ruleRow),
    ladder: ladder
      ? {
          warns: Number(ladder.warns),
          windowSeconds: Number(ladder.window_seconds),
          timeoutSeconds: Number(ladder.timeout_seconds),
        }
      : null,
  };
}

function ruleRow(row: Record<string, unknown>): RuleRow {
  return {
    rule: row.rule as AutomodRuleName,
    enabled: row.enabled === true,
    actions: (row.actions as AutomodAction[] | null) ?? [],
    timeoutSeconds: Number(row.timeout_seconds),
    limit: Number(row.limit),
    windowSeconds: Number(row.window_seconds),
    patterns: (row.patterns as string[] | null) ?? [],
    exemptRoleIds: (row.exempt_role_ids as string[] | null) ?? [],
    exemptChannelIds: (row.exempt_channel_ids as string[] | null) ?? [],
  };
}
