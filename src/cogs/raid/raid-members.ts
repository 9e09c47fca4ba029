import type { GuildMember } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CaseController } from "../../controllers/case-controller";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { RaidController } from "../../controllers/raid-controller";
import { CaseType, type Case } from "../../entities";
import type { Raid } from "../../entities/raid";
import { formatDuration } from "../../bot/duration";
import type { Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { isRefusal } from "../moderation/discord-failure";

/**
 * Acts on one new member during a raid the way a moderation action is taken, so no action lacks its case:
 * the case is recorded pending (naming the raid), the member told by DM (in the guild's language, when the
 * guild sends DMs; closed DMs never stop it), Discord asked to time out (for the raid's timeout) or kick,
 * then the case confirmed; a refusal voids it. A confirm that fails leaves the case pending for the
 * reconciler (pending actions), which settles it from Discord's state. A member it cannot act on (above
 * the bot, the owner, Discord refusing) is counted as skipped and logged; each member settles on its own.
 */
@injectable()
export class RaidMembers {
  constructor(
    @inject(RaidController) private readonly raids: RaidController,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async act(member: GuildMember, raid: Raid): Promise<void> {
    const { client, guild } = member;
    const t = guildTranslator(client, guild.id);
    const reason = t.t("raid.case_reason", { id: raid.id });
    const kick = raid.action === "kick";
    const lastsMs = raid.timeoutSeconds * 1000;
    if (!(kick ? member.kickable : member.moderatable))
      return this.skipped(member, raid, new Error("above the bot or the owner"));
    const kase = await this.cases
      .createCase({
        guildId: guild.id,
        type: kick ? CaseType.Kick : CaseType.Timeout,
        targetId: member.id,
        targetName: member.user.username,
        moderatorId: client.user.id,
        reason,
        pending: true,
        ...(kick ? {} : { lastsMs }),
      })
      .catch((error: unknown) => {
        // No case, no action: the member is let in rather than acted on without a record.
        this.logger.warn(
          { err: error, guildId: guild.id, userId: member.id, raidId: raid.id },
          "raid could not record a case; member not acted on",
        );
        return null;
      });
    if (!kase) return;
    await this.tell(member, raid, t);
    try {
      if (kick) await member.kick(reason);
      else await member.timeout(lastsMs, reason);
    } catch (error) {
      await this.undone(member, kase, error);
      return this.skipped(member, raid, error);
    }
    const confirmed = await this.cases.confirmAction(kase.id).catch((error: unknown) => {
      this.logger.warn({ err: error, caseId: kase.id }, "raid action done, its case left to the reconciler");
      return false;
    });
    await this.raids.counted(raid.id, "acted");
    if (!confirmed) return;
    kase.pending = false;
    await this.modLog.publish(client, kase);
  }

  /** A refusal voids the case; anything else leaves it pending for the reconciler to read Discord's state. */
  private async undone(member: GuildMember, kase: Case, error: unknown): Promise<void> {
    if (!isRefusal(error)) return;
    await this.cases
      .failAction(member.guild.id, kase.number, member.client.user.id)
      .catch((failed: unknown) => {
        this.logger.warn(
          { err: failed, caseId: kase.id },
          "raid case not voided yet; left to the reconciler",
        );
      });
  }

  private async skipped(member: GuildMember, raid: Raid, error: unknown): Promise<void> {
    this.logger.warn(
      { err: error, guildId: member.guild.id, userId: member.id, raidId: raid.id },
      "raid skipped a member",
    );
    await this.raids.counted(raid.id, "skipped");
  }

  /** Settings that cannot be read, or closed DMs, mean no DM: they never stop the action. */
  private async tell(member: GuildMember, raid: Raid, t: Translator): Promise<void> {
    try {
      if (!(await this.configs.get(member.guild.id)).dmOnAction) return;
      const guild = member.guild.name;
      const content =
        raid.action === "kick"
          ? t.t("raid.dm_kick", { guild })
          : t.t("raid.dm_timeout", { guild, duration: formatDuration(raid.timeoutSeconds * 1000) });
      await member.send({ content, allowedMentions: { parse: [] } });
    } catch (error) {
      this.logger.debug({ err: error, userId: member.id }, "raid member not told by DM");
    }
  }
}
