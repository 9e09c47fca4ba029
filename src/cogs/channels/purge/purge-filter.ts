import type { APIMessage } from "discord.js";

/** What a purge deletes: every condition given must hold (none given: every message). */
export interface PurgeFilters {
  userId?: string;
  contains?: string;
  bots?: boolean;
  links?: boolean;
  attachments?: boolean;
}

const LINK = /\bhttps?:\/\/\S|\bdiscord\.gg\/\S/i;

export function matchesFilters(message: APIMessage, filters: PurgeFilters): boolean {
  if (filters.userId !== undefined && message.author.id !== filters.userId) return false;
  if (filters.bots && !message.author.bot) return false;
  if (filters.links && !LINK.test(message.content)) return false;
  if (filters.attachments && message.attachments.length === 0) return false;
  if (filters.contains !== undefined) {
    return message.content.toLowerCase().includes(filters.contains.toLowerCase());
  }
  return true;
}

/** The filters as one line for the mod log and the reply, e.g. `user:@bob contains:"free nitro" bots`. */
export function describeFilters(filters: PurgeFilters, window: { before?: string; after?: string }): string {
  const parts: string[] = [];
  if (filters.userId !== undefined) parts.push(`user:<@${filters.userId}>`);
  if (filters.contains !== undefined) parts.push(`contains:${JSON.stringify(filters.contains)}`);
  if (filters.bots) parts.push("bots");
  if (filters.links) parts.push("links");
  if (filters.attachments) parts.push("attachments");
  if (window.before !== undefined) parts.push(`before:${window.before}`);
  if (window.after !== undefined) parts.push(`after:${window.after}`);
  return parts.join(" ");
}
