import type { Client } from "discord.js";
import { inject } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import type { Case } from "../../entities";
import type { Logger } from "../../logger";
import { service } from "../../service";
import { TOKENS } from "../../tokens";
import { ModLog } from "../cases/mod-log";
import { SettleRetries } from "./settle-retries";

/**
 * How a case for something done outside Warden (a ban, kick, timeout or unban by hand, an AutoMod action) is
 * recorded: once (the `record` step decides, returning null for one already on record), then posted to
 * the mod log. The gateway won't send the event again: during an outage the case is recorded once the
 * database is back.
 */
@service()
export class OutsideRecorder {
  private readonly retries: SettleRetries;

  constructor(
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(Incidents) incidents: Incidents,
  ) {
    this.retries = new SettleRetries(logger, incidents);
  }

  async record(
    client: Client,
    about: { guildId: string; what: string },
    record: () => Promise<Case | null>,
  ): Promise<void> {
    const recordIt = async () => {
      const kase = await record();
      if (!kase) {
        this.logger.debug({ guildId: about.guildId, what: about.what }, "outside action already on record");
        return;
      }
      const context = { guildId: about.guildId, caseNumber: kase.number, what: about.what };
      this.logger.info(context, "recorded an outside action");
      await this.modLog.publish(client, kase);
    };
    await recordIt().catch((error: unknown) => {
      this.logger.warn({ err: error, guildId: about.guildId }, `could not record ${about.what} yet`);
      this.retries.retry(`recording ${about.what}`, { guildId: about.guildId }, recordIt);
    });
  }

  /** Drops retries still waiting (at shutdown). */
  stop(): void {
    this.retries.stop();
  }
}
