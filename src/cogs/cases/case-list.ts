import { inject, injectable } from "tsyringe";
import type { Reply } from "../../bot/interactions/reply";
import { Pagers, type Pager, type PagerContext, type PageView } from "../../bot/pager/pager";
import { CasePager } from "./case-pager";
import { CASES_ANCHOR, CASES_PREFIX, type CasesAnchor, type ListFilter } from "./list-state";
import { listReply } from "./list-view";

/** `/cases list` and its Previous/Next buttons (the shared Pager: owner, expiry, permission re-checked). */
@injectable()
export class CaseList {
  readonly pager: Pager<CasesAnchor>;

  constructor(
    @inject(CasePager) private readonly pages: CasePager,
    @inject(Pagers) pagers: Pagers,
  ) {
    this.pager = pagers.create({
      prefix: CASES_PREFIX,
      command: ["cases", "list"],
      codec: CASES_ANCHOR,
      page: (context, anchor, page) => this.page(context, anchor, page),
    });
  }

  first(context: PagerContext, filter: ListFilter): Promise<Reply> {
    return this.pager.first(context, { filter, position: { direction: "first" } });
  }

  private async page(
    context: PagerContext,
    anchor: CasesAnchor,
    page: number,
  ): Promise<PageView<CasesAnchor>> {
    const { filter } = anchor;
    const view = await this.pages.page(context.guildId, filter, anchor.position, page);
    const first = view.items[0];
    const last = view.items.at(-1);
    return {
      reply: listReply(context.t, view, filter),
      previous: view.hasPrevious
        ? {
            page: Math.max(1, view.page - 1),
            anchor: {
              filter,
              position: first ? { direction: "newer", number: first.number } : { direction: "first" },
            },
          }
        : null,
      next:
        view.hasNext && last
          ? {
              page: view.page + 1,
              anchor: { filter, position: { direction: "older", number: last.number, id: last.id } },
            }
          : null,
    };
  }
}
