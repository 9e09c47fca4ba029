import {
  DiscordAPIError,
  PermissionFlagsBits,
  Routes,
  type APIGuildTextChannel,
  type GuildTextChannelType,
  type REST,
  type TextChannel,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import type { ResolvedChannel } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import { formatDuration, parseDuration } from "../../bot/duration";
import type { Reply } from "../../bot/interactions/reply";
import { ChannelRestoreController } from "../../controllers/channel-restore-controller";
import type { ChannelRestore } from "../../entities/channel-restore";
import { invalid } from "../../errors/validation-error";
import { requireBotPermissions, targetChannel } from "./channel-access";
import { type Landed, unknown } from "./channel-locks";
import { channelRefusal } from "./discord-refusal";
import { RestoreRetries } from "./restore-retries";
import { MemberChannelRights } from "./member-rights";

/** Discord's longest slowmode: 6 hours. */
export const MAX_SLOWMODE_SECONDS = 21_600;
/** A timed slowmode is put back at most a month later. */
export const MAX_SLOWMODE_DURATION_MS = 30 * 86_400_000;

/** `0`, `off`, a number of seconds, or a duration such as `5m`: seconds, at most 6 hours. */
export function parseDelay(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "off") return 0;
  const seconds = /^\d+$/.test(trimmed)
    ? Number(trimmed)
    : Math.floor(parseDuration(trimmed, "delay") / 1000);
  if (seconds > MAX_SLOWMODE_SECONDS) throw invalid("delay", "channels.slowmode_too_long");
  return seconds;
}

/**
 * `/slowmode`: sets the channel's slowmode; with `duration`, a row remembering the slowmode before is
 * written first (a second timed change keeps the first one's previous value), and the restorer puts it
 * back when due; dropped again if Discord refused (its state decides when it failed to answer). Without
 * `duration`, any pending restore is dropped: the moderator's value stands.
 */
@injectable()
export class SlowmodeCommandHandler {
  constructor(
    @inject(ChannelRestoreController) private readonly restores: ChannelRestoreController,
    @inject(RestoreRetries) private readonly retries: RestoreRetries,
    @inject(MemberChannelRights) private readonly rights: MemberChannelRights,
  ) {}

  async run(
    context: GuildCommandContext,
    args: { delay: string; duration: number | undefined; channel: ResolvedChannel | undefined },
  ): Promise<Reply> {
    const seconds = parseDelay(args.delay);
    const channel = targetChannel(context, args.channel) as TextChannel;
    requireBotPermissions(context, channel, PermissionFlagsBits.ManageChannels);
    await this.rights.require(context, channel, PermissionFlagsBits.ManageChannels);
    const previous = channel.rateLimitPerUser ?? 0;
    const key = { guildId: context.guildId, channelId: channel.id, kind: "slowmode" } as const;
    const existing = await this.restores.find(key.guildId, key.channelId, key.kind);
    let scheduled: ChannelRestore | null = null;
    if (args.duration !== undefined) {
      scheduled = await this.restores.schedule({
        ...key,
        previousSlowmode: previous,
        moderatorId: context.user.id,
        expiresAt: new Date(Date.now() + args.duration),
      });
    }
    const reason = context.t.t("channels.slowmode_audit", { moderator: context.user.username });
    try {
      await channel.setRateLimitPerUser(seconds, reason);
    } catch (error) {
      const landed = await landedAnyway(context.interaction.client.rest, error, channel.id, seconds);
      // Maybe set: a restore row stays, so the restorer puts the previous value back when due.
      if (landed === "unknown") throw unknown(channel.id);
      if (landed === "no") {
        const written = existing ? null : scheduled;
        if (written) {
          await this.retries.now("dropping the restore of a refused slowmode", key, () =>
            this.restores.forgetScheduled(written),
          );
        }
        channelRefusal(error, context.t.t("permission.ManageChannels"), channel.id);
      }
    }
    // Discord has changed it: what is left to write must not turn the answer into a failure.
    if (args.duration === undefined && existing) {
      await this.retries.now("dropping a pending slowmode restore", key, () =>
        this.restores.forgetScheduled(existing),
      );
    }
    const { t } = context;
    const set =
      seconds === 0
        ? t.t("channels.slowmode_off", { channelId: channel.id })
        : t.t("channels.slowmode_set", { channelId: channel.id, delay: formatDuration(seconds * 1000) });
    if (args.duration === undefined) return { content: set };
    const back = scheduled?.previousSlowmode ?? previous;
    const restore = t.t("channels.slowmode_until", {
      duration: formatDuration(args.duration),
      previous: back === 0 ? t.t("channels.slowmode_none") : formatDuration(back * 1000),
    });
    return { content: `${set} ${restore}` };
  }
}

/**
 * After an error, whether Discord shows the slowmode set anyway (it acted, but the answer was lost);
 * `unknown` when the channel cannot be read either.
 */
async function landedAnyway(rest: REST, error: unknown, channelId: string, seconds: number): Promise<Landed> {
  if (error instanceof DiscordAPIError && error.status < 500) return "no";
  const now = (await rest.get(Routes.channel(channelId)).catch(() => undefined)) as
    APIGuildTextChannel<GuildTextChannelType> | undefined;
  if (now === undefined) return "unknown";
  return (now.rate_limit_per_user ?? 0) === seconds ? "yes" : "no";
}
