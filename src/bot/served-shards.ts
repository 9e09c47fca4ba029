import type { Client } from "discord.js";

/** The gateway shards this process serves, ascending; null while "auto" has not connected any yet. */
export function servedShards(client: Client): number[] | null {
  const configured = client.options.shards;
  const shards = Array.isArray(configured) ? [...configured] : [...client.ws.shards.keys()];
  return shards.length > 0 ? shards.sort((a, b) => a - b) : null;
}
