import type { GatewayDispatchEvents } from "discord-api-types/v10";
import type { SimGuild } from "./guild";

/** Where the world reports changes Discord would announce on the gateway. */
export interface WorldEvents {
  /** `guildId` null = a DM event (delivered to shard 0). */
  dispatch(event: GatewayDispatchEvents, data: unknown, guildId: string | null): void;
  /** The bot joined a guild: GUILD_CREATE to the shard that owns it. */
  guildJoined(guild: SimGuild): void;
}
