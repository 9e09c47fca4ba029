import type { GuildTextBasedChannel } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { UserError } from "../../errors/user-error";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { ModLog } from "../cases/mod-log";
import { requireBotPermissions } from "./channel-access";
import { ChannelLocks } from "./channel-locks";
import { channelRefusal } from "./discord-refusal";
import { auditReason, LOCK_BOT_PERMISSIONS } from "./lock-command";
import { lockdownLogEntry, type LockdownEntry } from "./lock-log";
import { LOCK_MEMBER_PERMISSIONS, MemberChannelRights } from "./member-rights";

/** `kept`: locked by `/lock`, which `/lockdown end` leaves to `/unlock`. */
type Outcome = "done" | "unchanged" | "kept" | { failure: string };

/**
 * `/lockdown start|end`: locks (or unlocks) every lockdown channel, each on its own: a channel that fails
 * (gone, refused, Discord down, or one the moderator may not lock by hand) is listed and the others go
 * on. `end` unlocks only what a lockdown locked, not channels locked with `/lock`. One mod-log entry sums
 * it up.
 */
@injectable()
export class LockdownCommandHandler {
  constructor(
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(ChannelLocks) private readonly locks: ChannelLocks,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(MemberChannelRights) private readonly rights: MemberChannelRights,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(context: GuildCommandContext, kind: "start" | "end", reason: string | undefined): Promise<Reply> {
    const { lockdownChannelIds } = await this.configs.get(context.guildId);
    if (lockdownChannelIds.length === 0) throw new UserError("channels.lockdown_none");
    await context.defer({ ephemeral: true });
    const audit = auditReason("channels.lockdown_audit", context, reason);
    const outcomes = await Promise.all(
      lockdownChannelIds.map((channelId) => this.settleOne(context, kind, channelId, audit)),
    );
    const entry: LockdownEntry = {
      kind,
      moderatorId: context.user.id,
      reason,
      done: lockdownChannelIds.filter((_, i) => outcomes[i] === "done"),
      unchanged: lockdownChannelIds.filter((_, i) => outcomes[i] === "unchanged"),
      kept: lockdownChannelIds.filter((_, i) => outcomes[i] === "kept"),
      failures: outcomes.flatMap((outcome) => (typeof outcome === "object" ? [outcome.failure] : [])),
    };
    this.logger.info(
      { guildId: context.guildId, kind, done: entry.done.length, failed: entry.failures.length },
      "lockdown settled",
    );
    await this.modLog.post(context.interaction.client, context.guildId, (t) => lockdownLogEntry(entry, t));
    return { content: lockdownReply(entry, context) };
  }

  private async settleOne(
    context: GuildCommandContext,
    kind: "start" | "end",
    channelId: string,
    reason: string,
  ): Promise<Outcome> {
    const { guildId, t } = context;
    const { rest } = context.interaction.client;
    try {
      const channel = context.guild.channels.cache.get(channelId);
      if (!channel?.isTextBased()) throw new UserError("channels.gone", { channelId });
      requireBotPermissions(context, channel as GuildTextBasedChannel, LOCK_BOT_PERMISSIONS);
      await this.rights.require(context, channel as GuildTextBasedChannel, LOCK_MEMBER_PERMISSIONS);
      const refusal = (error: unknown) => channelRefusal(error, t.t("permission.ManageRoles"), channelId);
      if (kind === "start") {
        const request = {
          guildId,
          channelId,
          moderatorId: context.user.id,
          reason,
          expiresAt: null,
          origin: "lockdown" as const,
        };
        return (await this.locks.lock(rest, request).catch(refusal)) === "locked" ? "done" : "unchanged";
      }
      const unlocked = await this.locks.unlock(rest, guildId, channelId, reason, "lockdown").catch(refusal);
      return unlocked === "unlocked" ? "done" : unlocked === "not_ours" ? "kept" : "unchanged";
    } catch (error) {
      if (error instanceof UserError) return { failure: `<#${channelId}>: ${error.render(t)}` };
      this.logger.warn({ guildId, channelId, kind, err: error }, "lockdown channel failed");
      return { failure: `<#${channelId}>: ${t.t("channels.lockdown_failed_unexpected")}` };
    }
  }
}

function lockdownReply(entry: LockdownEntry, { t }: GuildCommandContext): string {
  const start = entry.kind === "start";
  const count = entry.done.length;
  const lines = [
    start ? t.t("channels.lockdown_started", { count }) : t.t("channels.lockdown_ended", { count }),
  ];
  if (entry.unchanged.length > 0) {
    const channels = entry.unchanged.map((id) => `<#${id}>`).join(", ");
    lines.push(
      start
        ? t.t("channels.lockdown_already", { channels })
        : t.t("channels.lockdown_not_locked", { channels }),
    );
  }
  if (entry.kept.length > 0)
    lines.push(t.t("channels.lockdown_kept", { channels: entry.kept.map((id) => `<#${id}>`).join(", ") }));
  if (entry.failures.length > 0)
    lines.push(t.t("channels.lockdown_failed", { count: entry.failures.length }), ...entry.failures);
  return lines.join("\n");
}
