import type { Client, TextChannel } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { ChannelRestoreController, type RestoreClaim } from "../../controllers/channel-restore-controller";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { restoreFailure } from "./discord-refusal";
import { restoreLock } from "./lock-state";

/**
 * Puts back timed slowmodes and locks when due (those that fell due while the bot was down too). Each due
 * row is claimed with a lease, Discord is asked outside any transaction, and the row is removed by the
 * holder of the claim alone: once across processes. A refusal stops the schedule (the row stays for a
 * manual restore) with a line in the mod log; a passing failure backs that row off alone.
 */
@injectable()
export class ChannelRestorer implements PeriodicTask {
  readonly name = "channel restores";
  readonly everyMs = 5_000;

  constructor(
    @inject(ChannelRestoreController) private readonly restores: ChannelRestoreController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(client: Client<true>): Promise<void> {
    const due = await this.restores.claimDue([...client.guilds.cache.keys()]);
    await Promise.all(due.map((claim) => this.settleOne(client, claim)));
  }

  private async settleOne(client: Client<true>, claim: RestoreClaim): Promise<void> {
    const { row } = claim;
    const log = { guildId: row.guildId, channelId: row.channelId, kind: row.kind };
    try {
      const failure = await this.restore(client, claim).then(
        () => null,
        (error: unknown) => {
          this.logger.warn({ ...log, err: error }, "channel restore failed");
          return restoreFailure(error);
        },
      );
      if (failure === null || failure === "gone") {
        if (await this.restores.settle(claim, () => Promise.resolve())) {
          this.logger.info(log, "channel restored");
          if (row.kind === "lock" && failure === null) {
            const line = { channelId: row.channelId };
            const key = row.origin === "raid" ? "channels.unlock_raid_line" : "channels.unlock_timed_line";
            await this.modLog.note(client, row.guildId, (t) => t.t(key, line));
          }
        }
      } else if (failure === "refused") {
        if (await this.restores.unschedule(claim)) {
          await this.modLog.note(client, row.guildId, (t) =>
            t.t(row.kind === "lock" ? "channels.unlock_refused_line" : "channels.slowmode_refused_line", {
              channelId: row.channelId,
            }),
          );
        }
      } else {
        await this.restores.retryLater(claim);
      }
    } catch (error) {
      // The database failed: the lease runs out and a later run tries again.
      this.logger.error({ ...log, err: error }, "channel restore not settled");
    }
  }

  private async restore(client: Client<true>, claim: RestoreClaim): Promise<void> {
    const { row } = claim;
    const reason = guildTranslator(client, row.guildId).t("channels.restore_audit");
    if (row.kind === "lock") return restoreLock(client.rest, row, reason);
    const channel = (await client.channels.fetch(row.channelId)) as TextChannel;
    await channel.setRateLimitPerUser(row.previousSlowmode ?? 0, reason);
  }
}
