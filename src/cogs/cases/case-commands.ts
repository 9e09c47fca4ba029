import { inject, injectable } from "tsyringe";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { CaseAnnotations } from "../../controllers/case-annotations";
import { CaseController } from "../../controllers/case-controller";
import { MessageLogController } from "../../controllers/message-log-controller";
import type { Case } from "../../entities";
import type { Message } from "../../i18n/translator";
import { caseEmbed } from "./case-embed";
import { evidenceEmbed, fitEmbeds } from "./evidence-lines";
import { ModLog } from "./mod-log";
import { historyEmbed, linkedCaseIds } from "./history-lines";
import { recentMessagesEmbed, RECENT_MESSAGES } from "./recent-messages";

/**
 * `/case show|reason|delete|link` (`note` and `evidence`: CaseAnnotationCommands). CaseController decides what may change (and says why not); every change
 * is kept in the case's history and mirrored to the mod log.
 */
@injectable()
export class CaseCommands {
  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(MessageLogController) private readonly messageLog: MessageLogController,
    @inject(CaseAnnotations) private readonly annotations: CaseAnnotations,
  ) {}

  async show(context: GuildCommandContext, number: number): Promise<Reply> {
    const { guildId, t } = context;
    const kase = await this.cases.getByNumberOrFail(guildId, number);
    const edits = await this.cases.history(kase.id);
    const ids = [...linkedCaseIds(edits), ...(kase.refCaseId ? [kase.refCaseId] : [])];
    const numbers = await this.cases.numbersByIds(guildId, ids);
    const refersTo = kase.refCaseId ? (numbers.get(kase.refCaseId) ?? null) : null;
    const recent = await this.messageLog.lastMessages(guildId, kase.targetId, RECENT_MESSAGES);
    const evidence = evidenceEmbed(t, await this.annotations.forCase(kase.id));
    return {
      embeds: fitEmbeds([
        caseEmbed(kase, refersTo, t),
        ...(evidence ? [evidence] : []),
        historyEmbed(t, edits, numbers),
        ...(recent.length > 0 ? [recentMessagesEmbed(t, kase.targetId, recent)] : []),
      ]),
    };
  }

  async reason(context: GuildCommandContext, number: number, reason: string): Promise<Reply> {
    const updated = await this.cases.editReason(context.guildId, number, context.user.id, reason);
    return this.changed(context, updated, { id: "cases.reason_changed", values: { number } });
  }

  async delete(context: GuildCommandContext, number: number, reason: string): Promise<Reply> {
    const updated = await this.cases.void(context.guildId, number, context.user.id, reason);
    return this.changed(context, updated, { id: "cases.deleted", values: { number } });
  }

  async link(context: GuildCommandContext, number: number, refersTo: number): Promise<Reply> {
    const updated = await this.cases.link(context.guildId, number, refersTo, context.user.id);
    return this.changed(context, updated, { id: "cases.linked", values: { number, refersTo } });
  }

  /** The change is committed: nothing here may turn the answer into a failure. */
  private async changed(context: GuildCommandContext, updated: Case, summary: Message): Promise<Reply> {
    await this.modLog.publish(context.interaction.client, updated);
    const refersTo = updated.refCaseId
      ? await this.cases
          .numbersByIds(context.guildId, [updated.refCaseId])
          .then((numbers) => numbers.get(updated.refCaseId ?? 0) ?? null)
          .catch(() => null) // the embed then leaves out "Refers to"; the answer stays true
      : null;
    return { content: context.t.render(summary), embeds: [caseEmbed(updated, refersTo, context.t)] };
  }
}
