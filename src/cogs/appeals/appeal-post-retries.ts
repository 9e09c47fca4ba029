import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { AppealController } from "../../controllers/appeal-controller";
import { AppealSettingsController } from "../../controllers/appeal-settings-controller";
import type { Appeal } from "../../entities/appeal";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { AppealPoster } from "./appeal-poster";

/** At most this many appeals are posted per run (the rest wait for the next). */
const BATCH = 10;

/**
 * Posts the appeals whose post failed (or whose process died before posting), in the guilds this process
 * serves: each claimed by one process only, each settled on its own.
 */
@injectable()
export class AppealPostRetries implements PeriodicTask {
  readonly name = "appeal posts";
  readonly everyMs = 5_000;

  constructor(
    @inject(AppealController) private readonly appeals: AppealController,
    @inject(AppealSettingsController) private readonly settings: AppealSettingsController,
    @inject(AppealPoster) private readonly poster: AppealPoster,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(client: Client<true>): Promise<void> {
    const due = await this.appeals.claimDuePosts([...client.guilds.cache.keys()], BATCH);
    if (due.length === 0) return;
    const channels = await this.settings.channelsOf([...new Set(due.map((appeal) => appeal.guildId))]);
    await Promise.all(
      due.map((appeal) => this.postOne(client, appeal, channels.get(appeal.guildId) ?? null)),
    );
  }

  private async postOne(client: Client<true>, appeal: Appeal, channelId: string | null): Promise<void> {
    try {
      const guild = client.guilds.cache.get(appeal.guildId);
      if (!guild) return; // left meanwhile: the claim runs out, and a process serving it takes it
      await this.poster.post(guild, appeal, channelId, true);
    } catch (error) {
      this.logger.error({ err: error, appealId: appeal.id }, "could not settle an appeal's post");
    }
  }
}
