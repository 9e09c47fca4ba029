import type { APIEmbed } from "discord.js";
import type { MessageLogEntry } from "../../entities";

/** How many of the target's logged messages `/case show` adds, when the guild keeps a message log. */
export const RECENT_MESSAGES = 5;

/** The target's last logged messages, for context (only in guilds that turned the message log on). */
export function recentMessagesEmbed(targetId: string, messages: readonly MessageLogEntry[]): APIEmbed {
  const lines = messages.map((message) => {
    const unix = Math.floor(message.createdAt.getTime() / 1000);
    const text = message.content.replace(/\s+/g, " ").trim();
    return `<t:${unix}:f> <#${message.channelId}> ${text.length > 180 ? `${text.slice(0, 179)}…` : text}`;
  });
  return { title: "Recent messages", description: [`<@${targetId}>`, ...lines].join("\n").slice(0, 4096) };
}
