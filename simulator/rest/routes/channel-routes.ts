import { AuditLogEvent, MessageType, PermissionFlagsBits } from "discord-api-types/v10";
import { apiErrors } from "../../core/api-error";
import { snowflakeTime } from "../../core/snowflake";
import { checkAuditReason, requirePermission } from "../../world/access";
import { channelToApi, dmChannelToApi } from "../../world/serialize";
import { messageToApi } from "../../world/serialize-message";
import type { ChannelLocation } from "../../world/world";
import { asRecord, optionalStringArray, queryInt } from "../fields";
import { parseMessagePatch, parseNewMessage } from "../message-body";
import { noContent, ok, type RouteContext, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

/** Channels and their messages, as the bot sees them (with its permissions applied). */
export function channelRoutes(services: RouteServices): RouteDefinition[] {
  const { world } = services;
  const botId = world.botUser.id;

  /** The channel, if the bot can see it; `needs` adds permissions the route requires there. */
  const channel = ({ params }: RouteContext, needs = 0n): ChannelLocation => {
    const location = world.locateChannel(params.channel ?? "");
    if (!location) throw apiErrors.unknownChannel();
    if (location.kind === "guild") {
      if (!location.guild.members.has(botId)) throw apiErrors.unknownChannel();
      const permissions = location.guild.permissionsOf(botId, location.channel.id);
      if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) throw apiErrors.missingAccess();
      requirePermission(location.guild, botId, needs, location.channel.id);
    }
    return location;
  };
  const message = (location: ChannelLocation, messageId: string) => {
    const stored = world.messages.get(messageId);
    if (!stored || stored.message.channelId !== location.channel.id || stored.ephemeralFor !== null) {
      throw apiErrors.unknownMessage();
    }
    return stored;
  };

  return [
    {
      method: "GET",
      pattern: "/channels/:channel",
      handler: (context) => {
        const location = channel(context);
        if (location.kind === "guild") return ok(channelToApi(location.channel));
        return ok(dmChannelToApi(location.channel, world.user(location.channel.recipientId)));
      },
    },
    {
      method: "GET",
      pattern: "/channels/:channel/messages",
      handler: (context) => {
        const location = channel(context, PermissionFlagsBits.ReadMessageHistory);
        const limit = queryInt(context.query, "limit", 50, 1, 100);
        const before = context.query.get("before");
        const after = context.query.get("after");
        let messages = [...location.channel.messages].reverse();
        if (before) messages = messages.filter((m) => BigInt(m.id) < BigInt(before));
        if (after) messages = messages.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
        return ok(messages.slice(0, limit).map((m) => messageToApi(message(location, m.id), world)));
      },
    },
    {
      method: "POST",
      pattern: "/channels/:channel/messages",
      handler: (context) => {
        const location = channel(context, PermissionFlagsBits.SendMessages);
        if (location.kind === "dm" && world.user(location.channel.recipientId).dmsClosed) {
          throw apiErrors.cannotMessageUser();
        }
        const reference = asRecord(asRecord(context.body).message_reference).message_id;
        const created = world.messages.create(location, parseNewMessage(context.body, context.files), {
          authorId: botId,
          type: typeof reference === "string" ? MessageType.Reply : MessageType.Default,
        });
        return ok(messageToApi(message(location, created.id), world));
      },
    },
    {
      method: "GET",
      pattern: "/channels/:channel/messages/:message",
      handler: (context) => {
        const location = channel(context, PermissionFlagsBits.ReadMessageHistory);
        return ok(messageToApi(message(location, context.params.message ?? ""), world));
      },
    },
    {
      method: "PATCH",
      pattern: "/channels/:channel/messages/:message",
      handler: (context) => {
        const stored = message(channel(context), context.params.message ?? "");
        if (stored.message.authorId !== botId) throw apiErrors.cannotEditOthers();
        world.messages.edit(stored.message.id, parseMessagePatch(context.body, context.files));
        return ok(messageToApi(stored, world));
      },
    },
    {
      method: "DELETE",
      pattern: "/channels/:channel/messages/:message",
      handler: (context) => {
        const location = channel(context);
        const stored = message(location, context.params.message ?? "");
        const authorId = stored.message.authorId;
        if (authorId !== botId && location.kind === "guild") {
          requirePermission(location.guild, botId, PermissionFlagsBits.ManageMessages, location.channel.id);
          checkAuditReason(context.auditReason);
          location.guild.recordAudit({
            actionType: AuditLogEvent.MessageDelete,
            userId: botId,
            targetId: authorId,
            reason: context.auditReason,
            options: { channel_id: location.channel.id, count: "1" },
          });
        } else if (authorId !== botId) {
          throw apiErrors.cannotEditOthers();
        }
        world.messages.delete(stored.message.id);
        return noContent();
      },
    },
    {
      method: "POST",
      pattern: "/channels/:channel/messages/bulk-delete",
      handler: (context) => {
        const location = channel(context, PermissionFlagsBits.ManageMessages);
        const ids = optionalStringArray(asRecord(context.body), "messages") ?? [];
        if (ids.length < 2 || ids.length > 100) {
          throw apiErrors.invalidForm("messages", "Must be between 2 and 100 in length.");
        }
        if (ids.some((id) => world.clock() - snowflakeTime(id) > TWO_WEEKS_MS)) {
          throw apiErrors.bulkDeleteTooOld();
        }
        world.messages.deleteMany(location, ids);
        if (location.kind === "guild") {
          checkAuditReason(context.auditReason);
          location.guild.recordAudit({
            actionType: AuditLogEvent.MessageBulkDelete,
            userId: botId,
            targetId: location.channel.id,
            reason: context.auditReason,
            options: { count: String(ids.length) },
          });
        }
        return noContent();
      },
    },
  ];
}
