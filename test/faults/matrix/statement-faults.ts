import type { Client } from "pg";

/**
 * One statement the bot sends, made to fail for one guild (or one member) at a time: a real PostgreSQL
 * trigger raises `injected fault` when the row it writes belongs to an armed scope. The triggers are
 * installed once; arming and disarming is a row in `test_statement_faults` (no DDL, so combos running at
 * once never wait on each other's table locks).
 */
export interface StatementStep {
  table: string;
  /** The trigger's event: "INSERT", "UPDATE", "DELETE" or e.g. "INSERT OR UPDATE". */
  on: string;
  /** The column whose value names the scope (a guild id, or a user id for per-member tables). */
  scope: string;
  /** A trigger WHEN condition narrowing the step (e.g. only the update that confirms a case). */
  when?: string;
}

export const STATEMENT_STEPS = {
  "cases.insert": { table: "cases", on: "INSERT", scope: "guild_id" },
  "cases.confirm": {
    table: "cases",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.pending AND NOT NEW.pending AND NOT NEW.voided",
  },
  "cases.void": { table: "cases", on: "UPDATE", scope: "guild_id", when: "NOT OLD.voided AND NEW.voided" },
  "cases.modlog-message": {
    table: "cases",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.mod_log_message_id IS DISTINCT FROM NEW.mod_log_message_id",
  },
  "cases.edit": {
    table: "cases",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.reason IS DISTINCT FROM NEW.reason OR OLD.ref_case_id IS DISTINCT FROM NEW.ref_case_id",
  },
  "cases.expiry": {
    table: "cases",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.expires_at IS DISTINCT FROM NEW.expires_at",
  },
  "cases.processed": {
    table: "cases",
    on: "UPDATE",
    scope: "guild_id",
    when: "NOT OLD.processed AND NEW.processed",
  },
  "restrictions.insert": { table: "restrictions", on: "INSERT", scope: "guild_id" },
  "case_edits.insert": { table: "case_edits", on: "INSERT", scope: "editor_id" },
  "case_evidence.insert": { table: "case_evidence", on: "INSERT", scope: "added_by" },
  "guilds.counter": {
    table: "guilds",
    on: "UPDATE",
    scope: "id",
    when: "OLD.case_counter IS DISTINCT FROM NEW.case_counter",
  },
  "balances.write": { table: "member_balances", on: "INSERT OR UPDATE", scope: "guild_id" },
  "ledger.insert": { table: "ledger_entries", on: "INSERT", scope: "guild_id" },
  "cooldowns.take": { table: "cooldowns", on: "INSERT OR UPDATE", scope: "guild_id" },
  "cooldowns.delete": { table: "cooldowns", on: "DELETE", scope: "guild_id" },
  "tags.insert": { table: "tags", on: "INSERT", scope: "guild_id" },
  "tags.update": { table: "tags", on: "UPDATE", scope: "guild_id" },
  "tags.delete": { table: "tags", on: "DELETE", scope: "guild_id" },
  "variables.write": { table: "variables", on: "INSERT OR UPDATE", scope: "guild_id" },
  "variables.delete": { table: "variables", on: "DELETE", scope: "guild_id" },
  "configs.write": { table: "guild_configs", on: "INSERT OR UPDATE", scope: "guild_id" },
  "log_channels.write": { table: "log_channels", on: "INSERT OR UPDATE", scope: "guild_id" },
  "log_channels.delete": { table: "log_channels", on: "DELETE", scope: "guild_id" },
  "log_outbox.delete": { table: "log_outbox", on: "DELETE", scope: "guild_id" },
  "groups.insert": { table: "member_groups", on: "INSERT", scope: "guild_id" },
  "quotes.insert": { table: "quotes", on: "INSERT", scope: "guild_id" },
  "groups.delete": { table: "member_groups", on: "DELETE", scope: "guild_id" },
  "group_members.insert": { table: "group_members", on: "INSERT", scope: "user_id" },
  "group_members.delete": { table: "group_members", on: "DELETE", scope: "user_id" },
  "identities.insert": {
    table: "user_identities",
    on: "INSERT",
    scope: "platform_username",
  },
  "identities.delete": { table: "user_identities", on: "DELETE", scope: "platform_username" },
  "preferences.write": { table: "user_preferences", on: "INSERT OR UPDATE", scope: "discord_user_id" },
  "activity.write": { table: "member_activity", on: "INSERT OR UPDATE", scope: "guild_id" },
  "message_log.delete": { table: "message_log", on: "DELETE", scope: "guild_id" },
  "guild_events.delete": { table: "guild_events", on: "DELETE", scope: "guild_id" },
  "usage.insert": { table: "usage_events", on: "INSERT", scope: "guild_id" },
  "usage_window_mark.move": { table: "usage_window_mark", on: "UPDATE", scope: "id" },
  "restores.insert": { table: "channel_restores", on: "INSERT", scope: "guild_id" },
  "restores.update": { table: "channel_restores", on: "UPDATE", scope: "guild_id" },
  "restores.delete": { table: "channel_restores", on: "DELETE", scope: "guild_id" },
  "boots.write": { table: "process_boots", on: "INSERT OR UPDATE", scope: "id" },
  "raids.insert": { table: "raids", on: "INSERT", scope: "guild_id" },
  "raids.end": {
    table: "raids",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL",
  },
  "raids.settle": {
    table: "raids",
    on: "UPDATE",
    scope: "guild_id",
    when: "NEW.locked_at IS DISTINCT FROM OLD.locked_at OR NEW.unlocked_at IS DISTINCT FROM OLD.unlocked_at",
  },
  "appeal_settings.write": { table: "appeal_settings", on: "INSERT OR UPDATE", scope: "guild_id" },
  "appeals.insert": { table: "appeals", on: "INSERT", scope: "guild_id" },
  "appeals.decide": {
    table: "appeals",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.status IS DISTINCT FROM NEW.status",
  },
  "appeals.post": {
    table: "appeals",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.message_id IS DISTINCT FROM NEW.message_id",
  },
  "appeal_events.insert": { table: "appeal_events", on: "INSERT", scope: "actor_id" },
  "reports.insert": { table: "reports", on: "INSERT", scope: "guild_id" },
  "reports.update": {
    table: "reports",
    on: "UPDATE",
    scope: "guild_id",
    when: "OLD.status IS DISTINCT FROM NEW.status",
  },
  "report_events.insert": { table: "report_events", on: "INSERT", scope: "actor_id" },
  "report_settings.write": { table: "report_settings", on: "INSERT OR UPDATE", scope: "guild_id" },
  "report_blocks.insert": { table: "report_blocks", on: "INSERT", scope: "guild_id" },
  "report_blocks.delete": { table: "report_blocks", on: "DELETE", scope: "guild_id" },
  "automod_rules.write": { table: "automod_rules", on: "INSERT OR UPDATE", scope: "guild_id" },
  "automod_ladders.write": { table: "automod_ladders", on: "INSERT OR UPDATE OR DELETE", scope: "guild_id" },
} as const satisfies Record<string, StatementStep>;

export type StatementStepName = keyof typeof STATEMENT_STEPS;

export const INJECTED_FAULT = "injected fault";
/** The application_name of the test's own connection, whose statements never fail. */
export const TEST_CONNECTION = "fault-matrix";

const FUNCTION = `
CREATE TABLE IF NOT EXISTS test_statement_faults (step text NOT NULL, scope text NOT NULL, PRIMARY KEY (step, scope));
CREATE OR REPLACE FUNCTION test_statement_fault() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  written jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
  IF current_setting('application_name', true) <> '${TEST_CONNECTION}' AND EXISTS (SELECT 1 FROM test_statement_faults f
              WHERE f.step = TG_ARGV[0] AND f.scope = written ->> TG_ARGV[1]) THEN
    RAISE EXCEPTION '${INJECTED_FAULT}: %', TG_ARGV[0];
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;`;

function triggerSql(name: string, step: StatementStep): string {
  const trigger = `test_fault_${name.replace(/[^a-z_]/g, "_")}`;
  const when = "when" in step ? ` WHEN (${step.when})` : "";
  return `CREATE TRIGGER ${trigger} BEFORE ${step.on} ON ${step.table} FOR EACH ROW${when}
          EXECUTE FUNCTION test_statement_fault('${name}', '${step.scope}');`;
}

/** Arms and disarms statement failures in one database, through a connection of the test's own. */
export class StatementFaults {
  constructor(private readonly admin: Client) {}

  async install(): Promise<void> {
    await this.admin.query(FUNCTION);
    for (const [name, step] of Object.entries(STATEMENT_STEPS)) {
      await this.admin.query(triggerSql(name, step));
    }
  }

  /** Makes `step` fail for rows whose scope column holds `scope`; returns the disarming function. */
  async arm(step: StatementStepName, scope: string): Promise<() => Promise<void>> {
    await this.admin.query(
      "INSERT INTO test_statement_faults (step, scope) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      [step, scope],
    );
    return () => this.disarm(step, scope);
  }

  async disarm(step: StatementStepName, scope: string): Promise<void> {
    await this.admin.query("DELETE FROM test_statement_faults WHERE step = $1 AND scope = $2", [step, scope]);
  }
}
