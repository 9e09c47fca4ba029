import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { CaseClaims, type Claim } from "../../controllers/case-claims";
import { CaseController } from "../../controllers/case-controller";
import { RestrictionController } from "../../controllers/restriction-controller";
import type { Case } from "../../entities";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { classifyFailure, withDeadline } from "./discord-failure";
import { happened } from "./discord-state";
import { unverifiedNote } from "./notices";

/** An action younger than this may still be in flight in another process. */
export const PENDING_GRACE_MS = 60_000;
/** The longest one check of Discord's state may take before it is retried later. */
const CHECK_DEADLINE_MS = 30_000;

/**
 * Settles cases whose action was asked of Discord but never confirmed (a crash, or an outage that outlived
 * the in-process retries): Discord's state decides whether each stands (confirmed and posted) or is voided.
 * Runs when a client becomes ready and every 30 s, over the guilds it serves, each case on its own: when
 * Discord will not tell, the case stands with a note; when it fails, that case alone backs off.
 */
@injectable()
export class PendingActions implements PeriodicTask {
  readonly name = "pending actions";
  readonly everyMs = 30_000;

  constructor(
    @inject(CaseClaims) private readonly claims: CaseClaims,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(RestrictionController) private readonly restrictions: RestrictionController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(client: Client<true>): Promise<void> {
    await this.reconcile(client);
  }

  /** How many cases were settled. */
  async reconcile(client: Client<true>, graceMs = PENDING_GRACE_MS): Promise<number> {
    const stale = await this.claims.claimStalePending([...client.guilds.cache.keys()], graceMs);
    const settled = (await Promise.all(stale.map((claim) => this.settleOne(client, claim)))).filter(
      (kase): kase is Case => kase !== null,
    );
    if (settled.length > 0) {
      this.logger.info(
        { cases: settled.map((kase) => `${kase.guildId}#${kase.number}`) },
        "settled pending actions",
      );
    }
    return settled.length;
  }

  /** The case as settled (and posted), or null when it was not settled by this run. */
  private async settleOne(client: Client<true>, claim: Claim): Promise<Case | null> {
    const { kase } = claim;
    try {
      const guild = client.guilds.cache.get(kase.guildId);
      const roleId = (await this.restrictions.of(kase))?.roleId;
      const verdict = guild
        ? await withDeadline(happened(guild, kase, roleId), CHECK_DEADLINE_MS).then(
            (yes) => ({ kind: yes ? "happened" : "not happened" }) as const,
            (error: unknown) => classifyFailure(error, kase.type),
          )
        : ({ kind: "transient" } as const);
      if (verdict.kind === "transient") {
        const next = await this.claims.retryLater(claim);
        this.logger.warn({ guildId: kase.guildId, caseNumber: kase.number, next }, "pending case backed off");
        return null;
      }
      const settled = await this.claims.settle(claim, async () => {
        if (verdict.kind === "not happened")
          return this.cases.failAction(kase.guildId, kase.number, client.user.id);
        const note =
          verdict.kind === "refused"
            ? unverifiedNote(verdict.reason, guildTranslator(client, kase.guildId))
            : null;
        return (await this.cases.confirmAction(kase.id, note)) ? this.cases.reload(kase) : null;
      });
      if (!settled?.value) return null;
      await this.modLog.publish(client, settled.value);
      return settled.value;
    } catch (error) {
      this.logger.error(
        { err: error, guildId: kase.guildId, caseNumber: kase.number },
        "pending case not settled",
      );
      return null;
    }
  }
}
