import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { ChannelLocks } from "../channels/channel-locks";

/** What a raid did to its guild's lockdown channels: the ones changed, and the ones it could not change. */
export interface ChannelsOutcome {
  done: string[];
  failed: string[];
}

/**
 * Locks the guild's lockdown channels at a raid's start and unlocks them at its end, through the
 * toolbox's locks and their restore rows (origin `raid`: `/lockdown end` and a raid's end each undo only
 * their own). Each channel settles on its own; a channel already locked is left as it is.
 */
@injectable()
export class RaidChannels {
  constructor(
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(ChannelLocks) private readonly locks: ChannelLocks,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  lock(client: Client<true>, guildId: string, moderatorId: string, audit: string): Promise<ChannelsOutcome> {
    return this.each(guildId, "lock", async (channelId) => {
      const request = {
        guildId,
        channelId,
        moderatorId,
        reason: audit,
        expiresAt: null,
        origin: "raid" as const,
      };
      return (await this.locks.lock(client.rest, request)) === "locked";
    });
  }

  unlock(client: Client<true>, guildId: string, audit: string): Promise<ChannelsOutcome> {
    return this.each(guildId, "unlock", async (channelId) => {
      return (await this.locks.unlock(client.rest, guildId, channelId, audit, "raid")) === "unlocked";
    });
  }

  private async each(
    guildId: string,
    kind: "lock" | "unlock",
    change: (channelId: string) => Promise<boolean>,
  ): Promise<ChannelsOutcome> {
    const { lockdownChannelIds } = await this.configs.get(guildId);
    const outcomes = await Promise.all(
      lockdownChannelIds.map(async (channelId) => {
        try {
          return (await change(channelId)) ? "done" : "unchanged";
        } catch (error) {
          this.logger.warn({ err: error, guildId, channelId, kind }, "raid channel not changed");
          return "failed";
        }
      }),
    );
    return {
      done: lockdownChannelIds.filter((_, i) => outcomes[i] === "done"),
      failed: lockdownChannelIds.filter((_, i) => outcomes[i] === "failed"),
    };
  }
}
