import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CaseController } from "../../controllers/case-controller";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import type { Case } from "../../entities";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { caseEmbed } from "./case-embed";

/**
 * Posts each case to the guild's mod-log channel and keeps that one message in step with the case. A missing
 * channel or permission never loses the case: it is logged and remembered for `/config show`.
 */
@injectable()
export class ModLog {
  constructor(
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** Posts the case (or, when it already has a message, edits that message). Never throws. */
  async publish(client: Client, kase: Case): Promise<void> {
    try {
      const config = await this.configs.get(kase.guildId);
      if (!config.modLogChannelId) return;
      const embed = caseEmbed(kase, await this.refersToNumber(kase));
      const channel = await client.channels.fetch(config.modLogChannelId).catch(() => null);
      if (!channel?.isSendable()) {
        return await this.problem(
          kase,
          `the mod-log channel <#${config.modLogChannelId}> is gone or not a text channel`,
        );
      }
      if (kase.modLogMessageId && "messages" in channel) {
        const message = await channel.messages.fetch(kase.modLogMessageId).catch(() => null);
        if (message) {
          await message.edit({ embeds: [embed], allowedMentions: { parse: [] } });
          return await this.solved(kase.guildId, config.modLogProblem);
        }
      }
      const message = await channel.send({ embeds: [embed], allowedMentions: { parse: [] } });
      await this.cases.setModLogMessage(kase.id, message.id);
      await this.solved(kase.guildId, config.modLogProblem);
    } catch (error) {
      await this.problem(kase, describe(error));
    }
  }

  /** Posts a plain line (something a background job could not do). Never throws. */
  async note(client: Client, guildId: string, text: string): Promise<void> {
    try {
      const config = await this.configs.get(guildId);
      if (!config.modLogChannelId) return;
      const channel = await client.channels.fetch(config.modLogChannelId).catch(() => null);
      if (!channel?.isSendable()) {
        return await this.problem(
          { guildId },
          `the mod-log channel <#${config.modLogChannelId}> is gone or not a text channel`,
        );
      }
      await channel.send({ content: text, allowedMentions: { parse: [] } });
    } catch (error) {
      await this.problem({ guildId }, describe(error));
    }
  }

  private async refersToNumber(kase: Case): Promise<number | null> {
    if (!kase.refCaseId) return null;
    return (await this.cases.getById(kase.refCaseId))?.number ?? null;
  }

  private async solved(guildId: string, previous: string | null): Promise<void> {
    if (previous !== null) await this.configs.update(guildId, { modLogProblem: null });
  }

  private async problem(about: { guildId: string; number?: number }, problem: string): Promise<void> {
    this.logger.warn(
      { guildId: about.guildId, caseNumber: about.number, problem },
      "could not post to the mod log",
    );
    await this.configs
      .update(about.guildId, { modLogProblem: problem })
      .catch((error: unknown) => this.logger.warn({ err: error }, "could not record the mod-log problem"));
  }
}

function describe(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (code === 50013 || code === 50001) return "I lack permission to post in the mod-log channel";
  if (code === 10003) return "the mod-log channel no longer exists";
  return error instanceof Error ? error.message : String(error);
}
