import type { DiscordSimulator, SimGuild } from "../../simulator";
import { seededRandom } from "./random";

export interface ChatStreamOptions {
  /** Messages per second, across all guilds. */
  rate: number;
  count: number;
  seed: number;
}

export interface ChatStreamResult {
  posted: number;
  /** How far behind its timetable the stream fell at worst (a stalled event loop), in ms. */
  maxLateMs: number;
}

interface Speaker {
  channels: string[];
  members: string[];
}

const TICK_MS = 10;
const WORDS = [
  "hello",
  "anyone",
  "here",
  "the",
  "raid",
  "tonight",
  "gg",
  "lol",
  "patch",
  "notes",
  "wait",
  "what",
];

/**
 * Members chatting: each message in a random guild, channel and member (never the bot), open loop at
 * `rate`, with a few words of content (the bots run with the MessageContent intent).
 */
export async function chatStream(
  sim: DiscordSimulator,
  guilds: readonly SimGuild[],
  options: ChatStreamOptions,
): Promise<ChatStreamResult> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const speakers: Speaker[] = guilds.map((guild) => ({
    channels: [...guild.channels.keys()],
    members: [...guild.members.keys()].filter((id) => id !== sim.botUser.id),
  }));
  const start = performance.now();
  let posted = 0;
  let maxLateMs = 0;
  while (posted < options.count) {
    const now = performance.now();
    const due = Math.min(options.count, Math.floor(((now - start) / 1000) * options.rate) + 1);
    if (due > posted) maxLateMs = Math.max(maxLateMs, now - (start + (posted / options.rate) * 1000));
    for (; posted < due; posted += 1) {
      const speaker = pick(speakers);
      const words = Array.from({ length: 3 + Math.floor(random() * 12) }, () => pick(WORDS));
      sim.postMessage({
        channelId: pick(speaker.channels),
        userId: pick(speaker.members),
        content: words.join(" "),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  return { posted, maxLateMs };
}
