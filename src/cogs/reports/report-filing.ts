import { PermissionFlagsBits, type GuildMember } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { ResolvedUser } from "../../bot/commands/arguments";
import type { GuildInteractionContext } from "../../bot/interactions/context";
import type { Reply } from "../../bot/interactions/reply";
import type { RepliableInteraction } from "../../bot/interactions/responder";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { ReportController } from "../../controllers/report-controller";
import { ReportSettingController } from "../../controllers/report-setting-controller";
import { MAX_REPORT_EXCERPT_LENGTH } from "../../entities/report";
import { UserError } from "../../errors/user-error";
import { shorten } from "../../bot/shorten";
import { ReportPost } from "./report-post";

/** The reported message, kept as evidence. */
export interface Evidence {
  link: string;
  content: string | null;
}

/** Members whose reports go to the server owner, not to their fellow moderators. */
const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.Administrator | PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.ManageGuild;

/** Files a member's report (from /report or the "Report" menu) and posts it to the queue. */
@injectable()
export class ReportFiling {
  constructor(
    @inject(ReportController) private readonly reports: ReportController,
    @inject(ReportSettingController) private readonly settings: ReportSettingController,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(ReportPost) private readonly posts: ReportPost,
  ) {}

  async file(
    context: GuildInteractionContext<RepliableInteraction>,
    target: ResolvedUser,
    reason: string,
    evidence: Evidence | null,
  ): Promise<Reply> {
    const channelId = await this.settings.channelOf(context.guildId);
    if (!channelId) throw new UserError("reports.not_set_up");
    const name = target.user.username;
    if (target.user.id === context.user.id) throw new UserError("reports.self");
    if (target.user.bot) throw new UserError("reports.bot", { target: name });
    if (target.member && (await this.isModerator(target.member))) {
      throw new UserError("reports.protected", { target: name });
    }
    const report = await this.reports.file({
      guildId: context.guildId,
      reporterId: context.user.id,
      targetId: target.user.id,
      reason,
      messageLink: evidence?.link ?? null,
      messageExcerpt: evidence?.content ? shorten(evidence.content, MAX_REPORT_EXCERPT_LENGTH) : null,
    });
    const posted = await this.posts.post(context.interaction.client, report, channelId);
    const id = posted ? "reports.filed" : "reports.filed_unposted";
    return { content: context.t.t(id, { id: report.id, target: name }), ephemeral: true };
  }

  private async isModerator(member: GuildMember): Promise<boolean> {
    if (member.id === member.guild.ownerId || member.permissions.any(MODERATOR_PERMISSIONS)) return true;
    const { moderatorRoleIds } = await this.configs.get(member.guild.id);
    return moderatorRoleIds.some((roleId) => roleId !== member.guild.id && member.roles.cache.has(roleId));
  }
}
