import type { Raid } from "../../entities/raid";
import type { Translator } from "../../i18n/translator";
import { formatDuration } from "../../bot/duration";
import type { ChannelsOutcome } from "./raid-channels";

const mentions = (ids: readonly string[]): string => ids.map((id) => `<#${id}>`).join(", ");

/** Who started or ended a raid: a moderator, or the detector / quiet period. */
function by(userId: string | null, t: Translator, nobody: "raid.detector" | "raid.log_quiet"): string {
  return userId ? `<@${userId}>` : t.t(nobody);
}

/** What ended a raid: a moderator, its longest duration, or its quiet period. */
function endedBy(raid: Raid, t: Translator): string {
  const lasted = raid.endedAt ? raid.endedAt.getTime() - raid.startedAt.getTime() : 0;
  if (raid.endedBy === null && lasted >= raid.maxSeconds * 1000)
    return t.t("raid.log_longest", { longest: formatDuration(raid.maxSeconds * 1000) });
  return by(raid.endedBy, t, "raid.log_quiet");
}

function channelLines(channels: ChannelsOutcome, t: Translator, lock: boolean): string[] {
  const lines: string[] = [];
  if (channels.done.length > 0)
    lines.push(t.t(lock ? "raid.locked" : "raid.unlocked", { channels: mentions(channels.done) }));
  if (channels.failed.length > 0)
    lines.push(
      t.t(lock ? "raid.lock_failed" : "raid.unlock_failed", { channels: mentions(channels.failed) }),
    );
  if (!lock && channels.failed.length > 0) lines.push(t.t("raid.unlock_retrying"));
  if (lock && channels.notAllowed && channels.notAllowed.length > 0)
    lines.push(t.t("raid.lock_not_allowed", { channels: mentions(channels.notAllowed) }));
  return lines;
}

/** When a raid ends by itself: after its quiet period (if it has one), and after its longest duration. */
export function endsText(raid: Raid, t: Translator): string {
  const longest = formatDuration(raid.maxSeconds * 1000);
  if (raid.quietSeconds === null) return t.t("raid.ends_longest", { longest });
  const quiet = formatDuration(raid.quietSeconds * 1000);
  return t.t("raid.ends_quiet_or_longest", { quiet, longest });
}

export function startedLine(raid: Raid, channels: ChannelsOutcome, t: Translator): string {
  const reason = raid.reason ? t.t("raid.log_reason", { reason: raid.reason }) : "";
  const head = t.t("raid.log_started", {
    id: raid.id,
    by: by(raid.startedBy, t, "raid.detector"),
    reason,
    action: raid.action,
    ends: endsText(raid, t),
  });
  return [head, ...channelLines(channels, t, true)].join("\n");
}

export function endedLine(raid: Raid, channels: ChannelsOutcome, t: Translator): string {
  const head = t.t("raid.log_ended", {
    id: raid.id,
    by: endedBy(raid, t),
    acted: raid.actedOn,
    skipped: raid.skipped,
  });
  return [head, ...channelLines(channels, t, false)].join("\n");
}

/** The moderator's answer to `/raid start` or `/raid end`. */
export function changeReply(raid: Raid, channels: ChannelsOutcome, t: Translator, started: boolean): string {
  const head = started
    ? t.t("raid.started", { id: raid.id, action: raid.action })
    : t.t("raid.ended", { id: raid.id, acted: raid.actedOn, skipped: raid.skipped });
  return [head, ...channelLines(channels, t, started)].join("\n");
}
