import type { Guild, GuildMember, User } from "discord.js";
import { inject, injectable } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import { CaseController } from "../../controllers/case-controller";
import { RepeatGuard, type RecordAlongside, type RecordedAction } from "../../controllers/repeat-guard";
import { DatabaseUnavailableError, SavedNumberUnknownError } from "../../errors/database-errors";
import type { CaseType, Case } from "../../entities";
import { chooseLocale } from "../../i18n/locales";
import type { MessageId } from "../../i18n/resources";
import { translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { checkHierarchy } from "./hierarchy";
import { ModLog } from "../cases/mod-log";
import { isRefusal } from "./discord-failure";
import { happened } from "./discord-state";
import { MemberDms } from "./member-dms";
import { auditReason, unsettledAction } from "./notices";
import { SettleRetries } from "./settle-retries";

/** The same action on the same member this soon after (or while the first is pending) is a repeat. */
export const REPEAT_WINDOW_MS = 60_000;

export interface ActionRequest {
  guild: Guild;
  actor: GuildMember;
  target: User;
  targetMember: GuildMember | null;
  type: CaseType;
  reason: string | null;
  /** How long the action lasts (a timeout, a tempban), counted from the case's creation. */
  lastsMs?: number | null;
  /** Tell the target by DM first, when the guild has dm-on-action on. */
  notify: boolean;
  /** Carries the action out on Discord (absent for warnings and notes), with the audit-log reason. */
  perform?: (auditReason: string) => Promise<void>;
  /**
   * A second step once the action stands (a softban lifts its ban): it never undoes the case; what it
   * could not do comes back as a note for the moderator.
   */
  complete?: (auditReason: string) => Promise<MessageId | null>;
  /** The action's own checks and records, in the transaction that records its case. */
  alongside?: RecordAlongside;
  /** Number of the earlier case this one reverses (an Unrestrict, its Restrict). */
  refersTo?: number;
  /** The restricted role a Restrict gives or an Unrestrict takes (how Discord's state shows either). */
  roleId?: string;
}

export type ActionOutcome =
  | {
      kase: Case;
      /** Whether the DM reached them; null when none was sent. */
      dmDelivered: boolean | null;
      /** What the action's second step could not do. */
      note?: MessageId;
      /** Discord acted but the case could not be confirmed yet (it will be, in the background). */
      unrecorded?: { outage: boolean };
    }
  /** The member's newest case is this same action, just taken: nothing was done. */
  | { repeatOf: Case };

/**
 * One moderation action, with no orphans either way: the case is recorded as pending (unless it repeats
 * one just recorded), the target told, the action asked of Discord, then the case confirmed; when Discord
 * refuses, the case is voided and the refusal goes back to the moderator. When the database fails after
 * Discord answered, confirming (or voiding) goes on in the background; after a crash `PendingActions`
 * reconciles the case from Discord's state.
 */
@injectable()
export class ModerationActions {
  private readonly retries: SettleRetries;

  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(RepeatGuard) private readonly guard: RepeatGuard,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(Incidents) incidents: Incidents,
    @inject(MemberDms) private readonly dms: MemberDms,
  ) {
    this.retries = new SettleRetries(logger, incidents);
  }

  async run(request: ActionRequest): Promise<ActionOutcome> {
    checkHierarchy(request);
    const { guild, actor, target, perform } = request;
    const recorded = await this.record(request);
    if ("repeatOf" in recorded) return { repeatOf: recorded.repeatOf };
    const kase = recorded.created;
    let dmDelivered: boolean | null = null;
    try {
      if (request.notify && !target.bot) dmDelivered = await this.dms.tell(guild, target.id, kase);
    } catch (error) {
      if (perform) await this.voidUndone(guild, kase);
      throw error;
    }
    if (!perform) {
      await this.modLog.publish(guild.client, kase);
      return { kase, dmDelivered };
    }
    const audit = auditReason(kase, actor.user.username, translator(chooseLocale(guild.preferredLocale)));
    await this.carryOut(guild, kase, () => perform(audit), request.roleId);
    const note = (await request.complete?.(audit)) ?? null;
    const done = { kase, dmDelivered, ...(note ? { note } : {}) };
    try {
      await this.confirm(guild, kase);
      return done;
    } catch (error) {
      this.logger.warn({ err: error, caseId: kase.id }, "action done, case not confirmed yet");
      this.retries.retry("confirming a case", { caseId: kase.id }, () => this.confirm(guild, kase));
      return { ...done, unrecorded: { outage: error instanceof DatabaseUnavailableError } };
    }
  }

  /**
   * Records the case. When it was saved but its number could not be read back, the moderator is told so
   * (the error goes on); the number is read again in the background, then the member and the mod log told.
   */
  private async record(request: ActionRequest): Promise<RecordedAction> {
    const { guild, actor, target, perform } = request;
    try {
      return await this.guard.recordAction(
        {
          guildId: guild.id,
          type: request.type,
          targetId: target.id,
          targetName: target.username,
          moderatorId: actor.id,
          reason: request.reason,
          lastsMs: request.lastsMs ?? null,
          pending: perform !== undefined,
          ...(request.refersTo === undefined ? {} : { refersTo: request.refersTo }),
        },
        REPEAT_WINDOW_MS,
        request.alongside,
      );
    } catch (error) {
      if (error instanceof SavedNumberUnknownError) {
        this.announceLater(guild, error.kase, request.notify && !target.bot ? target.id : null);
      }
      throw error;
    }
  }

  /**
   * The case is read whole, as it is by then: while its number was unknown, a moderator may have voided it
   * (nothing is announced) or edited its reason (which posted it to the mod log: that post is edited).
   */
  private announceLater(guild: Guild, recorded: Case, tell: string | null): void {
    this.retries.retry(
      "announcing a saved case",
      { caseId: recorded.id },
      async () => {
        const kase = await this.cases.reload(recorded);
        if (!kase) {
          this.logger.warn({ caseId: recorded.id }, "a saved case is gone before it was announced");
          return;
        }
        if (kase.number < 1) throw new Error(`case ${kase.id} has no number after its commit`);
        if (kase.voided) {
          this.logger.info({ caseId: kase.id }, "a saved case was voided before it was announced");
          return;
        }
        try {
          if (tell) await this.dms.tell(guild, tell, kase);
        } catch (error) {
          this.logger.warn({ err: error, caseId: kase.id }, "the member of a saved case could not be told");
        }
        await this.modLog.publish(guild.client, kase);
      },
      "the member and the mod log were not told of it (the case itself is saved)",
    );
  }

  /**
   * Asks Discord to act. A clear refusal voids the case and goes back to the moderator. Any other failure
   * (a timeout, a 5xx, a 404 answering discord.js's own retry of a request that had landed) says nothing
   * certain, so Discord's state decides: the action stands, or the case is voided and the failure goes back;
   * when even that cannot be read, the case stays pending for the reconciler and the moderator is told.
   */
  private async carryOut(
    guild: Guild,
    kase: Case,
    perform: () => Promise<void>,
    roleId?: string,
  ): Promise<void> {
    try {
      await perform();
      return;
    } catch (error) {
      const landed = isRefusal(error) ? false : await happened(guild, kase, roleId).catch(() => undefined);
      if (landed === true) {
        this.logger.info({ err: error, caseId: kase.id }, "the action failed to answer but was carried out");
        return;
      }
      if (landed === false) {
        await this.voidUndone(guild, kase);
        throw error;
      }
      this.logger.warn({ err: error, caseId: kase.id }, "whether the action was carried out is unknown yet");
      throw unsettledAction(kase);
    }
  }

  /** Drops background retries still waiting (at shutdown); the reconciler settles those cases later. */
  stop(): void {
    this.retries.stop();
  }

  private async confirm(guild: Guild, kase: Case): Promise<void> {
    if (!(await this.cases.confirmAction(kase.id))) return; // settled meanwhile (by the reconciler)
    kase.pending = false;
    await this.modLog.publish(guild.client, kase);
  }

  /** The action was refused or never asked for: the case is voided, now or once the database is back. */
  private async voidUndone(guild: Guild, kase: Case): Promise<void> {
    const voidIt = async () => {
      await this.cases.failAction(guild.id, kase.number, guild.client.user.id);
    };
    await voidIt().catch((error: unknown) => {
      this.logger.warn({ err: error, caseId: kase.id }, "could not void a case whose action failed yet");
      this.retries.retry("voiding a case", { caseId: kase.id }, voidIt);
    });
  }
}
