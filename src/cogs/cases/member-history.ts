import { inject, injectable } from "tsyringe";
import type { Reply } from "../../bot/interactions/reply";
import { CaseController } from "../../controllers/case-controller";
import type { Translator } from "../../i18n/translator";
import { PAGE_SIZE } from "./case-pager";
import { historyOverview } from "./history-view";

/** A member's record, cases by kind and the latest ones: what /history and the "History" menu show. */
@injectable()
export class MemberHistory {
  constructor(@inject(CaseController) private readonly cases: CaseController) {}

  async of(guildId: string, targetId: string, t: Translator): Promise<Reply> {
    const counts = await this.cases.countsByType(guildId, targetId);
    const latest = await this.cases.list(guildId, { targetId }, { limit: PAGE_SIZE });
    return { embeds: [historyOverview(t, targetId, counts, latest)] };
  }
}
