import { RESTJSONErrorCodes, type Guild, type GuildMember, type User } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { CaseController } from "../../controllers/case-controller";
import { RestrictionController } from "../../controllers/restriction-controller";
import { CaseType, type Case } from "../../entities";
import type { Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { classifyFailure, isGone } from "../moderation/discord-failure";
import { checkHierarchy } from "../moderation/hierarchy";
import { refuseKeptAboveActor } from "../restrictions/restriction-roles";
import { discordTime } from "./case-lines";
import { guildTranslator, ModLog } from "./mod-log";

/**
 * `/case duration`: a running tempban, timeout or restriction ends `duration` from now. The change is
 * committed first (with its history entry); a timeout's new end is then asked of Discord, outside the
 * transaction, and what Discord would not do is said in the answer. The expiry jobs read the new end.
 */
@injectable()
export class CaseDuration {
  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(RestrictionController) private readonly restrictions: RestrictionController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async change(context: GuildCommandContext, number: number, lastsMs: number): Promise<Reply> {
    const { guild, t } = context;
    // Changing how long a member is sanctioned is acting on them: only on members below you, as /timeout.
    const kase = await this.cases.getByNumberOrFail(guild.id, number);
    const target = await targetOf(guild, kase.targetId);
    checkHierarchy({ guild, actor: context.member, ...target });
    // A restriction's end gives back the roles it keeps: only for someone who could give them by hand.
    const restriction = kase.type === CaseType.Restrict ? await this.restrictions.of(kase) : null;
    if (restriction)
      refuseKeptAboveActor(guild, context.member, target.target.username, restriction.removedRoleIds);
    const updated = await this.cases.changeExpiry(guild.id, number, context.user.id, lastsMs);
    const warning = updated.type === CaseType.Timeout ? await this.applyTimeout(context, updated) : null;
    await this.modLog.publish(context.interaction.client, updated);
    const when = updated.expiresAt ? discordTime(updated.expiresAt, "f") : "";
    const changed = t.t("cases.duration_changed", { number, when });
    return { content: warning ? `${changed} ${warning}` : changed };
  }

  /** Null once Discord has the new end; else what the moderator should know. */
  private async applyTimeout({ guild, t }: GuildCommandContext, kase: Case): Promise<string | null> {
    const reason = guildTranslator(guild.client, guild.id).t("cases.duration_audit", { number: kase.number });
    try {
      await guild.members.edit(kase.targetId, { communicationDisabledUntil: kase.expiresAt, reason });
      return null;
    } catch (error) {
      this.logger.warn({ err: error, guildId: guild.id, caseNumber: kase.number }, "timeout end not applied");
      return timeoutNotApplied(error, t);
    }
  }
}

/** The case's member as they are now (null when not in the guild: a tempban's target, say). */
async function targetOf(
  guild: Guild,
  userId: string,
): Promise<{ target: User; targetMember: GuildMember | null }> {
  try {
    const member = await guild.members.fetch({ user: userId, force: true });
    return { target: member.user, targetMember: member };
  } catch (error) {
    if (!isGone(error, RESTJSONErrorCodes.UnknownMember)) throw error;
  }
  return { target: await guild.client.users.fetch(userId), targetMember: null };
}

function timeoutNotApplied(error: unknown, t: Translator): string {
  if (isGone(error, RESTJSONErrorCodes.UnknownMember)) return t.t("cases.duration_timeout_away");
  const failure = classifyFailure(error, CaseType.Timeout);
  if (failure.kind === "transient") return t.t("cases.duration_timeout_unanswered");
  return t.t("cases.duration_timeout_refused", { reason: t.render(failure.reason) });
}
