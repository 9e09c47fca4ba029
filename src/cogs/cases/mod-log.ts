import type { Client, MessageCreateOptions } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CaseController } from "../../controllers/case-controller";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import type { Case } from "../../entities";
import { chooseLocale } from "../../i18n/locales";
import { translator, type Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { caseEmbed } from "./case-embed";

/** The mod log, and what it says went wrong with it, are written in the guild's language. */
export function guildTranslator(client: Client, guildId: string): Translator {
  return translator(chooseLocale(client.guilds.cache.get(guildId)?.preferredLocale));
}

/**
 * Posts each case to the guild's mod-log channel and keeps that one message in step with the case. A missing
 * channel or permission never loses the case: it is logged and remembered for `/config show`. Everything
 * it writes is in the guild's language.
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
    const t = guildTranslator(client, kase.guildId);
    try {
      const config = await this.configs.get(kase.guildId);
      if (!config.modLogChannelId) return;
      const embed = caseEmbed(kase, await this.refersToNumber(kase), t);
      const channel = await client.channels.fetch(config.modLogChannelId).catch(() => null);
      if (!channel?.isSendable()) return await this.problem(kase, channelGone(t, config.modLogChannelId));
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
      await this.problem(kase, describe(t, error));
    }
  }

  /** Posts a plain line (what a background job could not do) in the guild's language. Never throws. */
  async note(client: Client, guildId: string, line: (t: Translator) => string): Promise<void> {
    const t = guildTranslator(client, guildId);
    try {
      const config = await this.configs.get(guildId);
      if (!config.modLogChannelId) return;
      const channel = await client.channels.fetch(config.modLogChannelId).catch(() => null);
      if (!channel?.isSendable()) {
        return await this.problem({ guildId }, channelGone(t, config.modLogChannelId));
      }
      await channel.send({ content: line(t), allowedMentions: { parse: [] } });
    } catch (error) {
      await this.problem({ guildId }, describe(t, error));
    }
  }

  /** Posts an entry that is not a case (a purge, a lockdown) in the guild's language. Never throws. */
  async post(client: Client, guildId: string, entry: (t: Translator) => MessageCreateOptions): Promise<void> {
    const t = guildTranslator(client, guildId);
    try {
      const config = await this.configs.get(guildId);
      if (!config.modLogChannelId) return;
      const channel = await client.channels.fetch(config.modLogChannelId).catch(() => null);
      if (!channel?.isSendable()) {
        return await this.problem({ guildId }, channelGone(t, config.modLogChannelId));
      }
      await channel.send({ ...entry(t), allowedMentions: { parse: [] } });
    } catch (error) {
      await this.problem({ guildId }, describe(t, error));
    }
  }

  private async refersToNumber(kase: Case): Promise<number | null> {
    if (!kase.refCaseId) return null;
    return (await this.cases.numbersByIds(kase.guildId, [kase.refCaseId])).get(kase.refCaseId) ?? null;
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

function channelGone(t: Translator, channelId: string): string {
  return t.t("caselog.problem_channel_gone", { channel: `<#${channelId}>` });
}

/** What went wrong, as `/config show` tells it (an unforeseen error keeps its own words). */
function describe(t: Translator, error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (code === 50013 || code === 50001) return t.t("caselog.problem_permission");
  if (code === 10003) return t.t("caselog.problem_channel_deleted");
  return error instanceof Error ? error.message : String(error);
}
