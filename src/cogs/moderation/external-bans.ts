import { AuditLogEvent, type GuildBan } from "discord.js";
import { inject, injectable } from "tsyringe";
import { RepeatGuard } from "../../controllers/repeat-guard";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator } from "../cases/mod-log";
import { OutsideRecorder } from "./outside-recorder";

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
  constructor(
    @inject(RepeatGuard) private readonly cases: RepeatGuard,
    @inject(OutsideRecorder) private readonly recorder: OutsideRecorder,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

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
      auditEntryId: entry?.id ?? null,
      reason:
        entry?.reason ??
        ban.reason ??
        guildTranslator(guild.client, guild.id).t("moderation.external_ban_reason"),
    };
    await this.recorder.record(guild.client, { guildId: guild.id, what: "a ban made outside Warden" }, () =>
      this.cases.recordExternalBan(input, OWN_BAN_WINDOW_MS),
    );
  }

  private async auditEntry(
    ban: GuildBan,
  ): Promise<{ id: string; executorId: string | null; reason: string | null } | null> {
    try {
      const logs = await ban.guild.fetchAuditLogs({ type: AuditLogEvent.MemberBanAdd, limit: 10 });
      const entry = logs.entries.find(
        (candidate) =>
          candidate.targetId === ban.user.id && Date.now() - candidate.createdTimestamp < AUDIT_LOOKBACK_MS,
      );
      return entry ? { id: entry.id, executorId: entry.executorId, reason: entry.reason } : null;
    } catch (error) {
      this.logger.warn({ err: error, guildId: ban.guild.id }, "could not read the audit log for a ban");
      return null;
    }
  }
}
