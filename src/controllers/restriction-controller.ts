import { inject } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { Case, CaseType, Restriction } from "../entities";
import { UserError } from "../errors/user-error";
import { service } from "../service";
import { BaseController } from "./base-controller";
import { CaseController } from "./case-controller";

/** A member's restriction that has not ended: its Restrict case (perhaps still pending) and what it took. */
export interface ActiveRestriction {
  kase: Case;
  restriction: Restriction;
}

/**
 * What restrictions took from members, kept until they end. A restriction is active while its Restrict
 * case is neither voided (the action failed) nor processed (lifted by /unrestrict or its expiry). Checks
 * that must hold across processes run inside RepeatGuard's transaction, under its lock on the member.
 */
@service()
export class RestrictionController extends BaseController<Restriction> {
  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(CaseController) private readonly cases: CaseController,
  ) {
    super(db, Restriction);
  }

  async active(guildId: string, targetId: string): Promise<ActiveRestriction | null> {
    const kase = await this.cases.findOne({
      where: { guildId, targetId, type: CaseType.Restrict, voided: false, processed: false },
      order: { number: "DESC" },
    });
    if (!kase) return null;
    const restriction = await this.getById(kase.id);
    return restriction ? { kase, restriction } : null;
  }

  /** Refuses a second restriction while one is active (call under the member's lock). */
  async refuseIfRestricted(guildId: string, targetId: string, targetName: string): Promise<void> {
    const current = await this.active(guildId, targetId);
    if (current) {
      throw new UserError("moderation.already_restricted", {
        target: targetName,
        number: current.kase.number,
      });
    }
  }

  /** The active restriction, or `moderation.not_restricted` (call under the member's lock). */
  async activeOrFail(guildId: string, targetId: string, targetName: string): Promise<ActiveRestriction> {
    const current = await this.active(guildId, targetId);
    if (!current) throw new UserError("moderation.not_restricted", { target: targetName });
    return current;
  }

  record(kase: Case, roleId: string, removedRoleIds: readonly string[]): Promise<Restriction> {
    return this.create({
      caseId: kase.id,
      guildId: kase.guildId,
      targetId: kase.targetId,
      roleId,
      removedRoleIds: [...removedRoleIds],
    });
  }

  /** The restriction a Restrict case made, or the one an Unrestrict case lifts. */
  async of(kase: Pick<Case, "id" | "type" | "refCaseId">): Promise<Restriction | null> {
    if (kase.type === CaseType.Restrict) return this.getById(kase.id);
    if (kase.type === CaseType.Unrestrict && kase.refCaseId !== null) return this.getById(kase.refCaseId);
    return null;
  }

  /** Ends the restriction: its case processed (and, when they are away, their roles owed on rejoin). */
  async end(
    restriction: Restriction,
    options: { restoreOnJoin: boolean; settleNote?: string },
  ): Promise<void> {
    await this.atomically(async () => {
      await this.cases.markProcessed({ id: restriction.caseId }, options.settleNote);
      if (options.restoreOnJoin) await this.updateById(restriction.caseId, { restoreOnJoin: true });
    });
  }

  /** Restrictions that ended while the member was away, whose roles they get back when they rejoin. */
  owedOnJoin(guildId: string, targetId: string): Promise<Restriction[]> {
    return this.findMany({ where: { guildId, targetId, restoreOnJoin: true } });
  }

  /** Their roles were given back: nothing is owed any more. */
  async settleOwed(restrictions: readonly Restriction[]): Promise<void> {
    for (const restriction of restrictions) {
      await this.updateById(restriction.caseId, { restoreOnJoin: false });
    }
  }
}
