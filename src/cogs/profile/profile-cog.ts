import type { User } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import { LocaleResolver } from "../../bot/interactions/locale-resolver";
import type { Reply } from "../../bot/interactions/reply";
import { PermissionGuard } from "../../bot/permissions";
import { ActivityBuffer } from "../../controllers/activity-buffer";
import { ActivityController } from "../../controllers/activity-controller";
import { EconomyController } from "../../controllers/economy-controller";
import { MemberJoinController } from "../../controllers/member-join-controller";
import { UserController } from "../../controllers/user-controller";
import { UserIdentityController } from "../../controllers/user-identity-controller";
import {
  UserPreferenceController,
  type PreferenceChanges,
} from "../../controllers/user-preference-controller";
import type { Locale } from "../../i18n/locales";
import { translator } from "../../i18n/translator";
import { activityLine } from "../activity/activity-line";
import { ActivityCommand } from "../activity/definitions";
import { LinkCommand, PreferencesCommand, ProfileCommand, UnlinkCommand } from "./definitions";
import { IdentityLinks } from "./identity-links";
import { languageName, onOff, profileEmbed } from "./profile-embed";

interface PreferenceArgs {
  private_replies?: boolean | undefined;
  dm_on_case?: boolean | undefined;
  /** A language, or "auto": follow the member's Discord client. */
  language?: Locale | "auto" | undefined;
}

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
    slashCommand(PreferencesCommand, (context, args) => this.preferences(context, args), { ephemeral: true }),
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
    @inject(LocaleResolver) private readonly locales: LocaleResolver,
  ) {
    this.links = new IdentityLinks(users);
  }

  private async profile(context: GuildCommandContext, target: ResolvedUser | undefined): Promise<Reply> {
    const { guildId } = context;
    const user: User = target?.user ?? context.user;
    const own = user.id === context.user.id;
    const showActivity = own || (await this.mayViewActivity(context));
    const [account, stored, asker, points, join] = await Promise.all([
      this.identities.find("discord", user.id),
      showActivity ? this.activity.of(guildId, user.id) : null,
      this.settings.of(context.user.id),
      this.economy.balance(guildId, user.id),
      this.joins.latest(guildId, user.id),
    ]);
    const linked = account ? await this.users.identities(account.userId) : [];
    const embed = profileEmbed(context.t, {
      userId: user.id,
      displayName: user.globalName ?? user.username,
      identities: linked,
      points,
      ...(showActivity
        ? { activity: activityLine(context.t, stored, this.buffer.pending(guildId, user.id)) }
        : {}),
      ...(own ? { preferences: asker } : {}),
      ...(join ? { invitedBy: { inviterId: join.inviterId, code: join.inviteCode } } : {}),
    });
    return { embeds: [embed], ephemeral: asker.privateReplies };
  }

  /** Another member's message count and last-seen follow /activity's rule: moderators only. */
  private mayViewActivity(context: GuildCommandContext): Promise<boolean> {
    return this.guard.allows(context.interaction, {
      label: "/activity",
      policy: { access: "moderator" },
      memberPermissions: BigInt(ActivityCommand.default_member_permissions),
    });
  }

  /** Shows the member's settings, or changes those given; a new language answers in that language. */
  private async preferences(context: GuildCommandContext, args: PreferenceArgs): Promise<Reply> {
    const changes: PreferenceChanges = {
      ...(args.private_replies === undefined ? {} : { privateReplies: args.private_replies }),
      ...(args.dm_on_case === undefined ? {} : { dmOnCase: args.dm_on_case }),
      ...(args.language === undefined ? {} : { language: args.language === "auto" ? null : args.language }),
    };
    const changed = Object.keys(changes).length > 0;
    const userId = context.user.id;
    const current = changed ? await this.settings.change(userId, changes) : await this.settings.of(userId);
    const t =
      changes.language === undefined
        ? context.t
        : translator(current.language ?? this.locales.immediate(context.interaction));
    return {
      content: t.t("profile.preferences", {
        saved: changed ? "yes" : "no",
        privateReplies: onOff(current.privateReplies),
        dmOnCase: onOff(current.dmOnCase),
        language: languageName(t, current.language),
      }),
    };
  }
}
