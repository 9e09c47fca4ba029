import { inject } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { Case, CaseType, MemberRoleHolding } from "../entities";
import { service } from "../service";
import { BaseController } from "./base-controller";
import { CaseController } from "./case-controller";

/** The persistent roles members hold (see MemberRoleHolding), and the timeouts still running on them. */
@service()
export class RoleHoldingController extends BaseController<MemberRoleHolding> {
  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(CaseController) private readonly cases: CaseController,
  ) {
    super(db, MemberRoleHolding);
  }

  /** What the member holds now of the persistent roles (none: nothing kept). */
  async remember(guildId: string, userId: string, roleIds: readonly string[]): Promise<void> {
    if (roleIds.length === 0) {
      await this.deleteWhere({ guildId, userId });
      return;
    }
    await this.upsert({ guildId, userId, roleIds: [...new Set(roleIds)] }, ["guildId", "userId"]);
  }

  /** Many members at once (the member list read when a role becomes persistent). */
  async rememberMany(guildId: string, held: ReadonlyMap<string, readonly string[]>): Promise<void> {
    const rows = [...held].map(([userId, roleIds]) => ({ guildId, userId, roleIds: [...roleIds] }));
    await this.upsert(rows, ["guildId", "userId"]);
  }

  /**
   * A role no longer persistent is forgotten from everyone's holdings: while it is not persistent, taking it
   * from a member is not recorded, so a holding kept from before would give it back once it is again.
   */
  async forgetRole(guildId: string, roleId: string): Promise<void> {
    const { table } = this.sql;
    const guild = this.sql.columnName("guildId");
    const roles = this.sql.columnName("roleIds");
    await this.db.sql(
      `UPDATE ${table} SET ${roles} = array_remove(${roles}, $2::bigint) WHERE ${guild} = $1 AND $2::bigint = ANY(${roles})`,
      [guildId, roleId],
    );
    await this.db.sql(`DELETE FROM ${table} WHERE ${guild} = $1 AND cardinality(${roles}) = 0`, [guildId]);
  }

  async held(guildId: string, userId: string): Promise<string[]> {
    return (await this.findOne({ where: { guildId, userId } }))?.roleIds ?? [];
  }

  /** The member's timeout case whose end is still ahead, if any. */
  async runningTimeout(guildId: string, targetId: string, now = new Date()): Promise<Case | null> {
    const kase = await this.cases.findOne({
      where: { guildId, targetId, type: CaseType.Timeout, processed: false, voided: false, pending: false },
      order: { number: "DESC" },
    });
    return kase?.expiresAt && kase.expiresAt > now ? kase : null;
  }
}
