import { inject } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import type { Logger } from "../../logger";
import { service } from "../../service";
import { TOKENS } from "../../tokens";
import { SettleRetries } from "../moderation/settle-retries";

/**
 * A `channel_restores` write that must follow Discord's answer (dropping the row of a change Discord
 * refused, writing back the row of an unlock it refused): done now, or, when the database fails, again in
 * the background until it goes through, so the records come to agree with Discord without a restart.
 * One per bot; stopped at shutdown.
 */
@service()
export class RestoreRetries {
  private readonly retries: SettleRetries;

  constructor(
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(Incidents) incidents: Incidents,
  ) {
    this.retries = new SettleRetries(logger, incidents);
  }

  async now(what: string, context: Record<string, unknown>, write: () => Promise<unknown>): Promise<void> {
    const attempt = async (): Promise<void> => void (await write());
    await attempt().catch((error: unknown) => {
      this.logger.warn({ ...context, err: error }, `${what}: retried in the background`);
      this.retries.retry(what, context, attempt);
    });
  }

  stop(): void {
    this.retries.stop();
  }
}
