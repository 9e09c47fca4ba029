import { ButtonStyle, ComponentType, type APIButtonComponent } from "discord.js";
import { inject, injectable } from "tsyringe";
import { ComponentSigner } from "../../bot/component-signer";
import type { Reply } from "../../bot/interactions/reply";
import { EconomyController, type RankAnchor } from "../../controllers/economy-controller";
import { UserError } from "../../errors/user-error";
import type { Translator } from "../../i18n/translator";
import { decodeLeaderboardState, encodeLeaderboardState } from "./leaderboard-state";
import { points } from "./points";

export const LEADERBOARD_PAGE_SIZE = 10;

/** Who is looking: the guild, the member, and the language they read. */
interface Viewer {
  guildId: string;
  userId: string;
  t: Translator;
}

/** `/leaderboard` and its Previous/Next buttons, which only the member who ran it may press. */
@injectable()
export class Leaderboard {
  constructor(
    @inject(EconomyController) private readonly economy: EconomyController,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
  ) {}

  first(viewer: Viewer): Promise<Reply> {
    return this.render(viewer, null, 1);
  }

  async press(viewer: Viewer, payload: string): Promise<Reply> {
    const state = decodeLeaderboardState(payload);
    if (!state) throw new UserError("economy.leaderboard_stale");
    if (state.invokerId !== viewer.userId) throw new UserError("economy.leaderboard_not_yours");
    return { ...(await this.render(viewer, state.anchor, state.page)), update: true };
  }

  private async render(viewer: Viewer, anchor: RankAnchor, page: number): Promise<Reply> {
    const { guildId, userId: invokerId, t } = viewer;
    const found = await this.economy.rankPage(guildId, anchor, LEADERBOARD_PAGE_SIZE);
    const backwards = anchor !== null && "before" in anchor;
    // Read backwards and nothing beyond: that is the first page, whatever number the button carried.
    const shown = backwards && !found.more ? 1 : page;
    const hasPrevious = shown > 1;
    const hasNext = backwards ? true : found.more;
    const { holders } = found;
    if (holders.length === 0) return { content: t.t("economy.leaderboard_empty") };
    const lines = holders.map((holder, index) =>
      t.t("economy.leaderboard_line", {
        rank: (shown - 1) * LEADERBOARD_PAGE_SIZE + index + 1,
        userId: holder.userId,
        points: points(holder.balance, t),
      }),
    );
    const first = holders[0];
    const last = holders[holders.length - 1];
    const button = (label: string, target: RankAnchor, to: number, enabled: boolean): APIButtonComponent => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label,
      custom_id: this.signer.sign(encodeLeaderboardState({ page: to, invokerId, anchor: target })),
      disabled: !enabled,
    });
    return {
      embeds: [
        {
          title: t.t("economy.leaderboard_title"),
          description: lines.join("\n"),
          footer: { text: t.t("economy.leaderboard_page", { page: shown }) },
        },
      ],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            button(
              t.t("economy.leaderboard_previous"),
              first ? { before: first } : null,
              Math.max(1, shown - 1),
              hasPrevious,
            ),
            button(t.t("economy.leaderboard_next"), last ? { after: last } : null, shown + 1, hasNext),
          ],
        },
      ],
    };
  }
}
