import {
  GuildMember,
  PermissionFlagsBits,
  PermissionsBitField,
  type AutocompleteInteraction,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Config } from "../config";
import { GuildConfigController } from "../controllers/guild-config-controller";
import { UserError } from "../errors/user-error";
import { TOKENS } from "../tokens";
import type { HandlerPolicy } from "./commands/registration";
import type { RepliableInteraction } from "./interactions/responder";

/** Discord's own names where they differ from the flag names. */
const DISPLAY_NAMES: Partial<Record<string, string>> = {
  ManageGuild: "Manage Server",
  ModerateMembers: "Timeout Members",
  UseApplicationCommands: "Use Application Commands",
};

export function permissionNames(bits: bigint): string {
  const names = new PermissionsBitField(bits)
    .toArray()
    .map((flag) => DISPLAY_NAMES[flag] ?? flag.replace(/([a-z])([A-Z])/g, "$1 $2"));
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
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
@injectable()
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
      throw new UserError("OwnerOnly", `Only the bot's owners can use ${request.label}.`);
    }
    this.checkBot(interaction, request.policy.botPermissions);
    const required = request.memberPermissions;
    if (access === "owner" || (access === "everyone" && !required)) return;
    const granted = interaction.memberPermissions;
    if (!interaction.inGuild() || !granted) {
      throw new UserError("GuildOnly", `${request.label} only works in a server.`);
    }
    if (required && granted.has(required)) return;
    if (access === "moderator") {
      if (granted.has(PermissionFlagsBits.Administrator)) return;
      if (await this.hasModeratorRole(interaction)) return;
      const what = required ? `the ${permissionNames(required & ~granted.bitfield)} permission or` : "";
      throw new UserError(
        "MissingPermissions",
        `You need ${what} a moderator role to use ${request.label}.`,
        {
          missing: required?.toString(),
        },
      );
    }
    const missing = (required ?? 0n) & ~granted.bitfield;
    throw new UserError(
      "MissingPermissions",
      `You need the ${permissionNames(missing)} permission to use ${request.label}.`,
      { missing: missing.toString() },
    );
  }

  private checkBot(interaction: GuardedInteraction, needed: bigint | undefined): void {
    if (!needed || !interaction.inGuild()) return;
    const missing = needed & ~interaction.appPermissions.bitfield;
    if (missing !== 0n) {
      throw new UserError(
        "BotMissingPermissions",
        `I need the ${permissionNames(missing)} permission in this channel to do that.`,
        { missing: missing.toString() },
      );
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
    // @everyone (its id is the guild's) never counts, even when an old row lists it.
    return config.moderatorRoleIds.some((roleId) => roleId !== guildId && roles.includes(roleId));
  }
}
