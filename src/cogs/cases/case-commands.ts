import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Reply } from "../../bot/interactions/reply";
import { CaseController } from "../../controllers/case-controller";
import { CaseSearch } from "../../controllers/case-search";
import { NotFoundError } from "../../errors/database-errors";
import { invalid } from "../../errors/validation-error";
import type { Case } from "../../entities";
import { LegacyUserError, UserError } from "../../errors/user-error";
import { caseEmbed } from "./case-embed";
import { ModLog } from "./mod-log";
import { historyEmbed, linkedCaseIds } from "./history-lines";
import { recentMessagesEmbed, RECENT_MESSAGES } from "./recent-messages";
import { MessageLogController } from "../../controllers/message-log-controller";

/** Who acts, where, and the client to update the mod log with. */
export interface Actor {
  guildId: string;
  userId: string;
  client: Client;
}

/** `/case show|reason|delete|link`. Every change is kept in the case's history and mirrored to the mod log. */
@injectable()
export class CaseCommands {
  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(CaseSearch) private readonly search: CaseSearch,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(MessageLogController) private readonly messageLog: MessageLogController,
  ) {}

  async show(guildId: string, number: number): Promise<Reply> {
    const kase = await this.cases.getByNumber(guildId, number);
    if (!kase) throw notFound(number);
    const edits = await this.cases.history(kase.id);
    const ids = [...linkedCaseIds(edits), ...(kase.refCaseId ? [kase.refCaseId] : [])];
    const numbers = await this.search.numbersByIds(guildId, ids);
    const refersTo = kase.refCaseId ? (numbers.get(kase.refCaseId) ?? null) : null;
    const recent = await this.messageLog.lastMessages(guildId, kase.targetId, RECENT_MESSAGES);
    return {
      embeds: [
        caseEmbed(kase, refersTo),
        historyEmbed(edits, numbers),
        ...(recent.length > 0 ? [recentMessagesEmbed(kase.targetId, recent)] : []),
      ],
    };
  }

  async reason(actor: Actor, number: number, reason: string): Promise<Reply> {
    const updated = await this.edit(number, () =>
      this.cases.transaction(async () => {
        const edited = await this.cases.editReason(actor.guildId, number, actor.userId, reason);
        // Checked after the row lock editReason takes, so a concurrent delete cannot slip in between.
        if (edited.voided) {
          throw new LegacyUserError(
            "CaseDeleted",
            `Case #${number} is deleted; its reason can no longer be changed.`,
          );
        }
        return edited;
      }),
    );
    return this.changed(actor, updated, `Updated the reason of case #${number}.`);
  }

  async delete(actor: Actor, number: number, reason: string): Promise<Reply> {
    const updated = await this.edit(number, () =>
      this.cases.void(actor.guildId, number, actor.userId, reason),
    );
    return this.changed(actor, updated, `Deleted case #${number}. It stays on record with its history.`);
  }

  async link(actor: Actor, number: number, refersTo: number): Promise<Reply> {
    if (refersTo >= number) {
      throw invalid("refers_to", "validation.earlier_case", { number });
    }
    const updated = await this.edit(number, () =>
      this.cases.link(actor.guildId, number, refersTo, actor.userId),
    );
    return this.changed(actor, updated, `Case #${number} now refers to case #${refersTo}.`);
  }

  /** The change is committed: nothing here may turn the answer into a failure. */
  private async changed(actor: Actor, updated: Case, summary: string): Promise<Reply> {
    await this.modLog.publish(actor.client, updated);
    const refersTo = updated.refCaseId
      ? await this.search
          .numbersByIds(actor.guildId, [updated.refCaseId])
          .then((numbers) => numbers.get(updated.refCaseId ?? 0) ?? null)
          .catch(() => null) // the embed then leaves out "Refers to"; the answer stays true
      : null;
    return { content: summary, embeds: [caseEmbed(updated, refersTo)] };
  }

  /** Runs a change, naming the case number a missing case was asked for by. */
  private async edit(number: number, change: () => Promise<Case>): Promise<Case> {
    try {
      return await change();
    } catch (error) {
      if (error instanceof NotFoundError && error.entity === "Case") {
        const key = error.key as { number?: unknown } | undefined;
        throw notFound(typeof key?.number === "number" ? key.number : number);
      }
      throw error;
    }
  }
}

function notFound(number: number): UserError {
  return new LegacyUserError("CaseNotFound", `Case #${number} not found.`);
}
