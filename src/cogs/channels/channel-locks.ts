import { OverwriteType, Routes, type APIGuildChannel, type GuildChannelType, type REST } from "discord.js";
import { inject, injectable } from "tsyringe";
import { ChannelRestoreController } from "../../controllers/channel-restore-controller";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { deniesAll, lockedOverwrite, restoreLock, type EveryoneOverwrite } from "./lock-state";

export interface LockRequest {
  guildId: string;
  channelId: string;
  moderatorId: string;
  /** The audit-log reason. */
  reason: string;
  /** When the restorer unlocks it; null: only by hand. */
  expiresAt: Date | null;
}

export type LockResult = "locked" | "already_locked" | "denied_by_hand";
export type UnlockResult = "unlocked" | "not_locked" | "busy";

/**
 * Locks and unlocks a channel for @everyone. The overwrite before the lock is read from Discord and
 * written to a `channel_restores` row held by a claim before Discord is changed (so neither an unlock nor
 * the restorer can take it half made); a refused change removes the row again. An unlock claims the row,
 * puts the overwrite back, and removes the row only then. Discord errors are thrown to the caller.
 */
@injectable()
export class ChannelLocks {
  constructor(
    @inject(ChannelRestoreController) private readonly restores: ChannelRestoreController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async lock(rest: REST, request: LockRequest): Promise<LockResult> {
    const { guildId, channelId } = request;
    if (await this.restores.find(guildId, channelId, "lock")) return "already_locked";
    const previous = await everyoneOverwrite(rest, guildId, channelId);
    if (deniesAll(previous)) return "denied_by_hand";
    const claim = await this.restores.addHeld({
      guildId,
      channelId,
      kind: "lock",
      previousAllow: previous?.allow ?? null,
      previousDeny: previous?.deny ?? null,
      moderatorId: request.moderatorId,
      expiresAt: request.expiresAt,
    });
    if (!claim) return "already_locked";
    const body = { type: OverwriteType.Role, ...lockedOverwrite(previous) };
    try {
      await rest.put(Routes.channelPermission(channelId, guildId), { body, reason: request.reason });
    } catch (error) {
      await this.restores.settle(claim, () => Promise.resolve());
      throw error;
    }
    await this.restores.release(claim);
    this.logger.info({ guildId, channelId, until: request.expiresAt }, "channel locked");
    return "locked";
  }

  async unlock(rest: REST, guildId: string, channelId: string, reason: string): Promise<UnlockResult> {
    const claim = await this.restores.claimOne(guildId, channelId, "lock");
    if (!claim) return (await this.restores.find(guildId, channelId, "lock")) ? "busy" : "not_locked";
    try {
      await restoreLock(rest, claim.row, reason);
    } catch (error) {
      await this.restores.release(claim);
      throw error;
    }
    await this.restores.settle(claim, () => Promise.resolve());
    this.logger.info({ guildId, channelId }, "channel unlocked");
    return "unlocked";
  }
}

/** The channel's @everyone overwrite as Discord has it now (not the cache: the restore must be exact). */
async function everyoneOverwrite(
  rest: REST,
  guildId: string,
  channelId: string,
): Promise<EveryoneOverwrite | null> {
  const channel = (await rest.get(Routes.channel(channelId))) as APIGuildChannel<GuildChannelType>;
  const found = channel.permission_overwrites?.find((overwrite) => overwrite.id === guildId);
  return found ? { allow: found.allow, deny: found.deny } : null;
}
