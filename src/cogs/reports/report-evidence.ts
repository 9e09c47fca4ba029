import type { Guild, Message } from "discord.js";
import { UserError } from "../../errors/user-error";
import type { Evidence } from "./report-filing";

const LINK =
  /^https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20})\/(\d{17,20})\/(\d{17,20})\/?$/;

export const messageLink = (guildId: string, channelId: string, messageId: string): string =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

/** A message as evidence: its link, and its text as it reads now. */
export function evidenceOf(message: Message, guildId: string): Evidence {
  return { link: messageLink(guildId, message.channelId, message.id), content: message.content || null };
}

/**
 * The message a /report links to: it must be a message of this server by the member reported. When Warden
 * cannot read it (no access, deleted), the link is kept alone.
 */
export async function linkedEvidence(guild: Guild, text: string, targetId: string): Promise<Evidence> {
  const link = LINK.exec(text.trim());
  if (!link || link[1] !== guild.id) throw new UserError("reports.message_link_format");
  const [, , channelId, messageId] = link as unknown as [string, string, string, string];
  const evidence = { link: messageLink(guild.id, channelId, messageId), content: null };
  const channel = await guild.channels.fetch(channelId).catch(() => null);
  if (!channel?.isTextBased()) return evidence;
  const message = await channel.messages.fetch(messageId).catch(() => null);
  if (!message) return evidence;
  if (message.author.id !== targetId) throw new UserError("reports.message_not_theirs");
  return evidenceOf(message, guild.id);
}
