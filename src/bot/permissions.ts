import { GuildMember, PermissionsBitField, type AutocompleteInteraction } from "discord.js";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import { GuildConfigController } from "../controllers/guild-config-controller";
import { CommandRefusal } from "../errors/command-refusal";
import { UserError } from "../errors/user-error";
import type { MessageId } from "../i18n/resources";
import type { MessageValues, Translator } from "../i18n/translator";
import { TOKENS } from "../tokens";
import type { HandlerPolicy } from "./commands/registration";
import { Permission } from "./discord-enums";
import { holdsModeratorRole } from "./moderator-check";
import type { RepliableInteraction } from "./interactions/responder";

/** Discord's names of the permissions Warden asks for; any other is named by its flag. */
const PERMISSION_MESSAGES: Partial<Record<string, MessageId>> = {
  Administrator: "permission.Administrator",
  BanMembers: "permission.BanMembers",
  KickMembers: "permission.KickMembers",
  ModerateMembers: "permission.ModerateMembers",
  ManageGuild: "permission.ManageGuild",
  ManageMessages: "permission.ManageMessages",
  ManageRoles: "permission.ManageRoles",
  ManageChannels: "permission.ManageChannels",
  ViewChannel: "permission.ViewChannel",
  SendMessages: "permission.SendMessages",
  EmbedLinks: "permission.EmbedLinks",
  ReadMessageHistory: "permission.ReadMessageHistory",
  ViewAuditLog: "permission.ViewAuditLog",
  CreateInstantInvite: "permission.CreateInstantInvite",
};

/** The permissions in `bits`, named as Discord's client names them, as a list in the member's language. */
export function permissionNames(bits: bigint, t: Translator): string {
  const names = new PermissionsBitField(bits).toArray().map((flag) => {
    const id = PERMISSION_MESSAGES[flag];
    return id ? t.t(id) : flag.replace(/([a-z])([A-Z])/g, "$1 $2");
  });
  return t.list(names);
}

/** A refusal naming the missing permissions and the command, in the member's language. */
export class MissingPermissionsError extends CommandRefusal {
  constructor(
    id:
      | "permissions.missing"
      | "permissions.missing_or_role"
      | "permissions.bot_missing"
      | "permissions.bot_missing_in_server",
    readonly missing: bigint,
    label: string,
  ) {
    super(id, CommandRefusal.pathOf(label));
  }

  protected override valuesFor(t: Translator): MessageValues {
    return { ...super.valuesFor(t), permissions: permissionNames(this.missing, t) };
  }
}

type GuardedInteraction = RepliableInteraction | AutocompleteInteraction;

export interface AccessRequest {
  /** How the refusal names the thing, e.g. "/case edit". */
  label: string;
  policy: HandlerPolicy;
  /** The definition's `default_member_permissions`, which the run-time check enforces again. */
  memberPermissions: bigint | null;
}

/**
 * The run-time half of command permissions (Discord's `default_member_permissions` is the other half, and
 * server admins can loosen it). Refusals are UserErrors naming exactly what is missing.
 */
@service()
export class PermissionGuard {
  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(GuildConfigController) private readonly guildConfigs: GuildConfigController,
  ) {}

  /** Like `check`, as a yes or no (for autocomplete, which has no way to say why). */
  async allows(interaction: GuardedInteraction, request: AccessRequest): Promise<boolean> {
    try {
      await this.check(interaction, request);
      return true;
    } catch (error) {
      if (error instanceof UserError) return false;
      throw error;
    }
  }

  async check(interaction: GuardedInteraction, request: AccessRequest): Promise<void> {
    const access = request.policy.access ?? "everyone";
    if (access === "owner" && !this.config.OWNER_IDS.includes(interaction.user.id)) {
      throw new CommandRefusal("permissions.owner_only", CommandRefusal.pathOf(request.label));
    }
    this.checkBot(interaction, request.policy.botPermissions);
    const required = request.memberPermissions;
    if (access === "owner" || (access === "everyone" && !required)) return;
    const granted = interaction.memberPermissions;
    if (!interaction.inGuild() || !granted) {
      throw new CommandRefusal("common.guild_only", CommandRefusal.pathOf(request.label));
    }
    if (required && granted.has(required)) return;
    if (access === "moderator") {
      if (granted.has(Permission.Administrator)) return;
      if (await this.hasModeratorRole(interaction)) return;
      if (!required) throw new CommandRefusal("permissions.role_only", CommandRefusal.pathOf(request.label));
      throw new MissingPermissionsError(
        "permissions.missing_or_role",
        required & ~granted.bitfield,
        request.label,
      );
    }
    const missing = (required ?? 0n) & ~granted.bitfield;
    throw new MissingPermissionsError("permissions.missing", missing, request.label);
  }

  private checkBot(interaction: GuardedInteraction, needed: bigint | undefined): void {
    if (!needed || !interaction.inGuild()) return;
    const missing = needed & ~interaction.appPermissions.bitfield;
    if (missing !== 0n) {
      throw new MissingPermissionsError("permissions.bot_missing", missing, "");
    }
  }

  private async hasModeratorRole(interaction: GuardedInteraction): Promise<boolean> {
    const guildId = interaction.guildId;
    if (!guildId) return false;
    const member = interaction.member;
    const roles: readonly string[] =
      member instanceof GuildMember ? [...member.roles.cache.keys()] : (member?.roles ?? []);
    if (roles.length === 0) return false;
    const config = await this.guildConfigs.get(guildId);
    return holdsModeratorRole(guildId, roles, config.moderatorRoleIds);
  }
}
