import { inject } from "tsyringe";
import { builtOnce } from "../database/built-once";
import { DatabaseService } from "../database/database-service";
import { Case, CaseType } from "../entities";
import { service } from "../service";
import { WARDEN_AUTOMOD_MODERATOR_ID } from "./automod-moderator";
import type { LadderRow } from "./automod-rows";
import { BaseController } from "./base-controller";
import { CaseController } from "./case-controller";
import { lockMemberCases } from "./repeat-guard";

/** What a rule does to the member, before the ladder has its say. */
export interface AutomodStep {
  readonly type: CaseType;
  readonly lastsMs: number | null;
}

export interface AutomodOffenceCase {
  guildId: string;
  targetId: string;
  targetName: string;
  step: AutomodStep;
  ladder: LadderRow | null;
  /** The case's reason; `escalatedAt` is the warning count that made the ladder turn a warning into a timeout. */
  reason: (escalatedAt: number | null) => string;
}

/** Types whose case waits for Discord (pending) until the action is confirmed or undone. */
const ACTED_ON_DISCORD: ReadonlySet<CaseType> = new Set([CaseType.Timeout, CaseType.Ban]);

/**
 * The cases of Warden's own automod. A timeout or ban is recorded as pending before Discord is asked, so
 * no action is ever without its case; the ladder counts the member's automod warnings under the member's
 * case lock, so two offences handled at once cannot both miss the escalation.
 */
@service()
export class AutomodCases extends BaseController<Case> {
  /** `$1` case id, `$2` the reason saying what Discord did not do. */
  private readonly undone = builtOnce(() => {
    const c = (property: keyof Case & string): string => this.sql.columnName(property);
    return `UPDATE ${this.sql.table}
        SET ${c("type")} = '${CaseType.Note}', ${c("reason")} = $2, ${c("expiresAt")} = NULL,
            ${c("pending")} = false, ${c("updatedAt")} = now()
      WHERE ${c("id")} = $1 AND ${c("pending")} AND NOT ${c("voided")}
      RETURNING ${this.sql.selectList}`;
  });

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(CaseController) private readonly cases: CaseController,
  ) {
    super(db, Case);
  }

  /** Records the offence's case (pending when Discord is yet to act), escalated by the ladder if due. */
  recordOffence(offence: AutomodOffenceCase): Promise<Case> {
    return this.transaction(async () => {
      await lockMemberCases(this.db, offence.guildId, offence.targetId);
      let step = offence.step;
      let escalatedAt: number | null = null;
      const ladder = offence.ladder;
      if (step.type === CaseType.Warn && ladder) {
        const since = new Date(Date.now() - ladder.windowSeconds * 1000);
        const warns = (await this.warnsSince(offence.guildId, offence.targetId, since)) + 1;
        if (warns >= ladder.warns) {
          step = { type: CaseType.Timeout, lastsMs: ladder.timeoutSeconds * 1000 };
          escalatedAt = warns;
        }
      }
      return this.cases.createCase({
        guildId: offence.guildId,
        type: step.type,
        targetId: offence.targetId,
        targetName: offence.targetName,
        moderatorId: WARDEN_AUTOMOD_MODERATOR_ID,
        reason: offence.reason(escalatedAt),
        lastsMs: step.lastsMs,
        pending: ACTED_ON_DISCORD.has(step.type),
      });
    });
  }

  /**
   * Discord did not carry the pending action out: the case becomes a Note whose reason says so (never a
   * case claiming an action that did not happen). Null when it was settled meanwhile (by the reconciler).
   */
  async settleUndone(caseId: number, reason: string): Promise<Case | null> {
    const result = await this.db.sql<Record<string, unknown>>(this.undone(), [caseId, reason]);
    const row = result.rows[0];
    if (!row) return null;
    this.wrote([caseId]);
    return this.sql.hydrate(row);
  }

  /** Warn cases by Warden's automod for this member since `since`, voided ones excluded (the ladder's count). */
  private async warnsSince(guildId: string, targetId: string, since: Date): Promise<number> {
    const result = await this.db.sql<{ count: string }>(
      `SELECT count(*) AS count FROM ${this.sql.table} WHERE guild_id = $1 AND target_id = $2
         AND moderator_id = $3 AND type = $4 AND NOT voided AND created_at >= $5`,
      [guildId, targetId, WARDEN_AUTOMOD_MODERATOR_ID, CaseType.Warn, since],
    );
    return Number(result.rows[0]?.count ?? 0);
  }
}
