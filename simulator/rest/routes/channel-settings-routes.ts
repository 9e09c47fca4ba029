import {
  AuditLogEvent,
  AuditLogOptionsType,
  ChannelType,
  GatewayDispatchEvents,
  OverwriteType,
  PermissionFlagsBits,
} from "discord-api-types/v10";
import { apiErrors } from "../../core/api-error";
import { checkAuditReason, requirePermission } from "../../world/access";
import type { SimGuild } from "../../world/guild";
import { ALL_PERMISSIONS } from "../../world/permissions";
import { channelToApi } from "../../world/serialize";
import type { SimChannel } from "../../types";
import { asRecord, optionalNumber } from "../fields";
import { noContent, ok, type RouteContext, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** Discord's longest slowmode (6 hours). */
export const MAX_RATE_LIMIT_PER_USER = 21_600;

/** A guild channel's settings and permission overwrites (Manage Channels / Manage Roles there). */
export function channelSettingsRoutes(services: RouteServices): RouteDefinition[] {
  const { world } = services;
  const botId = world.botUser.id;

  const locate = ({ params }: RouteContext, needs: bigint): { guild: SimGuild; channel: SimChannel } => {
    const location = world.locateChannel(params.channel ?? "");
    if (!location || location.kind !== "guild" || !location.guild.members.has(botId)) {
      throw apiErrors.unknownChannel();
    }
    const { guild, channel } = location;
    if ((guild.permissionsOf(botId, channel.id) & PermissionFlagsBits.ViewChannel) === 0n) {
      throw apiErrors.missingAccess();
    }
    requirePermission(guild, botId, needs, channel.id);
    return { guild, channel };
  };
  const changed = (guild: SimGuild, channel: SimChannel): void =>
    world.events.dispatch(GatewayDispatchEvents.ChannelUpdate, channelToApi(channel), guild.id);

  return [
    {
      method: "PATCH",
      pattern: "/channels/:channel",
      handler: (context) => {
        const { guild, channel } = locate(context, PermissionFlagsBits.ManageChannels);
        checkAuditReason(context.auditReason);
        const body = asRecord(context.body);
        const seconds = optionalNumber(body, "rate_limit_per_user");
        if (seconds !== undefined) {
          if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_RATE_LIMIT_PER_USER) {
            throw apiErrors.invalidForm(
              "rate_limit_per_user",
              `int value should be less than or equal to ${MAX_RATE_LIMIT_PER_USER}.`,
            );
          }
          if (channel.type !== ChannelType.GuildText) {
            throw apiErrors.invalidForm("rate_limit_per_user", "This channel type has no slowmode.");
          }
          const old = channel.rateLimitPerUser ?? 0;
          channel.rateLimitPerUser = seconds;
          guild.recordAudit({
            actionType: AuditLogEvent.ChannelUpdate,
            userId: botId,
            targetId: channel.id,
            reason: context.auditReason,
            changes: [{ key: "rate_limit_per_user", old_value: old, new_value: seconds }],
          });
        }
        changed(guild, channel);
        return ok(channelToApi(channel));
      },
    },
    {
      method: "PUT",
      pattern: "/channels/:channel/permissions/:overwrite",
      handler: (context) => {
        const { guild, channel } = locate(context, PermissionFlagsBits.ManageRoles);
        checkAuditReason(context.auditReason);
        const body = asRecord(context.body);
        const id = context.params.overwrite ?? "";
        const type = body.type === OverwriteType.Member ? OverwriteType.Member : OverwriteType.Role;
        if (type === OverwriteType.Role && !guild.roles.has(id)) throw apiErrors.unknownRole();
        if (type === OverwriteType.Member && !guild.members.has(id)) throw apiErrors.unknownMember();
        const allow = bits(body.allow, "allow");
        const deny = bits(body.deny, "deny");
        // Only permissions the bot has itself may be allowed or denied.
        const own = guild.permissionsOf(botId);
        if (
          (own & PermissionFlagsBits.Administrator) === 0n &&
          ((allow | deny) & ~own & ALL_PERMISSIONS) !== 0n
        ) {
          throw apiErrors.missingPermissions();
        }
        const existing = channel.permissionOverwrites.find((overwrite) => overwrite.id === id);
        if (existing) Object.assign(existing, { allow, deny });
        else channel.permissionOverwrites.push({ id, type, allow, deny });
        guild.recordAudit({
          actionType: existing ? AuditLogEvent.ChannelOverwriteUpdate : AuditLogEvent.ChannelOverwriteCreate,
          userId: botId,
          targetId: channel.id,
          reason: context.auditReason,
          options: { id, type: optionsType(type), role_name: guild.roles.get(id)?.name ?? "" },
        });
        changed(guild, channel);
        return noContent();
      },
    },
    {
      method: "DELETE",
      pattern: "/channels/:channel/permissions/:overwrite",
      handler: (context) => {
        const { guild, channel } = locate(context, PermissionFlagsBits.ManageRoles);
        checkAuditReason(context.auditReason);
        const id = context.params.overwrite ?? "";
        const index = channel.permissionOverwrites.findIndex((overwrite) => overwrite.id === id);
        if (index === -1) throw apiErrors.unknownOverwrite();
        const [removed] = channel.permissionOverwrites.splice(index, 1);
        guild.recordAudit({
          actionType: AuditLogEvent.ChannelOverwriteDelete,
          userId: botId,
          targetId: channel.id,
          reason: context.auditReason,
          options: {
            id,
            type: optionsType(removed?.type ?? OverwriteType.Role),
            role_name: guild.roles.get(id)?.name ?? "",
          },
        });
        changed(guild, channel);
        return noContent();
      },
    },
  ];
}

function bits(value: unknown, field: string): bigint {
  if (value === undefined || value === null) return 0n;
  if ((typeof value !== "string" && typeof value !== "number") || !/^\d+$/.test(String(value))) {
    throw apiErrors.invalidForm(field, "Must be a permission bitfield.");
  }
  return BigInt(value);
}

function optionsType(type: OverwriteType): AuditLogOptionsType {
  return type === OverwriteType.Member ? AuditLogOptionsType.Member : AuditLogOptionsType.Role;
}
