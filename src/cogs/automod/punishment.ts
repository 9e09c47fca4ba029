import type { Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import { AutomodCases } from "../../controllers/automod-cases";
import { CaseController } from "../../controllers/case-controller";
import { CaseType, type Case } from "../../entities";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { isRefusal } from "../moderation/discord-failure";
import { happened } from "../moderation/discord-state";
import { MemberDms } from "../moderation/member-dms";
import { SettleRetries } from "../moderation/settle-retries";
import { discordProblem } from "./discord-problem";

/**
 * An automod timeout or ban whose case is already recorded as pending: the member told by DM, Discord
 * asked, then the case settled, as the moderation commands do. Done, it is confirmed; not done (a refusal,
 * or Discord's state shows it did not land), it becomes a Note saying what Discord did not do; unknown
 * (Discord cannot be read either), it stays pending for the reconciler (PendingActions). When the database
 * fails while settling, settling is retried in the background.
 */
@injectable()
export class AutomodPunishment {
  private readonly retries: SettleRetries;

  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(AutomodCases) private readonly automodCases: AutomodCases,
    @inject(MemberDms) private readonly dms: MemberDms,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(Incidents) incidents: Incidents,
  ) {
    this.retries = new SettleRetries(logger, incidents);
  }

  /** `reasonWith` gives the case's reason with a note on what Discord did not do. */
  async carryOut(
    guild: Guild,
    kase: Case,
    auditReason: string,
    reasonWith: (note: string) => string,
  ): Promise<void> {
    const dmDelivered = await this.dms.tell(guild, kase.targetId, kase);
    const context = { guildId: guild.id, caseId: kase.id, dmDelivered };
    try {
      await this.perform(guild, kase, auditReason);
    } catch (error) {
      const landed = isRefusal(error) ? false : await happened(guild, kase).catch(() => undefined);
      if (landed === false)
        return this.settle("undoing an automod case", context, () =>
          this.undo(guild, kase, error, reasonWith),
        );
      if (landed === undefined) {
        this.logger.warn(
          { err: error, ...context },
          "whether automod's action was carried out is unknown yet",
        );
        return;
      }
      this.logger.info({ err: error, ...context }, "automod's action failed to answer but was carried out");
    }
    this.logger.info(context, "automod acted");
    await this.settle("confirming an automod case", context, () => this.confirm(guild, kase));
  }

  /** Drops background retries still waiting (at shutdown); the reconciler settles those cases later. */
  stop(): void {
    this.retries.stop();
  }

  private perform(guild: Guild, kase: Case, reason: string): Promise<unknown> {
    if (kase.type === CaseType.Ban) return guild.members.ban(kase.targetId, { reason });
    const until = kase.expiresAt ?? new Date();
    return guild.members.edit(kase.targetId, { communicationDisabledUntil: until, reason });
  }

  private async settle(
    what: string,
    context: Record<string, unknown>,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ err: error, ...context }, `${what}: not yet, retrying in the background`);
      this.retries.retry(what, context, work);
    }
  }

  private async confirm(guild: Guild, kase: Case): Promise<void> {
    if (!(await this.cases.confirmAction(kase.id))) return; // settled meanwhile (by the reconciler)
    kase.pending = false;
    await this.modLog.publish(guild.client, kase);
  }

  private async undo(
    guild: Guild,
    kase: Case,
    error: unknown,
    reasonWith: (note: string) => string,
  ): Promise<void> {
    const t = guildTranslator(guild.client, guild.id);
    const problem = discordProblem(error, t);
    const note =
      kase.type === CaseType.Ban
        ? t.t("automod.not_banned", { problem })
        : t.t("automod.not_timed_out", { problem });
    const settled = await this.automodCases.settleUndone(kase.id, reasonWith(note));
    if (settled) await this.modLog.publish(guild.client, settled);
  }
}
