import type { Guild, GuildMember } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CLOSE_FROM, ReportController } from "../../controllers/report-controller";
import type { Report } from "../../entities/report";
import { MemberActions, type DoneAction } from "../moderation/member-actions";
import { resolveTarget, type ReportAction } from "./report-actions";
import { ReportCloser, handledAlready } from "./report-closer";

export interface ActionedReport {
  outcome: DoneAction;
  targetName: string;
  report: Report;
}

/**
 * Warn / Timeout / Ban on a report's target, from the queue post's form or the dashboard: the members'
 * action flow, the report marked actioned with the case in the case's own transaction (when another
 * moderator closed it first, no case is made), the queue post refreshed after it.
 */
@injectable()
export class ReportActioning {
  constructor(
    @inject(ReportController) private readonly reports: ReportController,
    @inject(MemberActions) private readonly actions: MemberActions,
    @inject(ReportCloser) private readonly closer: ReportCloser,
  ) {}

  /** The report, while a moderator can still act on it. */
  async actionable(guildId: string, id: number): Promise<Report> {
    const report = await this.reports.ofGuild(guildId, id);
    if (!CLOSE_FROM.includes(report.status)) throw handledAlready(report);
    return report;
  }

  /** `action` with its validated `args`, by `actor` (whom the caller checked may run its command). */
  async act(
    guild: Guild,
    actor: GuildMember,
    reportId: number,
    action: ReportAction,
    args: Record<string, unknown>,
  ): Promise<ActionedReport> {
    const report = await this.actionable(guild.id, reportId);
    const target = await resolveTarget(guild, report.targetId);
    let closed: Report | null = null;
    const spec = {
      ...action.spec(args, guild),
      alongside: {
        record: async (kase: { number: number }) => {
          const result = await this.reports.transition(guild.id, report.id, {
            to: "actioned",
            from: CLOSE_FROM,
            actorId: actor.id,
            caseNumber: kase.number,
          });
          if (!result.changed) throw handledAlready(result.report);
          closed = result.report;
        },
      },
    };
    // Refused or never carried out, the case is voided and the report reopened with it (VoidedActionLinks).
    const outcome = await this.actions.actAs(guild, actor, target, spec);
    const actioned = (closed as Report | null) ?? report;
    if (closed) await this.closer.changed(guild.client, actioned);
    return { outcome, targetName: target.user.username, report: actioned };
  }
}
