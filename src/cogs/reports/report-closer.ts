import { RESTJSONErrorCodes, type Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import type { Report } from "../../entities/report";
import { UserError } from "../../errors/user-error";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator } from "../cases/mod-log";
import { isGone, isRefusal } from "../moderation/discord-failure";
import { ReportPost } from "./report-post";

/** The answer to a moderator who came second: who handled the report, and how. */
export function handledAlready(report: Report): UserError {
  const values = { id: report.id, moderator: report.handledBy ? `<@${report.handledBy}>` : "?" };
  switch (report.status) {
    case "acknowledged":
      return new UserError("reports.already_acknowledged", values);
    case "actioned":
      return new UserError("reports.already_actioned", values);
    case "dismissed":
      return new UserError("reports.already_dismissed", values);
    case "open":
      return new UserError("reports.already_open_status", values);
  }
}

/**
 * After a status change: the queue post shows it, and once the report is closed the reporter is told by DM
 * (in the background; a refused DM is logged, never the moderator's problem).
 */
@injectable()
export class ReportCloser {
  constructor(
    @inject(ReportPost) private readonly posts: ReportPost,
    @inject(Incidents) private readonly incidents: Incidents,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async changed(client: Client, report: Report): Promise<void> {
    await this.posts.refresh(client, report);
    if (report.status !== "actioned" && report.status !== "dismissed") return;
    void this.incidents.detach("report notice", () => this.tellReporter(client, report), {
      reportId: report.id,
    });
  }

  private async tellReporter(client: Client, report: Report): Promise<void> {
    const t = guildTranslator(client, report.guildId);
    const guild = client.guilds.cache.get(report.guildId)?.name ?? report.guildId;
    const id = report.status === "actioned" ? "reports.dm_actioned" : "reports.dm_dismissed";
    try {
      const user = await client.users.fetch(report.reporterId);
      await user.send({ content: t.t(id, { id: report.id, guild }), allowedMentions: { parse: [] } });
    } catch (error) {
      if (!isRefusal(error) && !isGone(error, RESTJSONErrorCodes.UnknownUser)) throw error;
      this.logger.info({ err: error, reportId: report.id }, "the reporter could not be told by DM");
    }
  }
}
