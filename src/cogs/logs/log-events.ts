import {
  AuditLogEvent,
  Events,
  type GuildAuditLogsEntry,
  type GuildBasedChannel,
  type Message,
  type PartialMessage,
  type Snowflake,
} from "discord.js";
import { listener, type ListenerRegistration } from "../../bot/cog";
import type { OutboxEvent } from "../../controllers/log-outbox-controller";
import { channelChanges } from "./channel-changes";

export interface LogEventSink {
  /** Whether the guild logs this category (from memory, mostly): an event not logged costs nothing more. */
  logs(guildId: string, category: OutboxEvent["category"]): Promise<boolean>;
  /** Queues an event (nothing when its category is not routed). */
  record(event: OutboxEvent): Promise<void>;
  /** Whether the guild keeps message content (the message log is on): content is logged only then. */
  keepsContent(guildId: string): Promise<boolean>;
}

type AnyMessage = Message | PartialMessage;

/** Gateway events turned into server-log events. Each is written as it arrives; the flusher posts them. */
export function logEventListeners(sink: LogEventSink): ListenerRegistration[] {
  const messageEvent = async (message: AnyMessage, kind: string, details: Record<string, unknown>) => {
    if (!message.guildId || !(await sink.logs(message.guildId, "messages"))) return;
    const keep = await sink.keepsContent(message.guildId);
    const content = keep && !message.partial ? message.content : null;
    await sink.record({
      guildId: message.guildId,
      category: "messages",
      kind,
      details: {
        messageId: message.id,
        channelId: message.channelId,
        ...details,
        ...(keep ? { content } : {}),
      },
    });
  };
  return [
    listener(Events.GuildMemberAdd, (member) =>
      sink.record({
        guildId: member.guild.id,
        category: "members",
        kind: "member_join",
        details: {
          userId: member.id,
          username: member.user.username,
          createdAt: member.user.createdAt.toISOString(),
        },
      }),
    ),
    listener(Events.GuildMemberRemove, (member) =>
      sink.record({
        guildId: member.guild.id,
        category: "members",
        kind: "member_leave",
        details: {
          userId: member.id,
          username: member.user.username,
          joinedAt: member.joinedAt?.toISOString() ?? null,
        },
      }),
    ),
    listener(Events.MessageDelete, (message) =>
      messageEvent(message, "message_delete", { authorId: message.author?.id ?? null }),
    ),
    listener(Events.MessageBulkDelete, (messages, channel) => bulkDelete(sink, messages, channel)),
    listener(Events.MessageUpdate, async (before, after) => {
      if (!after.guildId || after.author?.bot || !after.editedTimestamp) return;
      if (!before.partial && before.content === after.content) return;
      if (!(await sink.logs(after.guildId, "messages"))) return;
      const keep = await sink.keepsContent(after.guildId);
      await sink.record({
        guildId: after.guildId,
        category: "messages",
        kind: "message_edit",
        details: {
          messageId: after.id,
          channelId: after.channelId,
          authorId: after.author?.id ?? null,
          ...(keep
            ? { before: before.partial ? null : before.content, after: after.partial ? null : after.content }
            : {}),
        },
      });
    }),
    listener(Events.GuildAuditLogEntryCreate, async (entry, guild) => {
      const details = memberChange(entry);
      if (details) await sink.record({ guildId: guild.id, category: "roles", kind: details.kind, details });
    }),
    listener(Events.ChannelCreate, (channel) => channelEvent(sink, channel, "channel_create", {})),
    listener(Events.ChannelDelete, (channel) => {
      if (!("guild" in channel)) return Promise.resolve();
      return channelEvent(sink, channel, "channel_delete", {});
    }),
    listener(Events.ChannelUpdate, (before, after) => {
      if (!("guild" in before) || !("guild" in after)) return Promise.resolve();
      const changed = channelChanges(before, after);
      if (changed.length === 0) return Promise.resolve();
      return channelEvent(sink, after, "channel_update", { before: before.name, changed });
    }),
  ];
}

async function bulkDelete(
  sink: LogEventSink,
  messages: ReadonlyMap<Snowflake, AnyMessage>,
  channel: { id: string; guildId?: string | null },
): Promise<void> {
  if (!channel.guildId || !(await sink.logs(channel.guildId, "messages"))) return;
  const keep = await sink.keepsContent(channel.guildId);
  const listed = [...messages.values()].map((message) => ({
    id: message.id,
    authorId: message.author?.id ?? null,
    ...(keep ? { content: message.partial ? null : message.content } : {}),
  }));
  await sink.record({
    guildId: channel.guildId,
    category: "messages",
    kind: "message_bulk_delete",
    details: { channelId: channel.id, messages: listed },
  });
}

function channelEvent(
  sink: LogEventSink,
  channel: GuildBasedChannel,
  kind: string,
  details: Record<string, unknown>,
): Promise<void> {
  return sink.record({
    guildId: channel.guild.id,
    category: "channels",
    kind,
    details: { channelId: channel.id, name: channel.name, ...details },
  });
}

/** Role and nickname changes from the audit log: they name the moderator and need no cached member. */
function memberChange(entry: GuildAuditLogsEntry): ({ kind: string } & Record<string, unknown>) | undefined {
  const by = entry.executorId ?? null;
  if (entry.action === AuditLogEvent.MemberRoleUpdate) {
    const ids = (key: string) =>
      entry.changes
        .filter((change) => change.key === key)
        .flatMap((change) => (change.new ?? []) as { id: string }[]);
    const added = ids("$add").map((role) => role.id);
    const removed = ids("$remove").map((role) => role.id);
    if (added.length + removed.length === 0) return undefined;
    return { kind: "member_roles", userId: entry.targetId, added, removed, by };
  }
  if (entry.action === AuditLogEvent.MemberUpdate) {
    const nick = entry.changes.find((change) => change.key === "nick");
    if (!nick) return undefined;
    return {
      kind: "nickname",
      userId: entry.targetId,
      before: nick.old ?? null,
      after: nick.new ?? null,
      by,
    };
  }
  return undefined;
}
