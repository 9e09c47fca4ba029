import { DiscordAPIError, Routes, type Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { formatDuration } from "../../bot/duration";
import { newIncidentId } from "../../bot/incident-id";
import { AutomodCases, type AutomodStep } from "../../controllers/automod-cases";
import { DatabaseUnavailableError } from "../../errors/database-errors";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { CaseType, type Case } from "../../entities";
import { MAX_REASON_LENGTH } from "../../entities/case";
import type { Translator } from "../../i18n/translator";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { discordProblem } from "./discord-problem";
import { AutomodPunishment } from "./punishment";
import type { Verdict } from "./engine";
import type { AutomodLadderSettings } from "./settings";
import { excerpt } from "./text-checks";

/** The message that broke a rule, as plain values (Warden caches neither messages nor members). */
export interface Offence {
  guild: Guild;
  channelId: string;
  messageId: string;
  authorId: string;
  authorName: string;
  content: string;
}

/**
 * What happens once a rule fired (rarely, so the database is fine here): the message deleted (that needs
 * no case), then one case by Warden's automod naming the rule, the evidence and whatever Discord refused.
 * A warning is just its case (escalated to a timeout by the guild's ladder when due); a timeout or ban is
 * recorded as pending first and only then asked of Discord (AutomodPunishment), so no action is ever
 * without its case. When the case cannot be recorded (the database is down), the message is still deleted
 * but no timeout or ban is taken: that is logged under an incident id.
 */
@injectable()
export class AutomodEnforcer {
  constructor(
    @inject(AutomodCases) private readonly cases: AutomodCases,
    @inject(AutomodPunishment) private readonly punishment: AutomodPunishment,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** More of a burst already acted on: the message is deleted (if the rule deletes), nothing else. */
  async deleteOnly(offence: Offence, verdict: Verdict): Promise<void> {
    if (!verdict.rule.actions.includes("delete")) return;
    const t = guildTranslator(offence.guild.client, offence.guild.id);
    const route = Routes.channelMessage(offence.channelId, offence.messageId);
    const reason = t.t("automod.audit_reason", { rule: verdict.rule.rule });
    await offence.guild.client.rest.delete(route, { reason }).catch((error: unknown) => {
      // Refused or already gone: the burst's case says what Discord allowed; nothing more to record.
      if (!(error instanceof DiscordAPIError && error.status < 500)) throw error;
    });
  }

  async enforce(offence: Offence, verdict: Verdict, ladder: AutomodLadderSettings | null): Promise<void> {
    const { guild, authorId } = offence;
    const t = guildTranslator(guild.client, guild.id);
    const rule = verdict.rule;
    const notes: string[] = [];
    const audit = t.t("automod.audit_reason", { rule: rule.rule });
    if (rule.actions.includes("delete")) {
      const route = Routes.channelMessage(offence.channelId, offence.messageId);
      await guild.client.rest.delete(route, { reason: audit }).catch((error: unknown) => {
        notes.push(t.t("automod.not_deleted", { problem: discordProblem(error, t) }));
      });
    }
    const step = strongest(verdict);
    const reasonWith = (more: readonly string[]) =>
      reasonOf(verdict, offence.content, [...notes, ...more], t);
    let escalation: string[] = [];
    let kase: Case;
    try {
      kase = await this.cases.recordOffence({
        guildId: guild.id,
        targetId: authorId,
        targetName: offence.authorName,
        step,
        ladder,
        reason: (escalatedAt) => {
          const window = formatDuration((ladder?.windowSeconds ?? 0) * 1000);
          escalation = escalatedAt === null ? [] : [t.t("automod.escalated", { count: escalatedAt, window })];
          return reasonWith(escalation);
        },
      });
    } catch (error) {
      const outage = error instanceof DatabaseUnavailableError;
      const context = { err: error, incidentId: newIncidentId(), guildId: guild.id, userId: authorId };
      const what = { ...context, rule: rule.rule, action: step.type };
      const message = "automod could not record its case: no timeout or ban was taken";
      if (outage) this.logger.warn(what, message);
      else this.logger.error(what, message);
      return;
    }
    if (!kase.pending) {
      await this.modLog.publish(guild.client, kase);
      return;
    }
    await this.punishment.carryOut(guild, kase, audit, (note) => reasonWith([...escalation, note]));
  }

  /** At shutdown: background settling still waiting is left to the reconciler. */
  stop(): void {
    this.punishment.stop();
  }
}

function strongest(verdict: Verdict): AutomodStep {
  const { actions, timeoutSeconds } = verdict.rule;
  if (actions.includes("ban")) return { type: CaseType.Ban, lastsMs: null };
  if (actions.includes("timeout")) return { type: CaseType.Timeout, lastsMs: timeoutSeconds * 1000 };
  if (actions.includes("warn")) return { type: CaseType.Warn, lastsMs: null };
  return { type: CaseType.Note, lastsMs: null };
}

function reasonOf(verdict: Verdict, content: string, notes: readonly string[], t: Translator): string {
  const head = t.t("automod.case_reason", { rule: verdict.rule.rule, evidence: excerpt(verdict.evidence) });
  const quoted = content.trim() ? [t.t("automod.case_message", { excerpt: excerpt(content) })] : [];
  const reason = [head, ...quoted, ...notes].join(" · ");
  return reason.length > MAX_REASON_LENGTH ? reason.slice(0, MAX_REASON_LENGTH) : reason;
}
