import { AuditLogEvent, type GuildBan } from "discord.js";
import { inject, injectable } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import { RepeatGuard } from "../../controllers/repeat-guard";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { SettleRetries } from "./settle-retries";

/** A ban case recorded this recently for the member means the ban event is Warden's own. */
const OWN_BAN_WINDOW_MS = 60_000;
/** The audit-log entry of a ban appears alongside the event; look this far back for it. */
const AUDIT_LOOKBACK_MS = 30_000;

/**
 * Bans made in Discord's own UI or by another bot become cases too, attributed to the moderator the audit
 * log names (or to the bot when it cannot tell), and posted to the mod log.
 */
@injectable()
export class ExternalBans {
  private readonly retries: SettleRetries;

  constructor(
    @inject(RepeatGuard) private readonly cases: RepeatGuard,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(Incidents) incidents: Incidents,
  ) {
    this.retries = new SettleRetries(logger, incidents);
  }

  async record(ban: GuildBan): Promise<void> {
    const { guild, user } = ban;
    const botId = guild.client.user.id;
    const entry = await this.auditEntry(ban);
    if (entry?.executorId === botId) return; // Warden's own ban (its case covers it)
    const input = {
      guildId: guild.id,
      targetId: user.id,
      targetName: user.username,
      moderatorId: entry?.executorId ?? botId,
      reason:
        entry?.reason ??
        ban.reason ??
        guildTranslator(guild.client, guild.id).t("moderation.external_ban_reason"),
    };
    const recordIt = async () => {
      const kase = await this.cases.recordExternalBan(input, OWN_BAN_WINDOW_MS);
      if (!kase) return;
      this.logger.info({ guildId: guild.id, caseNumber: kase.number }, "recorded a ban made outside Warden");
      await this.modLog.publish(guild.client, kase);
    };
    // The gateway won't send the event again: during an outage the case is recorded once the database is back.
    await recordIt().catch((error: unknown) => {
      this.logger.warn({ err: error, guildId: guild.id }, "could not record a ban made outside Warden yet");
      this.retries.retry("recording a ban made outside Warden", { guildId: guild.id }, recordIt);
    });
  }

  /** Drops retries still waiting (at shutdown). */
  stop(): void {
    this.retries.stop();
  }

  private async auditEntry(
    ban: GuildBan,
  ): Promise<{ executorId: string | null; reason: string | null } | null> {
    try {
      const logs = await ban.guild.fetchAuditLogs({ type: AuditLogEvent.MemberBanAdd, limit: 10 });
      const entry = logs.entries.find(
        (candidate) =>
          candidate.targetId === ban.user.id && Date.now() - candidate.createdTimestamp < AUDIT_LOOKBACK_MS,
      );
      return entry ? { executorId: entry.executorId, reason: entry.reason } : null;
    } catch (error) {
      this.logger.warn({ err: error, guildId: ban.guild.id }, "could not read the audit log for a ban");
      return null;
    }
  }
}
