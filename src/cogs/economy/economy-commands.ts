import { inject, injectable } from "tsyringe";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { EconomyController } from "../../controllers/economy-controller";
import { UserError } from "../../errors/user-error";
import type { MessageId } from "../../i18n/resources";
import { points, relativeTime } from "./points";

type Adjustment = "add" | "remove" | "set";

const ADJUSTED = {
  add: "economy.added",
  remove: "economy.removed",
  set: "economy.set",
} as const satisfies Record<Adjustment, MessageId>;

/** The answers of the economy commands; the controller keeps the rules, these words explain them. */
@injectable()
export class EconomyCommands {
  constructor(@inject(EconomyController) private readonly economy: EconomyController) {}

  async balance({ guildId, user, t }: GuildCommandContext, userId: string): Promise<Reply> {
    const balance = points(await this.economy.balance(guildId, userId), t);
    return {
      content:
        userId === user.id
          ? t.t("economy.balance_own", { points: balance })
          : t.t("economy.balance_other", { userId, points: balance }),
    };
  }

  async give(
    { guildId, user, t }: GuildCommandContext,
    toId: string,
    amount: number,
    reason: string | null,
  ): Promise<Reply> {
    const after = await this.economy.transfer(guildId, user.id, toId, BigInt(amount), reason);
    return {
      content: t.t("economy.gave", {
        points: points(BigInt(amount), t),
        userId: toId,
        left: points(after.from, t),
      }),
    };
  }

  async daily({ guildId, user, t }: GuildCommandContext): Promise<Reply> {
    const claim = await this.economy.daily(guildId, user.id);
    if (!claim.claimed) throw new UserError("economy.daily_cooldown", { when: relativeTime(claim.retryAt) });
    return {
      content: t.t("economy.daily_claimed", {
        points: points(claim.reward, t),
        balance: points(claim.balance, t),
      }),
    };
  }

  async adjust(
    { guildId, user, t }: GuildCommandContext,
    how: Adjustment,
    userId: string,
    amount: number,
    reason: string,
  ): Promise<Reply> {
    const value = BigInt(amount);
    const after = await this.economy[how](guildId, userId, value, user.id, reason);
    return { content: t.t(ADJUSTED[how], { userId, points: points(value, t), balance: points(after, t) }) };
  }

  async stats({ guildId, t }: GuildCommandContext): Promise<Reply> {
    const stats = await this.economy.stats(guildId, 5);
    const top = stats.top.map((holder, index) =>
      t.t("economy.stats_line", {
        rank: index + 1,
        userId: holder.userId,
        points: points(holder.balance, t),
      }),
    );
    return {
      embeds: [
        {
          title: t.t("economy.stats_title"),
          fields: [
            { name: t.t("economy.stats_members"), value: t.number(stats.members), inline: true },
            { name: t.t("economy.stats_circulation"), value: points(stats.total, t), inline: true },
            {
              name: t.t("economy.stats_top"),
              value: top.length > 0 ? top.join("\n") : t.t("economy.stats_nobody"),
            },
          ],
        },
      ],
    };
  }
}
