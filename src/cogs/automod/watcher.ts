import { PermissionFlagsBits, type Message } from "discord.js";
import { inject, injectable } from "tsyringe";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import type { AutomodMessage } from "./engine";
import { AutomodEnforcer } from "./enforcer";
import { OwnInvites } from "./own-invites";
import { AutomodRuntime } from "./runtime";

/** Members with any of these are moderators, always exempt (as are the guild's moderator roles). */
const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.Administrator |
  PermissionFlagsBits.ManageGuild |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ModerateMembers;

/** MESSAGE_CREATE → Warden's automod: checked in memory; only a message that breaks a rule costs more. */
@injectable()
export class AutomodWatcher {
  readonly ownInvites = new OwnInvites();

  constructor(
    @inject(AutomodRuntime) private readonly runtime: AutomodRuntime,
    @inject(AutomodEnforcer) private readonly enforcer: AutomodEnforcer,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
  ) {}

  async received(message: Message): Promise<void> {
    if (!message.inGuild() || message.author.bot || message.system || message.webhookId) return;
    const { automod, ladder } = await this.runtime.forGuild(message.guildId);
    if (!automod.active) return;
    const seen = await this.view(message);
    const verdict = automod.check(seen);
    if (!verdict) return;
    const codes = verdict.inviteCodes;
    if (codes && (await this.ownInvites.allOwn(message.guild, codes))) return;
    automod.forget(seen);
    await this.enforcer.enforce(message, verdict, ladder);
  }

  private async view(message: Message<true>): Promise<AutomodMessage> {
    const member = message.member;
    const roleIds = member ? [...member.roles.cache.keys()] : [];
    return {
      guildId: message.guildId,
      channelId: message.channelId,
      authorId: message.author.id,
      roleIds,
      moderator: await this.isModerator(message, roleIds),
      content: message.content,
      mentions:
        message.mentions.users.size + message.mentions.roles.size + (message.mentions.everyone ? 1 : 0),
      at: message.createdTimestamp,
    };
  }

  private async isModerator(message: Message<true>, roleIds: readonly string[]): Promise<boolean> {
    if (message.guild.ownerId === message.author.id) return true;
    if (message.member?.permissions.any(MODERATOR_PERMISSIONS)) return true;
    const config = await this.configs.get(message.guildId);
    return config.moderatorRoleIds.some((roleId) => roleId !== message.guildId && roleIds.includes(roleId));
  }
}
