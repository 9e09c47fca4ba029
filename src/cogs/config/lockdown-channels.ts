import { PermissionFlagsBits, type Guild } from "discord.js";
import type { ResolvedChannel } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { GuildConfigController } from "../../controllers/guild-config-controller";
import { UserError } from "../../errors/user-error";
import type { Translator } from "../../i18n/translator";
import { missingPermissions } from "./mod-log-channel";

/** What Warden needs in a lockdown channel to lock it: its overwrites are Manage Roles'. */
export const LOCKDOWN_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageRoles;
/** A lockdown settles each channel on its own; this many keep its reply and log entry readable. */
export const MAX_LOCKDOWN_CHANNELS = 50;

/** `/config lockdown-channels add|remove|list`: the channels `/lockdown start` locks. */
export class LockdownChannelSettings {
  constructor(private readonly configs: GuildConfigController) {}

  async add({ guild, t }: GuildCommandContext, channel: ResolvedChannel): Promise<Reply> {
    const channelId = channel.id;
    const config = await this.configs.get(guild.id);
    if (config.lockdownChannelIds.includes(channelId)) {
      throw new UserError("config.lockdown_already", { channelId });
    }
    if (config.lockdownChannelIds.length >= MAX_LOCKDOWN_CHANNELS) {
      throw new UserError("config.lockdown_full", { max: MAX_LOCKDOWN_CHANNELS });
    }
    const missing = await missingIn(guild, channelId);
    if (missing !== 0n) {
      throw new UserError("config.lockdown_no_permission", {
        channelId,
        permissions: missingPermissions(missing, t),
      });
    }
    await this.configs.addLockdownChannel(guild.id, channelId);
    return { content: t.t("config.lockdown_added", { channelId }) };
  }

  async remove({ guildId, t }: GuildCommandContext, channel: ResolvedChannel): Promise<Reply> {
    const config = await this.configs.get(guildId);
    if (!config.lockdownChannelIds.includes(channel.id)) {
      throw new UserError("config.lockdown_not", { channelId: channel.id });
    }
    await this.configs.removeLockdownChannel(guildId, channel.id);
    return { content: t.t("config.lockdown_removed", { channelId: channel.id }) };
  }

  async list({ guildId, t }: GuildCommandContext): Promise<Reply> {
    const { lockdownChannelIds } = await this.configs.get(guildId);
    return { content: t.t("config.lockdown_list", { channels: lockdownChannelList(lockdownChannelIds, t) }) };
  }
}

/** The channels as mentions, or "none". */
export function lockdownChannelList(channelIds: readonly string[], t: Translator): string {
  return channelIds.length > 0 ? channelIds.map((id) => `<#${id}>`).join(", ") : t.t("config.lockdown_none");
}

async function missingIn(guild: Guild, channelId: string): Promise<bigint> {
  const channel = guild.channels.cache.get(channelId);
  if (!channel) throw new UserError("config.modlog_gone", { channelId });
  const me = guild.members.me ?? (await guild.members.fetchMe());
  return LOCKDOWN_PERMISSIONS & ~(channel.permissionsFor(me)?.bitfield ?? 0n);
}
