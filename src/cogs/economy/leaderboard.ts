import { ButtonStyle, ComponentType, type APIButtonComponent } from "discord.js";
import { inject, injectable } from "tsyringe";
import { ComponentSigner } from "../../bot/component-signer";
import type { Reply } from "../../bot/interactions/reply";
import { EconomyRankings, type RankAnchor } from "../../controllers/economy-rankings";
import { LegacyUserError } from "../../errors/user-error";
import { decodeLeaderboardState, encodeLeaderboardState } from "./leaderboard-state";
import { points } from "./points";

export const LEADERBOARD_PAGE_SIZE = 10;

/** `/leaderboard` and its Previous/Next buttons, which only the member who ran it may press. */
@injectable()
export class Leaderboard {
  constructor(
    @inject(EconomyRankings) private readonly rankings: EconomyRankings,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
  ) {}

  first(guildId: string, invokerId: string): Promise<Reply> {
    return this.render(guildId, invokerId, null, 1);
  }

  async press(guildId: string, userId: string, payload: string): Promise<Reply> {
    const state = decodeLeaderboardState(payload);
    if (!state)
      throw new LegacyUserError("UnknownComponent", "That no longer works; run /leaderboard again.");
    if (state.invokerId !== userId) {
      throw new LegacyUserError(
        "NotYourButtons",
        "Only the person who ran /leaderboard can use these buttons.",
      );
    }
    return { ...(await this.render(guildId, userId, state.anchor, state.page)), update: true };
  }

  private async render(guildId: string, invokerId: string, anchor: RankAnchor, page: number): Promise<Reply> {
    const found = await this.rankings.page(guildId, anchor, LEADERBOARD_PAGE_SIZE);
    const backwards = anchor !== null && "before" in anchor;
    // Read backwards and nothing beyond: that is the first page, whatever number the button carried.
    const shown = backwards && !found.more ? 1 : page;
    const hasPrevious = shown > 1;
    const hasNext = backwards ? true : found.more;
    const { holders } = found;
    if (holders.length === 0) return { content: "Nobody has any points yet." };
    const lines = holders.map(
      (holder, index) =>
        `**${(shown - 1) * LEADERBOARD_PAGE_SIZE + index + 1}.** <@${holder.userId}> — ${points(holder.balance)}`,
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
      embeds: [{ title: "Leaderboard", description: lines.join("\n"), footer: { text: `Page ${shown}` } }],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            button("Previous", first ? { before: first } : null, Math.max(1, shown - 1), hasPrevious),
            button("Next", last ? { after: last } : null, shown + 1, hasNext),
          ],
        },
      ],
    };
  }
}
