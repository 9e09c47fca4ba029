import { inject, injectable } from "tsyringe";
import { CaseController } from "../../controllers/case-controller";
import type { Case } from "../../entities";
import type { ListFilter, PageAnchor } from "./list-state";

export const PAGE_SIZE = 10;

export interface CasePage {
  items: Case[];
  page: number;
  /** Cases matching the filter, on every page. */
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/**
 * One page of `/cases`, in at most three statements and never more than a page of rows: forward through
 * `CaseController.list` (keyset), backward through the cases just newer than the page's first one, so page
 * N shows the same rows whichever way it is reached.
 */
@injectable()
export class CasePager {
  constructor(@inject(CaseController) private readonly cases: CaseController) {}

  async page(guildId: string, filter: ListFilter, anchor: PageAnchor, page: number): Promise<CasePage> {
    const total = await this.cases.countMatching(guildId, filter);
    if (anchor.direction === "newer") {
      const newer = await this.cases.newerThan(guildId, filter, anchor.number, PAGE_SIZE);
      if (newer.more)
        return { items: newer.items, page: Math.max(2, page), total, hasPrevious: true, hasNext: true };
      // Nothing newer beyond: this is the first page. Cases voided meanwhile may have left it short.
      if (newer.items.length === PAGE_SIZE) {
        return { items: newer.items, page: 1, total, hasPrevious: false, hasNext: true };
      }
      return this.forward(guildId, filter, null, 1, total);
    }
    const after = anchor.direction === "older" ? this.cases.cursorAfter(anchor) : null;
    return this.forward(guildId, filter, after, after ? page : 1, total);
  }

  private async forward(
    guildId: string,
    filter: ListFilter,
    after: string | null,
    page: number,
    total: number,
  ): Promise<CasePage> {
    const found = await this.cases.list(guildId, filter, { after, limit: PAGE_SIZE });
    return {
      items: found.items,
      page,
      total,
      hasPrevious: page > 1,
      hasNext: found.nextCursor !== null,
    };
  }
}
