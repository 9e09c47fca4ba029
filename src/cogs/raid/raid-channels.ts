import { PermissionFlagsBits, type Client, type GuildBasedChannel } from "discord.js";
import { inject, injectable } from "tsyringe";
import { ChannelRestoreController } from "../../controllers/channel-restore-controller";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { ChannelLocks } from "../channels/channel-locks";
import { LOCK_MEMBER_PERMISSIONS, missingInChannel } from "../channels/member-rights";

/** A raid's unlock that failed is tried again by the channel restorer after this long. */
const UNLOCK_RETRY_MS = 60_000;

/** What a raid did to its guild's lockdown channels: the ones changed, and the ones it could not change. */
export interface ChannelsOutcome {
  done: string[];
  failed: string[];
  /** Left alone: the moderator who started the raid may not lock them by hand (as with `/lockdown`). */
  notAllowed?: string[];
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
    @inject(ChannelRestoreController) private readonly restores: ChannelRestoreController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /**
   * Locks the lockdown channels; a raid a moderator started locks only those they could lock by hand
   * (checked again whenever the start is done again, so a takeover never locks more).
   */
  async lock(
    client: Client<true>,
    guildId: string,
    startedBy: string | null,
    audit: string,
  ): Promise<ChannelsOutcome> {
    const moderatorId = startedBy ?? client.user.id;
    const notAllowed = startedBy ? await this.notAllowed(client, guildId, startedBy) : new Set<string>();
    const outcome = await this.each(guildId, "lock", async (channelId) => {
      if (notAllowed.has(channelId)) return "not allowed";
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
    return notAllowed.size > 0 ? { ...outcome, notAllowed: [...notAllowed] } : outcome;
  }

  /** The lockdown channels the member may not lock by hand: not seen, or without the rights there. */
  private async notAllowed(client: Client<true>, guildId: string, userId: string): Promise<Set<string>> {
    const { lockdownChannelIds, moderatorRoleIds } = await this.configs.get(guildId);
    const guild = client.guilds.cache.get(guildId);
    const member =
      guild?.members.cache.get(userId) ?? (await guild?.members.fetch(userId).catch(() => null)) ?? null;
    const moderator = moderatorRoleIds.some(
      (roleId) => roleId !== guildId && member?.roles.cache.has(roleId),
    );
    const refused = new Set<string>();
    for (const channelId of lockdownChannelIds) {
      const channel: GuildBasedChannel | undefined = guild?.channels.cache.get(channelId);
      if (!member || !channel?.isTextBased()) {
        if (!member) refused.add(channelId); // cannot tell: never lock on their behalf
        continue; // a channel that is gone fails on its own
      }
      const unseen = missingInChannel(channel, member, PermissionFlagsBits.ViewChannel, false);
      const missing = missingInChannel(channel, member, LOCK_MEMBER_PERMISSIONS, moderator);
      if ((unseen | missing) !== 0n) refused.add(channelId);
    }
    return refused;
  }

  /**
   * Unlocks what the raid locked. A channel that could not be unlocked is handed to the channel restorer,
   * which tries it again shortly (backing off, and telling the mod log if Discord keeps refusing).
   */
  async unlock(client: Client<true>, guildId: string, audit: string): Promise<ChannelsOutcome> {
    const outcome = await this.each(guildId, "unlock", async (channelId) => {
      return (await this.locks.unlock(client.rest, guildId, channelId, audit, "raid")) === "unlocked";
    });
    await Promise.all(
      outcome.failed.map((channelId) =>
        this.restores.retryUnlock(guildId, channelId, "raid", UNLOCK_RETRY_MS).catch((error: unknown) => {
          this.logger.warn({ err: error, guildId, channelId }, "raid unlock not scheduled for a retry");
        }),
      ),
    );
    return outcome;
  }

  private async each(
    guildId: string,
    kind: "lock" | "unlock",
    change: (channelId: string) => Promise<boolean | "not allowed">,
  ): Promise<ChannelsOutcome> {
    const { lockdownChannelIds } = await this.configs.get(guildId);
    const outcomes = await Promise.all(
      lockdownChannelIds.map(async (channelId) => {
        try {
          const changed = await change(channelId);
          return changed === true ? "done" : "unchanged";
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
