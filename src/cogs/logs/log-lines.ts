import { escapeMarkdown } from "discord.js";
import type { JoinInvite, StoredMessage } from "../../controllers/log-context-controller";
import type { ClaimedItem } from "../../controllers/log-outbox-controller";
import type { Translator } from "../../i18n/translator";
import type { LogFile } from "./log-packing";

export interface LineContext {
  guildId: string;
  stored: ReadonlyMap<string, StoredMessage>;
  invites: ReadonlyMap<string, JoinInvite>;
  channelNames: ReadonlyMap<string, string>;
}

export interface LogEntry {
  itemId: string;
  line: string;
  file?: LogFile;
}

const CONTENT_IN_LINE = 300;

const text = (details: Record<string, unknown>, key: string): string | null => {
  const value = details[key];
  return typeof value === "string" ? value : null;
};
const ids = (details: Record<string, unknown>, key: string): string[] => {
  const value = details[key];
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
};
const unix = (iso: string | null): number | null => (iso ? Math.floor(Date.parse(iso) / 1000) : null);
const quoted = (content: string): string =>
  `“${escapeMarkdown(content.replace(/\s+/g, " ").slice(0, CONTENT_IN_LINE))}”`;

/** One outbox item as a line in the guild's language (a bulk delete also as its own file). */
export function logEntry(item: ClaimedItem, t: Translator, context: LineContext): LogEntry {
  const at = `<t:${Math.floor(item.createdAt.getTime() / 1000)}:T>`;
  const body = describe(item, t, context);
  return { itemId: item.id, line: `${at} ${body.line}`, ...(body.file ? { file: body.file } : {}) };
}

function describe(item: ClaimedItem, t: Translator, context: LineContext): Omit<LogEntry, "itemId"> {
  const d = item.details;
  const userId = text(d, "userId") ?? "0";
  const username = escapeMarkdown(text(d, "username") ?? "?");
  const by = (): string => (text(d, "by") ? `<@${text(d, "by")}>` : t.t("logs.someone"));
  switch (item.kind) {
    case "member_join": {
      const invite = context.invites.get(userId);
      const created = unix(text(d, "createdAt")) ?? 0;
      return invite
        ? { line: t.t("logs.member_join_invited", { userId, username, created, ...invite }) }
        : { line: t.t("logs.member_join", { userId, username, created }) };
    }
    case "member_leave": {
      const joined = unix(text(d, "joinedAt"));
      return joined === null
        ? { line: t.t("logs.member_leave", { userId, username }) }
        : { line: t.t("logs.member_leave_joined", { userId, username, joined }) };
    }
    case "message_delete":
      return { line: messageDeleted(d, t, context) };
    case "message_edit":
      return { line: messageEdited(d, t, context) };
    case "message_bulk_delete":
      return bulkDeleted(item, t, context);
    case "member_roles": {
      const changes = [
        ...ids(d, "added").map((id) => `+<@&${id}>`),
        ...ids(d, "removed").map((id) => `−<@&${id}>`),
      ];
      return { line: t.t("logs.member_roles", { userId, by: by(), changes: changes.join(" ") }) };
    }
    case "nickname": {
      const nick = (key: string) => escapeMarkdown(text(d, key) ?? t.t("logs.no_nickname"));
      return {
        line: t.t("logs.nickname", { userId, by: by(), before: nick("before"), after: nick("after") }),
      };
    }
    case "channel_create":
      return {
        line: t.t("logs.channel_create", {
          channelId: text(d, "channelId") ?? "0",
          name: text(d, "name") ?? "?",
        }),
      };
    case "channel_delete":
      return { line: t.t("logs.channel_delete", { name: text(d, "name") ?? "?" }) };
    case "channel_update":
      return { line: channelUpdated(d, t) };
  }
  return { line: t.t("logs.unknown_event", { kind: item.kind }) };
}

function author(id: string | null, t: Translator): string {
  return id ? `<@${id}>` : t.t("logs.unknown_author");
}

function messageDeleted(d: Record<string, unknown>, t: Translator, context: LineContext): string {
  const messageId = text(d, "messageId") ?? "0";
  const stored = context.stored.get(messageId);
  const values = {
    author: author(text(d, "authorId") ?? stored?.authorId ?? null, t),
    channelId: text(d, "channelId") ?? "0",
  };
  if (!("content" in d)) return t.t("logs.message_delete", values);
  const content = text(d, "content") ?? stored?.content ?? null;
  return t.t("logs.message_delete_content", {
    ...values,
    content: content === null ? t.t("logs.unknown_text") : quoted(content),
  });
}

function messageEdited(d: Record<string, unknown>, t: Translator, context: LineContext): string {
  const messageId = text(d, "messageId") ?? "0";
  const channelId = text(d, "channelId") ?? "0";
  const stored = context.stored.get(messageId);
  const link = `[${t.t("logs.a_message")}](https://discord.com/channels/${context.guildId}/${channelId}/${messageId})`;
  const values = { author: author(text(d, "authorId") ?? stored?.authorId ?? null, t), channelId, link };
  if (!("after" in d)) return t.t("logs.message_edit", values);
  const shown = (content: string | null) => (content === null ? t.t("logs.unknown_text") : quoted(content));
  const before = shown(text(d, "before") ?? stored?.content ?? null);
  return t.t("logs.message_edit_content", { ...values, before, after: shown(text(d, "after")) });
}

function bulkDeleted(item: ClaimedItem, t: Translator, context: LineContext): Omit<LogEntry, "itemId"> {
  const d = item.details;
  const channelId = text(d, "channelId") ?? "0";
  const listed = Array.isArray(d.messages) ? (d.messages as Record<string, unknown>[]) : [];
  const name = `deleted-messages-${item.id}.txt`;
  const rows = listed.map((message) => {
    const id = text(message, "id") ?? "0";
    const stored = context.stored.get(id);
    const by = text(message, "authorId") ?? stored?.authorId ?? "?";
    const content =
      "content" in message ? (text(message, "content") ?? stored?.content ?? t.t("logs.unknown_text")) : "";
    return `${id}\t${by}\t${content.replace(/\r?\n/g, "\\n")}`;
  });
  const channel = context.channelNames.get(channelId) ?? channelId;
  const heading = t.t("logs.file_bulk_heading", { count: listed.length, channel });
  return {
    line: t.t("logs.message_bulk_delete", { count: listed.length, channelId, file: `\`${name}\`` }),
    file: { name, text: [heading, "", ...rows].join("\n") },
  };
}

function channelUpdated(d: Record<string, unknown>, t: Translator): string {
  const changes = ids(d, "changed").map((change) => {
    if (change === "name")
      return t.t("logs.change_name", { before: escapeMarkdown(text(d, "before") ?? "?") });
    if (change === "topic") return t.t("logs.change_topic");
    if (change === "slowmode") return t.t("logs.change_slowmode");
    if (change === "category") return t.t("logs.change_category");
    return t.t("logs.change_permissions");
  });
  return t.t("logs.channel_update", { channelId: text(d, "channelId") ?? "0", changes: t.list(changes) });
}
