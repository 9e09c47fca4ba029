import { RESTJSONErrorCodes, type Client, type Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { CaseClaims, type Claim } from "../../controllers/case-claims";
import { CaseController } from "../../controllers/case-controller";
import { RestrictionController } from "../../controllers/restriction-controller";
import { CaseType, type Restriction } from "../../entities";
import type { Message } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { classifyFailure, isGone, withDeadline, type DiscordFailure } from "../moderation/discord-failure";
import { UNBAN_DEADLINE_MS } from "../moderation/expiries";
import { notLiftedNote } from "../moderation/notices";
import { rolesToRestore } from "./restriction-roles";

type LiftOutcome = { kind: "lifted"; lost: string[] } | { kind: "away" } | DiscordFailure;

/**
 * Lifts restrictions when they fall due (also those that fell due while the bot was down), exactly once
 * across processes: each due Restrict case is claimed with a lease (CaseClaims), its roles given back
 * outside any transaction, then settled with the bot's Unrestrict case under the claim's token. A member
 * who is away gets the roles when they rejoin; a refusal settles the case with its reason.
 */
@injectable()
export class RestrictionExpiries implements PeriodicTask {
  readonly name = "restriction expiries";
  readonly everyMs = 5_000;

  constructor(
    @inject(CaseClaims) private readonly claims: CaseClaims,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(RestrictionController) private readonly restrictions: RestrictionController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(client: Client<true>): Promise<void> {
    const due = await this.claims.claimDueRestrictions([...client.guilds.cache.keys()]);
    await Promise.all(due.map((claim) => this.settleOne(client, claim)));
  }

  private async settleOne(client: Client<true>, claim: Claim): Promise<void> {
    const { kase } = claim;
    try {
      const restriction = await this.restrictions.of(kase);
      const guild = client.guilds.cache.get(kase.guildId);
      if (!restriction || !guild) {
        if (!restriction) await this.claims.settle(claim, () => this.cases.markProcessed(kase));
        else await this.claims.retryLater(claim);
        return;
      }
      const outcome = await this.lift(client, guild, restriction, kase.number);
      if (outcome.kind === "lifted" || outcome.kind === "away") {
        await this.recordLifted(client, claim, restriction, outcome);
      } else if (outcome.kind === "refused")
        await this.recordRefused(client, claim, restriction, outcome.reason);
      else await this.claims.retryLater(claim);
    } catch (error) {
      // The database failed while settling: the lease runs out and a later run tries again.
      this.logger.error(
        { err: error, guildId: kase.guildId, caseNumber: kase.number },
        "restriction not lifted",
      );
    }
  }

  private async lift(
    client: Client<true>,
    guild: Guild,
    restriction: Restriction,
    number: number,
  ): Promise<LiftOutcome> {
    try {
      const member = await withDeadline(
        guild.members.fetch({ user: restriction.targetId, force: true }),
        UNBAN_DEADLINE_MS,
      );
      const current = [...member.roles.cache.keys()];
      const { roles, lost } = rolesToRestore(guild, current, restriction.roleId, restriction.removedRoleIds);
      const audit = guildTranslator(client, guild.id).t("moderation.restriction_expiry_audit", { number });
      await withDeadline(member.roles.set(roles, audit), UNBAN_DEADLINE_MS);
      return { kind: "lifted", lost };
    } catch (error) {
      if (isGone(error, RESTJSONErrorCodes.UnknownMember)) return { kind: "away" };
      const failure = classifyFailure(error, CaseType.Unrestrict);
      if (failure.kind === "transient") {
        this.logger.warn({ err: error, guildId: guild.id, caseNumber: number }, "restriction lift failed");
      }
      return failure;
    }
  }

  private async recordLifted(
    client: Client<true>,
    claim: Claim,
    restriction: Restriction,
    outcome: { kind: "lifted"; lost: string[] } | { kind: "away" },
  ): Promise<void> {
    const { kase } = claim;
    const t = guildTranslator(client, kase.guildId);
    const settled = await this.claims.settle(claim, async () => {
      await this.restrictions.end(restriction, { restoreOnJoin: outcome.kind === "away" });
      return this.cases.createCase({
        guildId: kase.guildId,
        type: CaseType.Unrestrict,
        targetId: kase.targetId,
        targetName: kase.targetName,
        moderatorId: client.user.id,
        reason: t.t("moderation.restriction_expiry_reason"),
        refersTo: kase.number,
      });
    });
    if (!settled) return;
    this.logger.info({ guildId: kase.guildId, caseNumber: kase.number }, "restriction lifted");
    await this.modLog.publish(client, settled.value);
    if (outcome.kind === "lifted" && outcome.lost.length > 0) {
      const roles = outcome.lost.map((id) => `<@&${id}>`);
      await this.modLog.note(client, kase.guildId, (tr) =>
        tr.t("moderation.roles_not_restored", { roles: tr.list(roles) }),
      );
    }
  }

  private async recordRefused(
    client: Client<true>,
    claim: Claim,
    restriction: Restriction,
    reason: Message,
  ): Promise<void> {
    const { kase } = claim;
    const settleNote = notLiftedNote(reason, guildTranslator(client, kase.guildId));
    const settled = await this.claims.settle(claim, () =>
      this.restrictions.end(restriction, { restoreOnJoin: false, settleNote }),
    );
    if (!settled) return;
    this.logger.warn(
      { guildId: kase.guildId, caseNumber: kase.number, reason: reason.id },
      "restriction not lifted",
    );
    await this.modLog.note(client, kase.guildId, (t) =>
      t.t("moderation.restriction_lift_refused", {
        target: `<@${kase.targetId}>`,
        number: kase.number,
        reason: t.render(reason),
      }),
    );
  }
}
