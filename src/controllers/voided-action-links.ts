import { inject } from "tsyringe";
import { CaseType, type Case } from "../entities";
import { service } from "../service";
import { AppealController } from "./appeal-controller";
import { ReportController } from "./report-controller";

/**
 * What hangs on a moderation action's case: the appeal accepted with an Unban, the report actioned with a
 * case. When Discord never carried the action out and the case is voided, they are undone in the same
 * transaction, whichever path voided it (the moderator's refused action, a retried void, the reconciler).
 */
@service()
export class VoidedActionLinks {
  constructor(
    @inject(AppealController) private readonly appeals: AppealController,
    @inject(ReportController) private readonly reports: ReportController,
  ) {}

  async undo(kase: Case, actorId: string): Promise<void> {
    const note = `case #${String(kase.number)} was not carried out`;
    if (kase.type === CaseType.Unban) await this.appeals.unbanVoided(kase.id, actorId, note);
    await this.reports.caseVoided(kase.guildId, kase.number, actorId, note);
  }
}
