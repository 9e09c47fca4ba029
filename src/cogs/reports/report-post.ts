import { RESTJSONErrorCodes, type Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import { ComponentSigner } from "../../bot/component-signer";
import { ReportController } from "../../controllers/report-controller";
import type { Report } from "../../entities/report";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator } from "../cases/mod-log";
import { isGone, isRefusal } from "../moderation/discord-failure";
import { reportButtons, reportEmbed } from "./report-embed";

/**
 * A report's post in the reports channel, in the guild's language: sent once filed, edited on every status
 * change. Never throws: a missing channel or permission leaves the report stored (it is in /reports list).
 */
@injectable()
export class ReportPost {
  constructor(
    @inject(ReportController) private readonly reports: ReportController,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** Posts the report; whether it got there. */
  async post(client: Client, report: Report, channelId: string): Promise<boolean> {
    const context = { reportId: report.id, guildId: report.guildId, channelId };
    try {
      const channel = await client.channels.fetch(channelId).catch((error: unknown) => {
        if (isGone(error, RESTJSONErrorCodes.UnknownChannel) || isRefusal(error)) return null;
        throw error;
      });
      if (!channel?.isSendable() || !("guildId" in channel) || channel.guildId !== report.guildId) {
        this.logger.warn(context, "the reports channel is gone; the report is stored");
        return false;
      }
      const message = await channel.send({ ...this.content(client, report), allowedMentions: { parse: [] } });
      await this.reports.setPost(report.id, channelId, message.id);
      return true;
    } catch (error) {
      this.logger.warn({ ...context, err: error }, "could not post a report; it is stored");
      return false;
    }
  }

  /** Shows the report's status on its post (when it has one). */
  async refresh(client: Client, report: Report): Promise<void> {
    if (!report.postChannelId || !report.postMessageId) return;
    try {
      const channel = await client.channels.fetch(report.postChannelId);
      if (!channel?.isSendable() || !("messages" in channel)) return;
      await channel.messages.edit(report.postMessageId, this.content(client, report));
    } catch (error) {
      this.logger.warn(
        { err: error, reportId: report.id },
        "could not show a report's new status on its post",
      );
    }
  }

  private content(client: Client, report: Report) {
    const t = guildTranslator(client, report.guildId);
    return {
      embeds: [reportEmbed(report, t)],
      components: reportButtons(report, t, (customId) => this.signer.sign(customId)),
    };
  }
}
