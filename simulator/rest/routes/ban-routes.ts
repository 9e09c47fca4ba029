import { PermissionFlagsBits } from "discord-api-types/v10";
import { apiErrors } from "../../core/api-error";
import { checkAuditReason, guildFor, requirePermission } from "../../world/access";
import { userToApi } from "../../world/serialize";
import { asRecord, optionalNumber, queryInt } from "../fields";
import { noContent, ok, type RouteContext, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

const MAX_DELETE_SECONDS = 7 * 24 * 60 * 60;

/** Bans: list, fetch, ban (with message deletion), unban. */
export function banRoutes(services: RouteServices): RouteDefinition[] {
  const { world, moderation } = services;
  const botId = world.botUser.id;
  const guildOf = (context: RouteContext) => guildFor(world, context.params.guild ?? "");
  const banView = (ban: { userId: string; reason: string | null }) => ({
    reason: ban.reason,
    user: userToApi(world.user(ban.userId)),
  });

  return [
    {
      method: "GET",
      pattern: "/guilds/:guild/bans",
      handler: (context) => {
        const guild = guildOf(context);
        requirePermission(guild, botId, PermissionFlagsBits.BanMembers);
        const limit = queryInt(context.query, "limit", 1000, 1, 1000);
        const after = BigInt(context.query.get("after") ?? "0");
        const before = context.query.get("before");
        const bans = [...guild.bans.values()]
          .filter(
            (ban) => BigInt(ban.userId) > after && (before === null || BigInt(ban.userId) < BigInt(before)),
          )
          .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1));
        return ok((before === null ? bans.slice(0, limit) : bans.slice(-limit)).map(banView));
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guild/bans/:user",
      handler: (context) => {
        const guild = guildOf(context);
        requirePermission(guild, botId, PermissionFlagsBits.BanMembers);
        const ban = guild.bans.get(context.params.user ?? "");
        if (!ban) throw apiErrors.unknownBan();
        return ok(banView(ban));
      },
    },
    {
      method: "PUT",
      pattern: "/guilds/:guild/bans/:user",
      handler: (context) => {
        const body = asRecord(context.body);
        const days = optionalNumber(body, "delete_message_days");
        const seconds =
          optionalNumber(body, "delete_message_seconds") ?? (days === undefined ? 0 : days * 86_400);
        if (seconds < 0 || seconds > MAX_DELETE_SECONDS) {
          throw apiErrors.invalidForm(
            "delete_message_seconds",
            `Must be between 0 and ${MAX_DELETE_SECONDS}.`,
          );
        }
        checkAuditReason(context.auditReason);
        moderation.ban(guildOf(context), botId, context.params.user ?? "", context.auditReason, seconds);
        return noContent();
      },
    },
    {
      method: "DELETE",
      pattern: "/guilds/:guild/bans/:user",
      handler: (context) => {
        checkAuditReason(context.auditReason);
        moderation.unban(guildOf(context), botId, context.params.user ?? "", context.auditReason);
        return noContent();
      },
    },
  ];
}
