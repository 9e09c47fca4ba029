import { PermissionFlagsBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { ResolvedChannel } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import { formatDuration } from "../../bot/duration";
import type { Reply } from "../../bot/interactions/reply";
import { UserError } from "../../errors/user-error";
import { ModLog } from "../cases/mod-log";
import { requireBotPermissions, targetChannel } from "./channel-access";
import { ChannelLocks } from "./channel-locks";
import { channelRefusal } from "./discord-refusal";
import { lockLogEntry } from "./lock-log";
import { LOCK_MEMBER_PERMISSIONS, MemberChannelRights } from "./member-rights";

/** A timed lock unlocks by itself at most a month later. */
export const MAX_LOCK_DURATION_MS = 30 * 86_400_000;
/** Overwrites are Manage Roles' (Discord's "Manage Permissions" in a channel). */
export const LOCK_BOT_PERMISSIONS = PermissionFlagsBits.ManageRoles;

/** The audit-log reason: who, and why when given. */
export function auditReason(
  id: "channels.lock_audit" | "channels.unlock_audit" | "channels.lockdown_audit",
  context: GuildCommandContext,
  reason: string | undefined,
): string {
  const who = context.t.t(id, { moderator: context.user.username });
  return reason === undefined ? who : `${who}: ${reason}`;
}

/** `/lock` and `/unlock` of one channel (this one or the given one). */
@injectable()
export class LockCommandHandler {
  constructor(
    @inject(ChannelLocks) private readonly locks: ChannelLocks,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(MemberChannelRights) private readonly rights: MemberChannelRights,
  ) {}

  async lock(
    context: GuildCommandContext,
    args: { channel: ResolvedChannel | undefined; duration: number | undefined; reason: string | undefined },
  ): Promise<Reply> {
    const channel = targetChannel(context, args.channel);
    requireBotPermissions(context, channel, LOCK_BOT_PERMISSIONS);
    await this.rights.require(context, channel, LOCK_MEMBER_PERMISSIONS);
    const until = args.duration === undefined ? null : new Date(Date.now() + args.duration);
    const { client } = context.interaction;
    const result = await this.locks
      .lock(client.rest, {
        guildId: context.guildId,
        channelId: channel.id,
        moderatorId: context.user.id,
        reason: auditReason("channels.lock_audit", context, args.reason),
        expiresAt: until,
        origin: "command",
      })
      .catch((error: unknown) => channelRefusal(error, context.t.t("permission.ManageRoles"), channel.id));
    if (result === "already_locked")
      throw new UserError("channels.already_locked", { channelId: channel.id });
    if (result === "denied_by_hand")
      throw new UserError("channels.denied_by_hand", { channelId: channel.id });
    const entry = {
      kind: "lock",
      channelId: channel.id,
      moderatorId: context.user.id,
      reason: args.reason,
      until,
    } as const;
    await this.modLog.post(client, context.guildId, (t) => lockLogEntry(entry, t));
    const locked = context.t.t("channels.locked", { channelId: channel.id });
    if (args.duration === undefined) return { content: locked };
    return {
      content: `${locked} ${context.t.t("channels.locked_until", { duration: formatDuration(args.duration) })}`,
    };
  }

  async unlock(
    context: GuildCommandContext,
    args: { channel: ResolvedChannel | undefined; reason: string | undefined },
  ): Promise<Reply> {
    const channel = targetChannel(context, args.channel);
    requireBotPermissions(context, channel, LOCK_BOT_PERMISSIONS);
    await this.rights.require(context, channel, LOCK_MEMBER_PERMISSIONS);
    const { client } = context.interaction;
    const reason = auditReason("channels.unlock_audit", context, args.reason);
    const result = await this.locks
      .unlock(client.rest, context.guildId, channel.id, reason)
      .catch((error: unknown) => channelRefusal(error, context.t.t("permission.ManageRoles"), channel.id));
    if (result === "not_locked") throw new UserError("channels.not_locked", { channelId: channel.id });
    if (result === "busy") throw new UserError("channels.unlock_busy", { channelId: channel.id });
    const entry = {
      kind: "unlock",
      channelId: channel.id,
      moderatorId: context.user.id,
      reason: args.reason,
      until: null,
    } as const;
    await this.modLog.post(client, context.guildId, (t) => lockLogEntry(entry, t));
    return { content: context.t.t("channels.unlocked", { channelId: channel.id }) };
  }
}
