import { RESTJSONErrorCodes, type Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { CaseClaims, type Claim } from "../../controllers/case-claims";
import { CaseController } from "../../controllers/case-controller";
import { CaseType, type Case } from "../../entities";
import type { Message } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { classifyFailure, isGone, withDeadline, type DiscordFailure } from "./discord-failure";
import { liftRefusedLine, notLiftedNote } from "./notices";

/** The longest one unban may take (rate-limit waits included) before it is retried later. */
export const UNBAN_DEADLINE_MS = 30_000;

type LiftOutcome = { kind: "lifted" } | DiscordFailure;

/**
 * Settles expiries: lifts tempbans when they fall due (including those that fell due while the bot was
 * down) and records the reversing Unban case, by the bot, referring to the ban. Each due case is claimed
 * with a lease, lifted outside any transaction and settled on its own, all at once: a guild where Discord
 * refuses is settled with the reason (and a mod-log line), a failure backs off that case alone.
 */
@injectable()
export class TempbanExpiries implements PeriodicTask {
  readonly name = "tempban expiries";
  readonly everyMs = 5_000;

  constructor(
    @inject(CaseClaims) private readonly claims: CaseClaims,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(client: Client<true>): Promise<void> {
    const due = await this.claims.claimDueExpiries([...client.guilds.cache.keys()]);
    await Promise.all(due.map((claim) => this.settleOne(client, claim)));
  }

  private async settleOne(client: Client<true>, claim: Claim): Promise<void> {
    const { kase } = claim;
    try {
      // Discord lifts timeouts itself; the case only needs to be settled.
      if (kase.type === CaseType.Timeout) {
        await this.claims.settle(claim, () => this.cases.markProcessed(kase));
        return;
      }
      const outcome = await this.lift(client, kase);
      if (outcome.kind === "lifted") await this.recordLifted(client, claim);
      else if (outcome.kind === "refused") await this.recordRefused(client, claim, outcome.reason);
      else await this.retryLater(claim);
    } catch (error) {
      // The database failed while settling: the lease runs out and a later run tries again.
      this.logger.error({ err: error, guildId: kase.guildId, caseNumber: kase.number }, "expiry not settled");
    }
  }

  private async lift(client: Client<true>, ban: Case): Promise<LiftOutcome> {
    const guild = client.guilds.cache.get(ban.guildId);
    if (!guild) return { kind: "transient" }; // left the cache since the claim; its lease or backoff decides
    try {
      const audit = guildTranslator(client, ban.guildId).t("moderation.expiry_audit", { number: ban.number });
      await withDeadline(guild.members.unban(ban.targetId, audit), UNBAN_DEADLINE_MS);
      return { kind: "lifted" };
    } catch (error) {
      // Lifted by hand in Discord meanwhile (or by an earlier attempt): the expiry is still settled.
      if (isGone(error, RESTJSONErrorCodes.UnknownBan)) return { kind: "lifted" };
      const failure = classifyFailure(error, CaseType.Unban);
      if (failure.kind === "transient") {
        this.logger.warn({ err: error, guildId: ban.guildId, caseNumber: ban.number }, "unban failed");
      }
      return failure;
    }
  }

  private async recordLifted(client: Client<true>, claim: Claim): Promise<void> {
    const { kase: ban } = claim;
    const reason = guildTranslator(client, ban.guildId).t("moderation.expiry_reason");
    const settled = await this.claims.settle(claim, async () => {
      await this.cases.markProcessed(ban);
      return this.cases.createCase({
        guildId: ban.guildId,
        type: CaseType.Unban,
        targetId: ban.targetId,
        targetName: ban.targetName,
        moderatorId: client.user.id,
        reason,
        refersTo: ban.number,
      });
    });
    if (!settled) return;
    this.logger.info({ guildId: ban.guildId, caseNumber: ban.number }, "tempban lifted");
    await this.modLog.publish(client, settled.value);
  }

  private async recordRefused(client: Client<true>, claim: Claim, reason: Message): Promise<void> {
    const { kase: ban } = claim;
    const settleNote = notLiftedNote(reason, guildTranslator(client, ban.guildId));
    const settled = await this.claims.settle(claim, () => this.cases.markProcessed(ban, settleNote));
    if (!settled) return;
    this.logger.warn(
      { guildId: ban.guildId, caseNumber: ban.number, reason: reason.id },
      "tempban could not be lifted",
    );
    await this.modLog.note(client, ban.guildId, (t) => liftRefusedLine(ban, reason, t));
  }

  private async retryLater(claim: Claim): Promise<void> {
    const next = await this.claims.retryLater(claim);
    this.logger.info(
      { guildId: claim.kase.guildId, caseNumber: claim.kase.number, nextAttemptAt: next },
      "tempban expiry backed off",
    );
  }
}
