import type { APIEmbed } from "discord.js";
import type { MessageLogEntry } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { discordTime, mention } from "./case-lines";

/** How many of the target's logged messages `/case show` adds, when the guild keeps a message log. */
export const RECENT_MESSAGES = 5;

/** The target's last logged messages, for context (only in guilds that turned the message log on). */
export function recentMessagesEmbed(
  t: Translator,
  targetId: string,
  messages: readonly MessageLogEntry[],
): APIEmbed {
  const lines = messages.map((message) => {
    const text = message.content.replace(/\s+/g, " ").trim();
    const shown = text.length > 180 ? `${text.slice(0, 179)}…` : text;
    return `${discordTime(message.createdAt, "f")} <#${message.channelId}> ${shown}`;
  });
  return {
    title: t.t("cases.recent_messages_title"),
    description: [mention(targetId), ...lines].join("\n").slice(0, 4096),
  };
}
