import type { Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import type { ResolvedChannel, ResolvedRole } from "../../bot/commands/arguments";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { LegacyUserError } from "../../errors/user-error";
import { configEmbed } from "./config-embed";
import { ConfigCommand } from "./definitions";
import { missingPermissions, modLogChannelState } from "./mod-log-channel";
import { checkGrantableRole, requireModeratorRoleManager } from "./moderator-role-rules";

/**
 * `/config`: the guild's settings, for members with Manage Server; changing moderator roles also needs
 * Administrator or ownership (see moderator-role-rules.ts).
 */
@injectable()
export class ConfigCog implements Cog {
  readonly name = "config";
  readonly database = "required";
  readonly commands = [
    slashCommand(
      ConfigCommand,
      {
        show: (context) => this.show(context),
        modlog: (context, { channel }) => this.setModLog(context, channel),
        modrole: {
          add: (context, { role }) => this.addModeratorRole(context, role),
          remove: (context, { role }) => this.removeModeratorRole(context, role),
        },
        "dm-on-action": (context, { enabled }) => this.setDmOnAction(context, enabled),
      },
      { ephemeral: true },
    ),
  ];

  constructor(@inject(GuildConfigController) private readonly configs: GuildConfigController) {}

  private async show(context: CommandContext): Promise<Reply> {
    const guild = guildOf(context);
    const config = await this.configs.get(guild.id);
    const modLogChannel = config.modLogChannelId
      ? await modLogChannelState(guild, config.modLogChannelId)
      : undefined;
    const deletedRoleIds = new Set(config.moderatorRoleIds.filter((id) => !guild.roles.cache.has(id)));
    return { embeds: [configEmbed({ guildName: guild.name, config, modLogChannel, deletedRoleIds })] };
  }

  private async setModLog(context: CommandContext, channel: ResolvedChannel): Promise<Reply> {
    const guild = guildOf(context);
    const state = await modLogChannelState(guild, channel.id);
    const mention = `<#${channel.id}>`;
    if (state.kind === "gone") {
      throw new LegacyUserError(
        "ModLogChannelGone",
        `I can't find ${mention}; it may have just been deleted.`,
      );
    }
    if (state.kind === "wrong-type") {
      throw new LegacyUserError("ModLogChannelType", `${mention} isn't a text or announcement channel.`);
    }
    if (state.kind === "no-permission") {
      throw new LegacyUserError(
        "ModLogChannelPermissions",
        `I can't post in ${mention}: I need ${missingPermissions(state.missing)} there.`,
        { missing: state.missing.toString() },
      );
    }
    await this.configs.update(guild.id, { modLogChannelId: channel.id, modLogProblem: null });
    return { content: `Cases will be posted in ${mention}.` };
  }

  private async addModeratorRole(context: CommandContext, role: ResolvedRole): Promise<Reply> {
    const guild = guildOf(context);
    requireModeratorRoleManager(context, guild);
    await checkGrantableRole(context, guild, role);
    const config = await this.configs.get(guild.id);
    if (config.moderatorRoleIds.includes(role.id)) {
      throw new LegacyUserError("AlreadyModeratorRole", `<@&${role.id}> is already a moderator role.`);
    }
    await this.configs.addModeratorRole(guild.id, role.id);
    return { content: `<@&${role.id}> is now a moderator role: its members can use moderation commands.` };
  }

  private async removeModeratorRole(context: CommandContext, role: ResolvedRole): Promise<Reply> {
    const guild = guildOf(context);
    requireModeratorRoleManager(context, guild);
    const config = await this.configs.get(guild.id);
    if (!config.moderatorRoleIds.includes(role.id)) {
      throw new LegacyUserError("NotModeratorRole", `<@&${role.id}> isn't a moderator role.`);
    }
    await this.configs.removeModeratorRole(guild.id, role.id);
    return { content: `<@&${role.id}> is no longer a moderator role.` };
  }

  private async setDmOnAction(context: CommandContext, enabled: boolean): Promise<Reply> {
    const guild = guildOf(context);
    await this.configs.update(guild.id, { dmOnAction: enabled });
    return {
      content: enabled
        ? "Members will now get a DM when a moderator acts on them."
        : "Members will no longer get a DM when a moderator acts on them.",
    };
  }
}

function guildOf(context: CommandContext): Guild {
  const guild = context.interaction.guild;
  if (!guild) throw new LegacyUserError("GuildOnly", "/config only works in a server.");
  return guild;
}
