import type { Guild, GuildMember, User } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CaseController } from "../../controllers/case-controller";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { UserPreferenceController } from "../../controllers/user-preference-controller";
import { CaseType, type Case } from "../../entities";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { checkHierarchy } from "./hierarchy";
import { ModLog } from "./mod-log";
import { auditReason, directMessage } from "./notices";

export interface ActionRequest {
  guild: Guild;
  actor: GuildMember;
  target: User;
  targetMember: GuildMember | null;
  type: CaseType;
  reason: string | null;
  expiresAt?: Date | null;
  /** Tell the target by DM first, when the guild has dm-on-action on. */
  notify: boolean;
  /** Carries the action out on Discord (absent for warnings and notes), with the audit-log reason. */
  perform?: (auditReason: string) => Promise<void>;
}

export interface ActionOutcome {
  kase: Case;
  /** Whether the DM reached them; null when none was sent. */
  dmDelivered: boolean | null;
}

/**
 * One moderation action, with no orphans either way: the case is recorded as pending, the target told, the
 * action asked of Discord, then the case confirmed; when Discord refuses, the case is voided and the refusal
 * goes back to the moderator. A crash in between leaves a pending case that `PendingActions` reconciles.
 */
@injectable()
export class ModerationActions {
  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(UserPreferenceController) private readonly preferences: UserPreferenceController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(request: ActionRequest): Promise<ActionOutcome> {
    checkHierarchy(request);
    const { guild, actor, target } = request;
    const kase = await this.cases.createCase({
      guildId: guild.id,
      type: request.type,
      targetId: target.id,
      moderatorId: actor.id,
      reason: request.reason,
      expiresAt: request.expiresAt ?? null,
      pending: request.perform !== undefined,
    });
    const dmDelivered = request.notify ? await this.tell(target, kase, guild) : null;
    if (request.perform) {
      try {
        await request.perform(auditReason(kase, actor.user.username));
      } catch (error) {
        await this.cases
          .failAction(guild.id, kase.number, guild.client.user.id)
          .catch((voidError: unknown) =>
            this.logger.error({ err: voidError, caseId: kase.id }, "could not void a failed case"),
          );
        throw error;
      }
      await this.cases.confirmAction(kase.id);
      kase.pending = false;
      if (request.type === CaseType.Unban) await this.cases.closeExpiries(guild.id, target.id, CaseType.Ban);
      if (request.type === CaseType.Untimeout)
        await this.cases.closeExpiries(guild.id, target.id, CaseType.Timeout);
    }
    await this.modLog.publish(guild.client, kase);
    return { kase, dmDelivered };
  }

  private async tell(target: User, kase: Case, guild: Guild): Promise<boolean | null> {
    const text = directMessage(kase, guild.name);
    if (!text || target.bot || !(await this.configs.get(guild.id)).dmOnAction) return null;
    // The member may have asked not to be told (their /preferences dm_on_case).
    if (!(await this.preferences.of(target.id)).dmOnCase) return null;
    try {
      await target.send({ content: text, allowedMentions: { parse: [] } });
      return true;
    } catch {
      return false; // closed DMs never stop the action
    }
  }
}
