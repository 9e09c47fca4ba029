import { inject, injectable } from "tsyringe";
import { Events, PermissionFlagsBits } from "discord.js";
import { listener, type Cog } from "../../bot/cog";
import { DatabaseGate } from "../../bot/database-gate";
import type { ResolvedChannel, ResolvedRole } from "../../bot/commands/arguments";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { UserError } from "../../errors/user-error";
import { configEmbed } from "./config-embed";
import { ConfigCommand } from "./definitions";
import { LockdownChannelSettings } from "./lockdown-channels";
import { missingPermissions, modLogChannelState } from "./mod-log-channel";
import { checkGrantableRole, requireModeratorRoleManager } from "./moderator-role-rules";
import { clearRestrictedRole, restrictedRoleFacts, setRestrictedRole } from "./restricted-role";
import {
  addPersistentRole,
  listPersistentRoles,
  persistenceLine,
  removePersistentRole,
  type PersistentRoleServices,
} from "./persistent-roles";
import { Incidents } from "../../bot/incidents";
import type { Config } from "../../config";
import { RoleHoldingController } from "../../controllers/role-holding-controller";
import { TOKENS } from "../../tokens";

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
        "restricted-role": {
          set: (context, { role }) => setRestrictedRole(this.configs, context, role),
          clear: (context) => clearRestrictedRole(this.configs, context),
        },
        "persistent-roles": {
          add: (context, { role }) => addPersistentRole(this.persistence, context, role),
          remove: (context, { role }) => removePersistentRole(this.persistence, context, role),
          list: (context) => listPersistentRoles(this.persistence, context),
        },
        "lockdown-channels": {
          add: (context, { channel }) => this.lockdownChannels.add(context, channel),
          remove: (context, { channel }) => this.lockdownChannels.remove(context, channel),
          list: (context) => this.lockdownChannels.list(context),
        },
        "dm-on-action": (context, { enabled }) => this.setDmOnAction(context, enabled),
      },
      { ephemeral: true },
    ),
  ];

  /** Every guild of this process's shards at once, so the first events of each find their config cached. */
  readonly listeners = [
    listener(Events.ClientReady, (client) => this.warmUp([...client.guilds.cache.keys()]), { once: true }),
  ];

  private readonly persistence: PersistentRoleServices;
  private readonly lockdownChannels: LockdownChannelSettings;

  constructor(
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(DatabaseGate) private readonly gate: DatabaseGate,
    @inject(RoleHoldingController) holdings: RoleHoldingController,
    @inject(Incidents) incidents: Incidents,
    @inject(TOKENS.Config) config: Config,
  ) {
    const membersIntent = config.PRIVILEGED_INTENTS;
    this.persistence = { configs, holdings, incidents, membersIntent };
    this.lockdownChannels = new LockdownChannelSettings(configs);
  }

  /** Without the database yet, each guild's config is read on first use instead (still in batches). */
  private async warmUp(guildIds: string[]): Promise<void> {
    if (this.gate.isOpen) await this.configs.preload(guildIds);
  }

  private async show({ guild, t }: GuildCommandContext): Promise<Reply> {
    const config = await this.configs.get(guild.id);
    const modLogChannel = config.modLogChannelId
      ? await modLogChannelState(guild, config.modLogChannelId)
      : undefined;
    const deletedRoleIds = new Set(config.moderatorRoleIds.filter((id) => !guild.roles.cache.has(id)));
    const me = guild.members.me ?? (await guild.members.fetchMe());
    const seesAuditLog = me.permissions.has(PermissionFlagsBits.ViewAuditLog);
    const restrictedRole = restrictedRoleFacts(guild, config.restrictedRoleId, t);
    const persistence = persistenceLine(config.persistentRoleIds, this.persistence.membersIntent, t);
    const facts = {
      persistence,
      guildName: guild.name,
      config,
      modLogChannel,
      deletedRoleIds,
      seesAuditLog,
      restrictedRole,
    };
    return { embeds: [configEmbed(facts, t)] };
  }

  private async setModLog({ guild, t }: GuildCommandContext, channel: ResolvedChannel): Promise<Reply> {
    const channelId = channel.id;
    const state = await modLogChannelState(guild, channelId);
    if (state.kind === "gone") throw new UserError("config.modlog_gone", { channelId });
    if (state.kind === "wrong-type") throw new UserError("config.modlog_wrong_type", { channelId });
    if (state.kind === "no-permission") {
      // Named in the member's language here: the error is rendered for the same member.
      const permissions = missingPermissions(state.missing, t);
      throw new UserError("config.modlog_no_permission", { channelId, permissions });
    }
    await this.configs.setModLogChannel(guild.id, channelId);
    return { content: t.t("config.modlog_set", { channelId }) };
  }

  private async addModeratorRole(context: GuildCommandContext, role: ResolvedRole): Promise<Reply> {
    requireModeratorRoleManager(context);
    checkGrantableRole(context, role);
    const config = await this.configs.get(context.guildId);
    if (config.moderatorRoleIds.includes(role.id)) {
      throw new UserError("config.modrole_already", { roleId: role.id });
    }
    await this.configs.addModeratorRole(context.guildId, role.id);
    return { content: context.t.t("config.modrole_added", { roleId: role.id }) };
  }

  private async removeModeratorRole(context: GuildCommandContext, role: ResolvedRole): Promise<Reply> {
    requireModeratorRoleManager(context);
    const config = await this.configs.get(context.guildId);
    if (!config.moderatorRoleIds.includes(role.id)) {
      throw new UserError("config.modrole_not", { roleId: role.id });
    }
    await this.configs.removeModeratorRole(context.guildId, role.id);
    return { content: context.t.t("config.modrole_removed", { roleId: role.id }) };
  }

  private async setDmOnAction({ guildId, t }: GuildCommandContext, enabled: boolean): Promise<Reply> {
    await this.configs.setDmOnAction(guildId, enabled);
    return { content: enabled ? t.t("config.dm_on") : t.t("config.dm_off") };
  }
}
