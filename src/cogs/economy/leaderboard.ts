import { inject, injectable } from "tsyringe";
import type { Reply } from "../../bot/interactions/reply";
import { Pagers, type Pager, type PagerContext, type PageView } from "../../bot/pager/pager";
import { EconomyController } from "../../controllers/economy-controller";
import { LEADERBOARD_ANCHOR, LEADERBOARD_PREFIX, type LeaderboardAnchor } from "./leaderboard-state";
import { points } from "./points";

export const LEADERBOARD_PAGE_SIZE = 10;

/** `/leaderboard` and its Previous/Next buttons (the shared Pager: owner, expiry, permission re-checked). */
@injectable()
export class Leaderboard {
  readonly pager: Pager<LeaderboardAnchor>;

  constructor(
    @inject(EconomyController) private readonly economy: EconomyController,
    @inject(Pagers) pagers: Pagers,
  ) {
    this.pager = pagers.create({
      prefix: LEADERBOARD_PREFIX,
      command: ["leaderboard"],
      codec: LEADERBOARD_ANCHOR,
      page: (context, anchor, page) => this.page(context, anchor, page),
    });
  }

  first(context: PagerContext): Promise<Reply> {
    return this.pager.first(context, "top");
  }

  private async page(
    context: PagerContext,
    anchor: LeaderboardAnchor,
    page: number,
  ): Promise<PageView<LeaderboardAnchor>> {
    const { t } = context;
    const found = await this.economy.rankPage(
      context.guildId,
      anchor === "top" ? null : anchor,
      LEADERBOARD_PAGE_SIZE,
    );
    const backwards = anchor !== "top" && "before" in anchor;
    // Read backwards and nothing beyond: that is the first page, whatever number the button carried.
    const shown = backwards && !found.more ? 1 : page;
    const { holders } = found;
    if (holders.length === 0)
      return { reply: { content: t.t("economy.leaderboard_empty") }, previous: null, next: null };
    const first = holders[0];
    const last = holders[holders.length - 1];
    const lines = holders.map((holder, index) =>
      t.t("economy.leaderboard_line", {
        rank: (shown - 1) * LEADERBOARD_PAGE_SIZE + index + 1,
        userId: holder.userId,
        points: points(holder.balance, t),
      }),
    );
    return {
      reply: {
        embeds: [
          {
            title: t.t("economy.leaderboard_title"),
            description: lines.join("\n"),
            footer: { text: t.t("economy.leaderboard_page", { page: shown }) },
          },
        ],
      },
      previous: shown > 1 && first ? { anchor: { before: first }, page: shown - 1 } : null,
      next: (backwards || found.more) && last ? { anchor: { after: last }, page: shown + 1 } : null,
    };
  }
}
