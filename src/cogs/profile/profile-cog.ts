import type { User } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { PermissionGuard } from "../../bot/permissions";
import { ActivityBuffer } from "../../controllers/activity-buffer";
import { ActivityController } from "../../controllers/activity-controller";
import { EconomyController } from "../../controllers/economy-controller";
import { MemberJoinController } from "../../controllers/member-join-controller";
import { UserController } from "../../controllers/user-controller";
import { UserIdentityController } from "../../controllers/user-identity-controller";
import { UserPreferenceController } from "../../controllers/user-preference-controller";
import { LegacyUserError } from "../../errors/user-error";
import { activityLine } from "../activity/activity-line";
import { ActivityCommand } from "../activity/definitions";
import { LinkCommand, PreferencesCommand, ProfileCommand, UnlinkCommand } from "./definitions";
import { IdentityLinks } from "./identity-links";
import { profileEmbed } from "./profile-embed";

/** `/link`, `/unlink`, `/profile` and `/preferences`: a member's own identity and settings. */
@injectable()
export class ProfileCog implements Cog {
  readonly name = "profile";
  readonly database = "required";
  readonly commands = [
    slashCommand(LinkCommand, (context, { platform, handle }) => this.links.link(context, platform, handle), {
      ephemeral: true,
    }),
    slashCommand(UnlinkCommand, (context, { platform }) => this.links.unlink(context, platform), {
      ephemeral: true,
    }),
    slashCommand(ProfileCommand, (context, { user }) => this.profile(context, user)),
    slashCommand(
      PreferencesCommand,
      (context, args) => this.preferences(context, args.private_replies, args.dm_on_case),
      { ephemeral: true },
    ),
  ];
  private readonly links: IdentityLinks;

  constructor(
    @inject(UserController) private readonly users: UserController,
    @inject(UserIdentityController) private readonly identities: UserIdentityController,
    @inject(UserPreferenceController) private readonly settings: UserPreferenceController,
    @inject(ActivityController) private readonly activity: ActivityController,
    @inject(ActivityBuffer) private readonly buffer: ActivityBuffer,
    @inject(EconomyController) private readonly economy: EconomyController,
    @inject(MemberJoinController) private readonly joins: MemberJoinController,
    @inject(PermissionGuard) private readonly guard: PermissionGuard,
  ) {
    this.links = new IdentityLinks(users);
  }

  private async profile(context: CommandContext, target: ResolvedUser | undefined): Promise<Reply> {
    const guildId = context.interaction.guildId;
    if (!guildId) throw new LegacyUserError("GuildOnly", "/profile only works in a server.");
    const user: User = target?.user ?? context.interaction.user;
    const showActivity = user.id === context.interaction.user.id || (await this.mayViewActivity(context));
    const [account, stored, preferences, asker, points, join] = await Promise.all([
      this.identities.find("discord", user.id),
      showActivity ? this.activity.of(guildId, user.id) : null,
      this.settings.of(user.id),
      this.settings.of(context.interaction.user.id),
      this.economy.balance(guildId, user.id),
      this.joins.latest(guildId, user.id),
    ]);
    const linked = account ? await this.users.identities(account.userId) : [];
    const embed = profileEmbed({
      userId: user.id,
      displayName: user.globalName ?? user.username,
      identities: linked,
      points: points.toString(),
      ...(showActivity
        ? { activity: activityLine(context.t, stored, this.buffer.pending(guildId, user.id)) }
        : {}),
      preferences,
      ...(join ? { invitedBy: invitedBy(join.inviterId, join.inviteCode) } : {}),
    });
    return { embeds: [embed], ephemeral: asker.privateReplies };
  }

  /** Another member's message count and last-seen follow /activity's rule: moderators only. */
  private mayViewActivity(context: CommandContext): Promise<boolean> {
    return this.guard.allows(context.interaction, {
      label: "/activity",
      policy: { access: "moderator" },
      memberPermissions: BigInt(ActivityCommand.default_member_permissions),
    });
  }

  private async preferences(
    context: CommandContext,
    privateReplies: boolean | undefined,
    dmOnCase: boolean | undefined,
  ): Promise<Reply> {
    const userId = context.interaction.user.id;
    const changed = privateReplies !== undefined || dmOnCase !== undefined;
    const current = changed
      ? await this.settings.change(userId, {
          ...(privateReplies === undefined ? {} : { privateReplies }),
          ...(dmOnCase === undefined ? {} : { dmOnCase }),
        })
      : await this.settings.of(userId);
    const onOff = (value: boolean): string => (value ? "on" : "off");
    return {
      content: `${changed ? "Saved. " : ""}Private replies: ${onOff(current.privateReplies)}. DM when a case is recorded about you: ${onOff(current.dmOnCase)}.`,
    };
  }
}

function invitedBy(inviterId: string | null, code: string | null): string {
  if (!code) return "unknown";
  return inviterId ? `<@${inviterId}> (${code})` : code;
}
