import type { APIEmbed, APIEmbedField, MessageCreateOptions } from "discord.js";
import type { Translator } from "../../i18n/translator";

export interface LockEntry {
  kind: "lock" | "unlock";
  channelId: string;
  moderatorId: string;
  reason: string | undefined;
  /** When a timed lock unlocks by itself. */
  until: Date | null;
}

function reasonField(reason: string | undefined, t: Translator): APIEmbedField {
  return { name: t.t("channels.log_field_reason"), value: reason ?? t.t("channels.log_no_reason") };
}

/** The mod log's Lock / Unlock entry (not a case: no member's standing changes). */
export function lockLogEntry(entry: LockEntry, t: Translator): MessageCreateOptions {
  const fields: APIEmbedField[] = [
    { name: t.t("channels.log_field_channel"), value: `<#${entry.channelId}>`, inline: true },
    { name: t.t("channels.log_field_moderator"), value: `<@${entry.moderatorId}>`, inline: true },
  ];
  if (entry.until) {
    const at = Math.floor(entry.until.getTime() / 1000);
    fields.push({ name: t.t("channels.log_field_until"), value: `<t:${at}:f>`, inline: true });
  }
  fields.push(reasonField(entry.reason, t));
  const title = entry.kind === "lock" ? t.t("channels.log_lock_title") : t.t("channels.log_unlock_title");
  const embed: APIEmbed = { title, fields, timestamp: new Date().toISOString() };
  return { embeds: [embed] };
}

export interface LockdownEntry {
  kind: "start" | "end";
  moderatorId: string;
  reason: string | undefined;
  /** Channels locked (start) or unlocked (end). */
  done: readonly string[];
  /** Channels left as they were, already so. */
  unchanged: readonly string[];
  /** Channels `end` left locked: `/lock` locked them, `/unlock` opens them. */
  kept: readonly string[];
  /** One line per channel that failed. */
  failures: readonly string[];
}

const mentions = (ids: readonly string[], t: Translator): string =>
  ids.length > 0 ? ids.map((id) => `<#${id}>`).join(", ") : t.t("channels.log_none");

/** One mod-log entry for a whole lockdown start or end. */
export function lockdownLogEntry(entry: LockdownEntry, t: Translator): MessageCreateOptions {
  const start = entry.kind === "start";
  const fields: APIEmbedField[] = [
    { name: t.t("channels.log_field_moderator"), value: `<@${entry.moderatorId}>` },
    {
      name: start ? t.t("channels.log_field_locked") : t.t("channels.log_field_unlocked"),
      value: fit(mentions(entry.done, t)),
    },
  ];
  const left = [...entry.unchanged, ...entry.kept];
  if (left.length > 0)
    fields.push({ name: t.t("channels.log_field_unchanged"), value: fit(mentions(left, t)) });
  if (entry.failures.length > 0)
    fields.push({ name: t.t("channels.log_field_failed"), value: fit(entry.failures.join("\n")) });
  fields.push(reasonField(entry.reason, t));
  const title = start ? t.t("channels.log_lockdown_start_title") : t.t("channels.log_lockdown_end_title");
  return { embeds: [{ title, fields, timestamp: new Date().toISOString() }] };
}

function fit(text: string): string {
  return text.length <= 1024 ? text : `${text.slice(0, 1023)}…`;
}
