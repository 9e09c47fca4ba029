import { PermissionFlagsBits, type GuildBasedChannel, type GuildMember, type Message } from "discord.js";
import { UserError } from "../../errors/user-error";
import { missingInChannel } from "../channels/member-rights";
import type { Evidence } from "./report-filing";

const LINK =
  /^https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20})\/(\d{17,20})\/(\d{17,20})\/?$/;

export const messageLink = (guildId: string, channelId: string, messageId: string): string =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

/** A message as evidence: its link, and its text as it reads now. */
export function evidenceOf(message: Message, guildId: string): Evidence {
  return { link: messageLink(guildId, message.channelId, message.id), content: message.content || null };
}

const READ = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

/**
 * The message a /report links to: it must be a message of this server by the member reported, in a channel
 * the reporter can read (else refused the same way whether or not the message exists: Warden's sight must
 * not become theirs). When Warden cannot read it (no access, deleted), the link is kept alone.
 */
export async function linkedEvidence(
  reporter: GuildMember,
  text: string,
  targetId: string,
): Promise<Evidence> {
  const guild = reporter.guild;
  const link = LINK.exec(text.trim());
  if (!link || link[1] !== guild.id) throw new UserError("reports.message_link_format");
  const [, , channelId, messageId] = link as unknown as [string, string, string, string];
  const evidence = { link: messageLink(guild.id, channelId, messageId), content: null };
  const channel = await guild.channels.fetch(channelId).catch(() => null);
  if (!channel?.isTextBased()) return evidence;
  if (!canRead(channel, reporter)) throw new UserError("reports.message_unreadable", { channelId });
  const message = await channel.messages.fetch(messageId).catch(() => null);
  if (!message) return evidence;
  if (message.author.id !== targetId) throw new UserError("reports.message_not_theirs");
  return evidenceOf(message, guild.id);
}

/** View Channel and Read Message History, with the overwrites (a thread's are its parent's). */
function canRead(channel: GuildBasedChannel, member: GuildMember): boolean {
  const scope = channel.isThread() ? channel.parent : channel;
  return scope !== null && missingInChannel(scope, member, READ, false) === 0n;
}
