import type { ResolvedChannel } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import { formatDuration, parseDuration } from "../../bot/duration";
import type { Reply } from "../../bot/interactions/reply";
import type { AppealSettingsController } from "../../controllers/appeal-settings-controller";
import { MAX_APPEAL_DELAY_SECONDS } from "../../entities/appeal-settings";
import { UserError } from "../../errors/user-error";
import { missingPermissions, modLogChannelState } from "../config/mod-log-channel";

/** `/appeals channel [channel]`: appeals on, posted there (Warden must be able to), or off. */
export async function setAppealsChannel(
  settings: AppealSettingsController,
  { guild, t }: GuildCommandContext,
  channel: ResolvedChannel | undefined,
): Promise<Reply> {
  if (!channel) {
    await settings.setChannel(guild.id, null);
    return { content: t.t("appeals.channel_cleared") };
  }
  const state = await modLogChannelState(guild, channel.id);
  if (state.kind === "gone") throw new UserError("config.modlog_gone", { channelId: channel.id });
  if (state.kind === "wrong-type") throw new UserError("config.modlog_wrong_type", { channelId: channel.id });
  if (state.kind === "no-permission") {
    const permissions = missingPermissions(state.missing, t);
    throw new UserError("appeals.channel_unusable", { channel: channel.id, permissions });
  }
  await settings.setChannel(guild.id, channel.id);
  return { content: t.t("appeals.channel_set", { channel: channel.id }) };
}

/** `/appeals delay <duration>`: how long after a ban it may be appealed (`0` or `off`: right away). */
export async function setAppealsDelay(
  settings: AppealSettingsController,
  { guild, t }: GuildCommandContext,
  duration: string,
): Promise<Reply> {
  const text = duration.trim().toLowerCase();
  const ms =
    text === "0" || text === "off" ? 0 : parseDuration(text, "duration", MAX_APPEAL_DELAY_SECONDS * 1000);
  await settings.setDelay(guild.id, Math.floor(ms / 1000));
  if (ms === 0) return { content: t.t("appeals.delay_cleared") };
  return { content: t.t("appeals.delay_set", { duration: formatDuration(ms) }) };
}
