import type { DatabaseService } from "../database/database-service";

/**
 * The moderator id of cases Warden's own automod made (`/automod`), shown as "Warden automod"; Discord's
 * AutoMod has its own ("0", see moderator-name.ts).
 */
export const WARDEN_AUTOMOD_MODERATOR_ID = "1";

/** Counts read when a rule fires (never per message): the escalation ladder's input. */
export class AutomodCaseCounts {
  constructor(private readonly db: DatabaseService) {}

  /** Warn cases by Warden's automod for this member since `since`, voided ones excluded. */
  async warnsSince(guildId: string, targetId: string, since: Date): Promise<number> {
    const result = await this.db.sql<{ count: string }>(
      `SELECT count(*) AS count FROM cases WHERE guild_id = $1 AND target_id = $2 AND moderator_id = $3
         AND type = 'warn' AND NOT voided AND created_at >= $4`,
      [guildId, targetId, WARDEN_AUTOMOD_MODERATOR_ID, since],
    );
    return Number(result.rows[0]?.count ?? 0);
  }
}
