import { AuditLogEvent, PermissionFlagsBits } from "discord-api-types/v10";
import { apiErrors } from "../../core/api-error";
import { guildFor, requirePermission } from "../../world/access";
import { auditEntryToApi, channelToApi, roleToApi, THREAD_TYPES, userToApi } from "../../world/serialize";
import { guildToApi } from "../../world/serialize-guild";
import { asRecord, optionalNumber, optionalString, queryInt } from "../fields";
import { ok, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** Guild metadata, roles, channels and the audit log. */
export function guildRoutes(services: RouteServices): RouteDefinition[] {
  const { world } = services;
  const botId = world.botUser.id;
  return [
    {
      method: "GET",
      pattern: "/guilds/:guild",
      handler: ({ params, query }) => {
        const guild = guildFor(world, params.guild ?? "");
        const counts = query.get("with_counts") === "true";
        return ok({
          ...guildToApi(guild),
          ...(counts ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {}),
        });
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guild/roles",
      handler: ({ params }) => ok([...guildFor(world, params.guild ?? "").roles.values()].map(roleToApi)),
    },
    {
      method: "POST",
      pattern: "/guilds/:guild/roles",
      handler: ({ params, body, auditReason }) => {
        const guild = guildFor(world, params.guild ?? "");
        requirePermission(guild, botId, PermissionFlagsBits.ManageRoles);
        const init = asRecord(body);
        const bits = optionalString(init, "permissions") ?? "0";
        if (!/^\d+$/.test(bits)) throw apiErrors.invalidForm("permissions", "Must be a permission bit set.");
        const permissions = BigInt(bits);
        // A bot cannot grant permissions it does not have itself.
        requirePermission(guild, botId, permissions);
        const role = guild.createRole({
          name: optionalString(init, "name") ?? "new role",
          permissions,
          color: optionalNumber(init, "color") ?? 0,
        });
        guild.recordAudit({
          actionType: AuditLogEvent.RoleCreate,
          userId: botId,
          targetId: role.id,
          reason: auditReason,
        });
        return ok(roleToApi(role));
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guild/channels",
      handler: ({ params }) =>
        ok(
          [...guildFor(world, params.guild ?? "").channels.values()]
            .filter((channel) => !THREAD_TYPES.has(channel.type))
            .map(channelToApi),
        ),
    },
    {
      method: "GET",
      pattern: "/guilds/:guild/audit-logs",
      handler: ({ params, query }) => {
        const guild = guildFor(world, params.guild ?? "");
        requirePermission(guild, botId, PermissionFlagsBits.ViewAuditLog);
        const actionType = query.get("action_type");
        const entries = guild.auditEntries({
          userId: query.get("user_id") ?? undefined,
          actionType: actionType === null ? undefined : (Number(actionType) as AuditLogEvent),
          before: query.get("before") ?? undefined,
          limit: queryInt(query, "limit", 50, 1, 100),
        });
        const userIds = new Set(entries.flatMap((entry) => [entry.userId, entry.targetId ?? ""]));
        return ok({
          audit_log_entries: entries.map(auditEntryToApi),
          users: [...userIds].flatMap((id) => {
            const user = world.users.get(id);
            return user ? [userToApi(user)] : [];
          }),
          integrations: [],
          webhooks: [],
          guild_scheduled_events: [],
          threads: [],
          application_commands: [],
          auto_moderation_rules: [],
        });
      },
    },
  ];
}
