import { generateSnowflake, snowflakeAt } from "../core/snowflake";
import type { SimMessage } from "../types";
import type { World } from "./world";

/** One message of a channel's past: who wrote it, when, and what. */
export interface PastMessage {
  authorId: string;
  /** When it was sent (ms since the epoch); its id is a snowflake of that moment. */
  at: number;
  content?: string;
  attachments?: readonly { filename: string; size: number }[];
}

/**
 * Adds messages to a guild channel as if they had been sent at their times (no gateway event: they are
 * history). Authors must be members. Returns them oldest first.
 */
export function seedHistory(world: World, channelId: string, past: readonly PastMessage[]): SimMessage[] {
  const location = world.locateChannel(channelId);
  if (!location || location.kind !== "guild") throw new Error(`no guild channel ${channelId}`);
  const messages = [...past]
    .sort((a, b) => a.at - b.at)
    .map((entry): SimMessage => {
      if (!location.guild.members.has(entry.authorId)) {
        throw new Error(`user ${entry.authorId} is not a member`);
      }
      return {
        id: snowflakeAt(entry.at),
        channelId,
        content: entry.content ?? "",
        embeds: [],
        components: [],
        flags: 0,
        ephemeral: false,
        authorId: entry.authorId,
        attachments: (entry.attachments ?? []).map((file) => ({
          id: generateSnowflake(world.clock()),
          filename: file.filename,
          size: file.size,
        })),
        createdAt: new Date(entry.at).toISOString(),
        editedAt: null,
      };
    });
  world.messages.seed(location, messages);
  return messages;
}
