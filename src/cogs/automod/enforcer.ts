import { DiscordAPIError, Routes, type Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { formatDuration } from "../../bot/duration";
import { AutomodController } from "../../controllers/automod-controller";
import { WARDEN_AUTOMOD_MODERATOR_ID } from "../../controllers/automod-moderator";
import { CaseController } from "../../controllers/case-controller";
import { CaseType, type Case } from "../../entities";
import { MAX_REASON_LENGTH } from "../../entities/case";
import type { Translator } from "../../i18n/translator";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { discordProblem } from "./discord-problem";
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

interface Step {
  type: CaseType;
  lastsMs: number | null;
}

/**
 * What happens once a rule fired (rarely, so the database is fine here): the message deleted, the
 * strongest action of the rule taken (a warning escalated by the guild's ladder), then one case by
 * Warden's automod naming the rule, the evidence and whatever Discord refused. Discord is asked first and
 * the case records what happened; an action Discord refused leaves a Note instead.
 */
@injectable()
export class AutomodEnforcer {
  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(AutomodController) private readonly automod: AutomodController,
    @inject(ModLog) private readonly modLog: ModLog,
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

  async enforce(offence: Offence, verdict: Verdict, ladder: AutomodLadderSettings | null): Promise<Case> {
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
    let step = strongest(verdict);
    if (step.type === CaseType.Warn && ladder) {
      const since = new Date(Date.now() - ladder.windowSeconds * 1000);
      const warns = (await this.automod.warnsSince(guild.id, authorId, since)) + 1;
      if (warns >= ladder.warns) {
        step = { type: CaseType.Timeout, lastsMs: ladder.timeoutSeconds * 1000 };
        const window = formatDuration(ladder.windowSeconds * 1000);
        notes.push(t.t("automod.escalated", { count: warns, window }));
      }
    }
    try {
      if (step.type === CaseType.Timeout) {
        const until = new Date(Date.now() + (step.lastsMs ?? 0));
        await guild.members.edit(authorId, { communicationDisabledUntil: until, reason: audit });
      } else if (step.type === CaseType.Ban) {
        await guild.members.ban(authorId, { reason: audit });
      }
    } catch (error) {
      notes.push(notDone(step.type, discordProblem(error, t), t));
      step = { type: CaseType.Note, lastsMs: null };
    }
    const kase = await this.cases.createCase({
      guildId: guild.id,
      type: step.type,
      targetId: authorId,
      targetName: offence.authorName,
      moderatorId: WARDEN_AUTOMOD_MODERATOR_ID,
      reason: reasonOf(verdict, offence.content, notes, t),
      lastsMs: step.lastsMs,
    });
    await this.modLog.publish(guild.client, kase);
    return kase;
  }
}

function strongest(verdict: Verdict): Step {
  const { actions, timeoutSeconds } = verdict.rule;
  if (actions.includes("ban")) return { type: CaseType.Ban, lastsMs: null };
  if (actions.includes("timeout")) return { type: CaseType.Timeout, lastsMs: timeoutSeconds * 1000 };
  if (actions.includes("warn")) return { type: CaseType.Warn, lastsMs: null };
  return { type: CaseType.Note, lastsMs: null };
}

function notDone(type: CaseType, problem: string, t: Translator): string {
  return type === CaseType.Ban
    ? t.t("automod.not_banned", { problem })
    : t.t("automod.not_timed_out", { problem });
}

function reasonOf(verdict: Verdict, content: string, notes: readonly string[], t: Translator): string {
  const head = t.t("automod.case_reason", { rule: verdict.rule.rule, evidence: excerpt(verdict.evidence) });
  const quoted = content.trim() ? [t.t("automod.case_message", { excerpt: excerpt(content) })] : [];
  const reason = [head, ...quoted, ...notes].join(" · ");
  return reason.length > MAX_REASON_LENGTH ? reason.slice(0, MAX_REASON_LENGTH) : reason;
}
