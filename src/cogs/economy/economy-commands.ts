import { inject, injectable } from "tsyringe";
import type { Reply } from "../../bot/interactions/reply";
import { EconomyController } from "../../controllers/economy-controller";
import { EconomyRankings } from "../../controllers/economy-rankings";
import { LegacyUserError } from "../../errors/user-error";
import { points, relativeTime } from "./points";

/** Who acts and where. */
export interface Actor {
  guildId: string;
  userId: string;
}

type Adjustment = "add" | "remove" | "set";

/** The answers of the economy commands; the controller keeps the rules, these words explain them. */
@injectable()
export class EconomyCommands {
  constructor(
    @inject(EconomyController) private readonly economy: EconomyController,
    @inject(EconomyRankings) private readonly rankings: EconomyRankings,
  ) {}

  async balance(actor: Actor, userId: string): Promise<Reply> {
    const balance = await this.economy.balance(actor.guildId, userId);
    const whose = userId === actor.userId ? "You have" : `<@${userId}> has`;
    return { content: `${whose} **${points(balance)}**.` };
  }

  async give(actor: Actor, toId: string, amount: number, reason: string | null): Promise<Reply> {
    const after = await this.economy.transfer(actor.guildId, actor.userId, toId, BigInt(amount), reason);
    return {
      content: `Gave **${points(BigInt(amount))}** to <@${toId}>. You have ${points(after.from)} left.`,
    };
  }

  async daily(actor: Actor): Promise<Reply> {
    const claim = await this.economy.daily(actor.guildId, actor.userId);
    if (!claim.claimed) {
      throw new LegacyUserError(
        "CooldownActive",
        `You already claimed your daily points; you can claim again ${relativeTime(claim.retryAt)}.`,
        { retryAt: claim.retryAt.toISOString() },
      );
    }
    return {
      content: `You claimed your daily **${points(claim.reward)}**. You now have ${points(claim.balance)}.`,
    };
  }

  async adjust(
    actor: Actor,
    how: Adjustment,
    userId: string,
    amount: number,
    reason: string,
  ): Promise<Reply> {
    const value = BigInt(amount);
    const { guildId, userId: moderatorId } = actor;
    const after = await this.economy[how](guildId, userId, value, moderatorId, reason);
    const done =
      how === "add"
        ? `Added ${points(value)} to <@${userId}>`
        : how === "remove"
          ? `Removed ${points(value)} from <@${userId}>`
          : `Set <@${userId}>'s points`;
    return { content: `${done}; they now have **${points(after)}**.` };
  }

  async stats(actor: Actor): Promise<Reply> {
    const stats = await this.rankings.stats(actor.guildId, 5);
    const top = stats.top.map(
      (holder, index) => `${index + 1}. <@${holder.userId}> — ${points(holder.balance)}`,
    );
    return {
      embeds: [
        {
          title: "Economy",
          fields: [
            { name: "Members with points", value: stats.members.toLocaleString("en-US"), inline: true },
            { name: "In circulation", value: points(stats.total), inline: true },
            { name: "Top holders", value: top.length > 0 ? top.join("\n") : "Nobody yet." },
          ],
        },
      ],
    };
  }
}
