import { Client, GatewayIntentBits, Partials, type ClientOptions } from "discord.js";
import { Agent } from "undici";
import type { Config } from "../config";
import { wardenCaches } from "./cache-settings";
import type { Cog } from "./cog";

/** The intents the loaded cogs asked for, plus Guilds (roles, channels and members of interactions). */
export function intentsFor(cogs: readonly Cog[]): GatewayIntentBits[] {
  const intents = new Set<GatewayIntentBits>([GatewayIntentBits.Guilds]);
  for (const cog of cogs) for (const intent of cog.intents ?? []) intents.add(intent);
  return [...intents].sort((a, b) => a - b);
}

/**
 * Which shards this process runs. Under discord.js's ShardingManager the child's environment decides;
 * otherwise SHARD_IDS/SHARD_COUNT, else Discord's recommendation ("auto").
 */
function shardOptions(config: Config, env: NodeJS.ProcessEnv): Pick<ClientOptions, "shards" | "shardCount"> {
  if (env.SHARDING_MANAGER) return {};
  // discord.js reads these itself; an empty one (which Warden treats as unset) would become 0 shards.
  for (const name of ["SHARDS", "SHARD_COUNT"]) if (env[name]?.trim() === "") delete env[name];
  const count = config.SHARD_COUNT;
  if (config.SHARD_IDS) {
    return { shards: [...config.SHARD_IDS], ...(count ? { shardCount: count } : {}) };
  }
  if (count) return { shards: Array.from({ length: count }, (_, id) => id), shardCount: count };
  return { shards: "auto" };
}

export function createClient(config: Config, cogs: readonly Cog[], env = process.env): Client {
  return new Client({
    intents: intentsFor(cogs),
    // Message: deletes and edits of messages Warden never caches still arrive (the server logs need them).
    partials: [Partials.GuildMember, Partials.User, Partials.Message],
    ...shardOptions(config, env),
    rest: {
      ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
      // Without a cap a burst of interactions opens one TCP connection per request.
      agent: new Agent({ connections: config.DISCORD_REST_CONNECTIONS, keepAliveTimeout: 30_000 }),
      timeout: config.DISCORD_REST_TIMEOUT_MS,
    },
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: wardenCaches(),
  });
}
