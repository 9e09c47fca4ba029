import { AttachmentBuilder, type APIEmbed, type APIMessage, type MessageCreateOptions } from "discord.js";
import type { Translator } from "../../../i18n/translator";
import type { PurgeOutcome, PurgeStop } from "./purge-runner";

/** What the reply and the mod-log entry say about one purge. */
export interface PurgeSummary {
  outcome: PurgeOutcome;
  channelId: string;
  moderatorId: string;
  /** The filters as one line, or "" for none. */
  filters: string;
}

/** The moderator's answer: counts, and why it stopped early if it did. */
export function purgeReply(summary: PurgeSummary, t: Translator): string {
  const { outcome, channelId } = summary;
  const lines = [t.t("channels.purge_done", { count: outcome.deleted, channelId })];
  if (outcome.old > 0) lines.push(t.t("channels.purge_old", { count: outcome.old }));
  if (outcome.skipped > 0) lines.push(t.t("channels.purge_skipped", { count: outcome.skipped }));
  if (outcome.stopped) lines.push(stopLine(outcome.stopped, t));
  return lines.join("\n");
}

/** The progress line shown while a long purge runs. */
export function purgeProgress(outcome: Readonly<PurgeOutcome>, count: number, t: Translator): string {
  return t.t("channels.purge_progress", { deleted: outcome.deleted, count, scanned: outcome.scanned });
}

function stopLine(stop: PurgeStop, t: Translator): string {
  switch (stop.kind) {
    case "permission":
      return t.t("channels.purge_stopped_permission");
    case "channel_gone":
      return t.t("channels.purge_stopped_channel_gone");
    case "rate_limited":
      return t.t("channels.purge_stopped_rate_limited");
    case "unanswered":
      return t.t("channels.purge_stopped_unanswered");
    case "failed":
      return t.t("channels.purge_stopped_failed", { detail: stop.detail });
  }
}

/** The mod log's Purge entry (not a case: it changes no member's standing), with the transcript if kept. */
export function purgeLogEntry(
  summary: PurgeSummary,
  transcript: boolean,
  t: Translator,
): MessageCreateOptions {
  const { outcome } = summary;
  const fields = [
    { name: t.t("channels.log_field_channel"), value: `<#${summary.channelId}>`, inline: true },
    { name: t.t("channels.log_field_moderator"), value: `<@${summary.moderatorId}>`, inline: true },
    { name: t.t("channels.log_field_deleted"), value: String(outcome.deleted), inline: true },
    { name: t.t("channels.log_field_old"), value: String(outcome.old), inline: true },
    { name: t.t("channels.log_field_skipped"), value: String(outcome.skipped), inline: true },
    { name: t.t("channels.log_field_filters"), value: summary.filters || t.t("channels.log_no_filters") },
  ];
  if (outcome.stopped)
    fields.push({ name: t.t("channels.log_field_stopped"), value: stopLine(outcome.stopped, t) });
  const embed: APIEmbed = {
    title: t.t("channels.log_purge_title"),
    fields,
    timestamp: new Date().toISOString(),
  };
  if (!transcript || outcome.messages.length === 0) return { embeds: [embed] };
  const file = new AttachmentBuilder(Buffer.from(transcriptText(summary, outcome.messages), "utf8"), {
    name: `purge-${summary.channelId}.txt`,
  });
  return { embeds: [embed], files: [file] };
}

/** One line per deleted message, oldest first: time, author, content, attachment URLs. */
export function transcriptText(summary: PurgeSummary, messages: readonly APIMessage[]): string {
  const header = `# purge of channel ${summary.channelId} by ${summary.moderatorId}; filters: ${summary.filters || "none"}`;
  const lines = messages.map((message) => {
    const files = message.attachments.map((attachment) => ` [${attachment.url}]`).join("");
    const content = message.content.replace(/\r?\n/g, "\n    ");
    return `[${message.timestamp}] ${message.author.username} (${message.author.id}): ${content}${files}`;
  });
  return `${[header, ...lines].join("\n")}\n`;
}
