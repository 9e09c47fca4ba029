import type { Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { OutsideCases } from "../../controllers/outside-cases";
import { guildTranslator } from "../cases/mod-log";
import { readOutsideAction, type AuditEntry } from "./outside-action-reading";
import { OutsideRecorder } from "./outside-recorder";

/**
 * Kicks, timeouts (given, changed, lifted) and unbans made in Discord's own UI or by another bot become
 * cases, attributed to the moderator their audit-log entry names, one case per entry however many
 * processes receive it. Warden's own actions carry the bot as executor: their cases already exist.
 * Needs View Audit Log (Discord sends the entries only then); bans are recorded by ExternalBans.
 */
@injectable()
export class OutsideActions {
  constructor(
    @inject(OutsideCases) private readonly cases: OutsideCases,
    @inject(OutsideRecorder) private readonly recorder: OutsideRecorder,
  ) {}

  async record(entry: AuditEntry, guild: Guild): Promise<void> {
    const action = readOutsideAction(entry);
    if (!action) return;
    const botId = guild.client.user.id;
    if (action.executorId === botId) return;
    const reason = action.reason ?? guildTranslator(guild.client, guild.id).t(action.defaultReason);
    await this.recorder.record(
      guild.client,
      { guildId: guild.id, what: `a ${action.type} made outside Warden` },
      () =>
        this.cases.recordAuditEntry({
          guildId: guild.id,
          type: action.type,
          targetId: action.targetId,
          moderatorId: action.executorId ?? botId,
          reason,
          expiresAt: action.expiresAt ?? null,
          auditEntryId: entry.id,
          ...(action.closes ? { closes: action.closes } : {}),
        }),
    );
  }
}
