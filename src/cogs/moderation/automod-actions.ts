import { AutoModerationActionType, type AutoModerationActionExecution } from "discord.js";
import { inject, injectable } from "tsyringe";
import { OutsideCases } from "../../controllers/outside-cases";
import { CaseType } from "../../entities";
import type { Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator } from "../cases/mod-log";
import { AUTOMOD_MODERATOR_ID } from "../cases/moderator-name";
import { OutsideRecorder } from "./outside-recorder";

/** Every process hears an AutoMod action within moments: the same record this soon is that same action. */
export const AUTOMOD_WINDOW_MS = 30_000;
const EXCERPT_LENGTH = 200;

/**
 * Discord's AutoMod actions become cases by "AutoMod": a timeout as a Timeout case of its duration, a blocked
 * message as a Note (a record for moderators, not a warning: Discord already told the member). The reason
 * names the rule, the keyword and an excerpt of the message (the content needs the Message Content intent).
 * Needs Manage Server (Discord sends the event only then) and the AutoModerationExecution intent.
 */
@injectable()
export class AutoModActions {
  constructor(
    @inject(OutsideCases) private readonly cases: OutsideCases,
    @inject(OutsideRecorder) private readonly recorder: OutsideRecorder,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async record(execution: AutoModerationActionExecution): Promise<void> {
    const { guild, action } = execution;
    const timeout = action.type === AutoModerationActionType.Timeout;
    if (!timeout && action.type !== AutoModerationActionType.BlockMessage) return;
    const t = guildTranslator(guild.client, guild.id);
    const matched = whatMatched(t, execution);
    const rule = t.t("moderation.automod_rule", { rule: await this.ruleName(execution) });
    const seconds = action.metadata.durationSeconds ?? 0;
    const input = {
      guildId: guild.id,
      type: timeout ? CaseType.Timeout : CaseType.Note,
      targetId: execution.userId,
      moderatorId: AUTOMOD_MODERATOR_ID,
      reason: `${rule}${matched}`,
      ...(timeout ? { lastsMs: seconds * 1000 } : {}),
    };
    await this.recorder.record(guild.client, { guildId: guild.id, what: "an AutoMod action" }, () =>
      this.cases.recordUnlessRecent(input, AUTOMOD_WINDOW_MS, matched),
    );
  }

  /** The rule's name (needs Manage Server, which the event needs too), else its id. */
  private async ruleName(execution: AutoModerationActionExecution): Promise<string> {
    try {
      return (await execution.guild.autoModerationRules.fetch(execution.ruleId)).name;
    } catch (error) {
      this.logger.warn({ err: error, guildId: execution.guild.id }, "could not read an AutoMod rule");
      return execution.ruleId;
    }
  }
}

/** What the event says matched, the same in every process: the keyword and an excerpt of the message. */
function whatMatched(t: Translator, execution: AutoModerationActionExecution): string {
  const text = (execution.content || execution.matchedContent || "").replace(/\s+/g, " ").trim();
  const excerpt = text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
  const keyword = execution.matchedKeyword;
  if (keyword && excerpt) return t.t("moderation.automod_matched", { keyword, excerpt });
  if (keyword) return t.t("moderation.automod_keyword", { keyword });
  return excerpt ? t.t("moderation.automod_excerpt", { excerpt }) : "";
}
