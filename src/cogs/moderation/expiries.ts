import { DiscordAPIError, RESTJSONErrorCodes, type Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { CaseController } from "../../controllers/case-controller";
import { CaseType, type Case } from "../../entities";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { ModLog } from "./mod-log";

export const EXPIRY_REASON = "tempban expired";

/**
 * Settles expiries: lifts tempbans when they fall due — including those that fell due while the bot was down — and records
 * the reversing Unban case, by the bot, referring to the ban. Each expiry is claimed with SKIP LOCKED and
 * settled in the same transaction, so with several processes each runs exactly once.
 */
@injectable()
export class TempbanExpiries implements PeriodicTask {
  readonly name = "tempban expiries";
  readonly everyMs = 5_000;

  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(client: Client<true>): Promise<void> {
    const guildIds = [...client.guilds.cache.keys()];
    if (guildIds.length === 0) return;
    const reversals = await this.cases.transaction(async () => {
      const due = await this.cases.claimDueExpiries(guildIds);
      const recorded: Case[] = [];
      for (const kase of due) {
        // Discord lifts timeouts itself; the case only needs to be settled.
        if (kase.type === CaseType.Timeout) await this.cases.updateById(kase.id, { processed: true });
        else recorded.push(await this.lift(client, kase));
      }
      return recorded;
    });
    for (const unban of reversals) await this.modLog.publish(client, unban);
    if (reversals.length > 0) {
      this.logger.info(
        { cases: reversals.map((kase) => `${kase.guildId}#${kase.number}`) },
        "tempbans lifted",
      );
    }
  }

  private async lift(client: Client<true>, ban: Case): Promise<Case> {
    const guild = client.guilds.cache.get(ban.guildId);
    try {
      await guild?.members.unban(ban.targetId, `Tempban expired (case #${ban.number})`);
    } catch (error) {
      // Lifted by hand in Discord meanwhile: the expiry is still settled.
      if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownBan)) throw error;
    }
    await this.cases.updateById(ban.id, { processed: true });
    return this.cases.createCase({
      guildId: ban.guildId,
      type: CaseType.Unban,
      targetId: ban.targetId,
      moderatorId: client.user.id,
      reason: EXPIRY_REASON,
      refersTo: ban.number,
    });
  }
}
