import {
  PermissionFlagsBits,
  type GuildBasedChannel,
  type GuildMember,
  type GuildTextBasedChannel,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import type { GuildInteractionContext } from "../../bot/interactions/context";
import type { RepliableInteraction } from "../../bot/interactions/responder";
import { permissionNames } from "../../bot/permissions";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { UserError } from "../../errors/user-error";

/** What Discord asks of a member who edits a channel's overwrites by hand: Manage Permissions is Manage Roles. */
export const LOCK_MEMBER_PERMISSIONS = PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageRoles;

/**
 * The bits of `needs` the member lacks in `channel`, computed as Discord does (base permissions, then the
 * @everyone, role and member overwrites; the owner and Administrator lack nothing). A moderator role stands
 * for `needs` at the server level, as it does for the command itself, so only a channel's overwrites can
 * take them away: a staff-only channel that denies the moderators' role stays out of their reach.
 */
export function missingInChannel(
  channel: GuildBasedChannel,
  member: GuildMember,
  needs: bigint,
  moderator: boolean,
): bigint {
  if (member.id === channel.guild.ownerId) return 0n;
  const base = member.permissions.bitfield | (moderator ? needs : 0n);
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return 0n;
  const overwrites =
    "permissionOverwrites" in channel ? [...channel.permissionOverwrites.cache.values()] : [];
  const everyone = overwrites.find((overwrite) => overwrite.id === channel.guild.id);
  let granted = (base & ~(everyone?.deny.bitfield ?? 0n)) | (everyone?.allow.bitfield ?? 0n);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.id === channel.guild.id || !member.roles.cache.has(overwrite.id)) continue;
    allow |= overwrite.allow.bitfield;
    deny |= overwrite.deny.bitfield;
  }
  granted = (granted & ~deny) | allow;
  const own = overwrites.find((overwrite) => overwrite.id === member.id);
  granted = (granted & ~(own?.deny.bitfield ?? 0n)) | (own?.allow.bitfield ?? 0n);
  return needs & ~granted;
}

/**
 * The member's half of a channel command's checks: they may act on the target channel only where Discord
 * would let them do the same by hand (Manage Messages to delete, Manage Channels for slowmode, Manage
 * Channels and Manage Roles to edit overwrites), whichever channel they ran the command from.
 */
@injectable()
export class MemberChannelRights {
  constructor(@inject(GuildConfigController) private readonly configs: GuildConfigController) {}

  /**
   * Refused unless the member can see the channel (whoever cannot may not act on it from another one) and
   * holds `needs` there, naming the permissions and the channel.
   */
  async require(
    context: GuildInteractionContext<RepliableInteraction>,
    channel: GuildTextBasedChannel,
    needs: bigint,
  ): Promise<void> {
    if (missingInChannel(channel, context.member, PermissionFlagsBits.ViewChannel, false) !== 0n)
      throw new UserError("channels.member_cannot_see", { channelId: channel.id });
    const missing = missingInChannel(channel, context.member, needs, await this.isModerator(context));
    if (missing === 0n) return;
    const permissions = permissionNames(missing, context.t);
    throw new UserError("channels.member_missing_in", { permissions, channelId: channel.id });
  }

  private async isModerator(context: GuildInteractionContext<RepliableInteraction>): Promise<boolean> {
    const { moderatorRoleIds } = await this.configs.get(context.guildId);
    // @everyone (its id is the guild's) never counts, as in the command check.
    return moderatorRoleIds.some(
      (roleId) => roleId !== context.guildId && context.member.roles.cache.has(roleId),
    );
  }
}
