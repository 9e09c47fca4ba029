import {
  DiscordAPIError,
  OverwriteType,
  Routes,
  type APIGuildChannel,
  type GuildChannelType,
  type REST,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import { ChannelRestoreController, type RestoreClaim } from "../../controllers/channel-restore-controller";
import { ConflictError } from "../../errors/database-errors";
import type { ChannelRestoreOrigin } from "../../entities/channel-restore";
import { UserError } from "../../errors/user-error";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { deniesAll, lockedOverwrite, restoreLock, type EveryoneOverwrite } from "./lock-state";
import { RestoreRetries } from "./restore-retries";

export interface LockRequest {
  guildId: string;
  channelId: string;
  moderatorId: string;
  /** The audit-log reason. */
  reason: string;
  /** When the restorer unlocks it; null: only by hand. */
  expiresAt: Date | null;
  /** `/lock` or `/lockdown start`: `/lockdown end` unlocks only its own. */
  origin: ChannelRestoreOrigin;
}

export type LockResult = "locked" | "already_locked" | "denied_by_hand";
/** `not_ours`: locked, but not by the origin the unlock asked for. */
export type UnlockResult = "unlocked" | "not_locked" | "busy" | "not_ours";
/** Whether a change Discord did not confirm shows in the channel. */
export type Landed = "yes" | "no" | "unknown";

/**
 * Locks and unlocks a channel for @everyone. A lock reads the overwrite before from Discord and writes it
 * to a `channel_restores` row held by a claim before Discord is changed (no unlock or restorer takes it
 * half made); an unlock claims and removes the row before Discord is changed, and writes it back if
 * Discord refused (both retried in the background if the database fails then). So a database failing after
 * Discord answered leaves records that agree with Discord. When Discord fails without a clear answer (a
 * server error, no answer in time), its state decides.
 */
@injectable()
export class ChannelLocks {
  constructor(
    @inject(ChannelRestoreController) private readonly restores: ChannelRestoreController,
    @inject(RestoreRetries) private readonly retries: RestoreRetries,
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
      origin: request.origin,
    });
    if (!claim) return "already_locked";
    const locked = lockedOverwrite(previous);
    try {
      const body = { type: OverwriteType.Role, ...locked };
      await rest.put(Routes.channelPermission(channelId, guildId), { body, reason: request.reason });
    } catch (error) {
      const landed = await this.landedAnyway(rest, error, guildId, channelId, locked);
      if (landed === "unknown") {
        // Maybe locked: the row stays, so /unlock or the restorer can put the overwrite back.
        await this.letGo(claim);
        throw unknown(channelId);
      }
      if (landed === "no") {
        await this.retries.now("dropping the row of a refused lock", { guildId, channelId }, () =>
          this.restores.settle(claim, () => Promise.resolve()),
        );
        throw error instanceof DiscordAPIError && error.status < 500 ? error : unclear(channelId);
      }
    }
    await this.letGo(claim);
    this.logger.info({ guildId, channelId, until: request.expiresAt }, "channel locked");
    return "locked";
  }

  /** Unlocks a channel locked by any command, or (`only`) by that one alone. */
  async unlock(
    rest: REST,
    guildId: string,
    channelId: string,
    reason: string,
    only: ChannelRestoreOrigin | null = null,
  ): Promise<UnlockResult> {
    const claim = await this.restores.claimOne(guildId, channelId, "lock", only);
    if (!claim) {
      const row = await this.restores.find(guildId, channelId, "lock");
      if (!row) return "not_locked";
      return only !== null && row.origin !== only ? "not_ours" : "busy";
    }
    if (!(await this.restores.settle(claim, () => Promise.resolve()))) return "busy";
    const { row } = claim;
    const previous =
      row.previousAllow === null || row.previousDeny === null
        ? null
        : { allow: row.previousAllow, deny: row.previousDeny };
    try {
      await restoreLock(rest, row, reason);
    } catch (error) {
      const landed = await this.landedAnyway(rest, error, guildId, channelId, previous);
      // Maybe unlocked: the row is written back all the same (putting back what is back already is harmless).
      if (landed !== "yes") {
        const { previousAllow, previousDeny, moderatorId, expiresAt, origin } = row;
        const again = {
          guildId,
          channelId,
          kind: row.kind,
          previousAllow,
          previousDeny,
          moderatorId,
          expiresAt,
          origin,
        };
        await this.retries.now("writing back the row of a refused unlock", { guildId, channelId }, () =>
          this.restores.add(again).catch((error: unknown) => {
            if (!(error instanceof ConflictError)) throw error;
            // The overwrite to put back is lost to Warden: logged so a person can.
            this.logger.error(
              { guildId, channelId, previous, err: error },
              "lock row could not be written back",
            );
          }),
        );
        if (landed === "unknown") throw unknown(channelId);
        throw error instanceof DiscordAPIError && error.status < 500 ? error : unclear(channelId);
      }
    }
    this.logger.info({ guildId, channelId }, "channel unlocked");
    return "unlocked";
  }

  /**
   * After an error, whether Discord shows the overwrite as wanted (it acted, but the answer was lost);
   * `unknown` when that cannot be read either.
   */
  private async landedAnyway(
    rest: REST,
    error: unknown,
    guildId: string,
    channelId: string,
    wanted: EveryoneOverwrite | null,
  ): Promise<Landed> {
    if (error instanceof DiscordAPIError && error.status < 500) return "no";
    const now = await everyoneOverwrite(rest, guildId, channelId).catch(() => undefined);
    if (now === undefined) return "unknown";
    return now?.allow === wanted?.allow && now?.deny === wanted?.deny ? "yes" : "no";
  }

  /** Gives the lock row up to unlocks and the restorer; if the database fails, its lease runs out instead. */
  private async letGo(claim: RestoreClaim): Promise<void> {
    await this.restores.release(claim).catch((error: unknown) => {
      this.logger.warn({ channelId: claim.row.channelId, err: error }, "lock row held until its lease ends");
    });
  }
}

function unclear(channelId: string): UserError {
  return new UserError("channels.discord_failed", { channelId });
}

/** Discord did not answer and the channel could not be read back: the change may have been made. */
export function unknown(channelId: string): UserError {
  return new UserError("channels.discord_unknown", { channelId });
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
