import { inject, injectable } from "tsyringe";
import type { GuildCommandContext } from "../../bot/commands/registration";
import { formatDuration } from "../../bot/duration";
import type { Reply } from "../../bot/interactions/reply";
import type { Config } from "../../config";
import { RaidController } from "../../controllers/raid-controller";
import { RaidSettingsController } from "../../controllers/raid-settings-controller";
import {
  DEFAULT_RAID_MAX_SECONDS,
  DEFAULT_RAID_TIMEOUT_SECONDS,
  MAX_RAID_MAX_SECONDS,
  MAX_RAID_TIMEOUT_SECONDS,
  MIN_RAID_MAX_SECONDS,
  type RaidAction,
} from "../../entities/raid-settings";
import { invalid } from "../../errors/validation-error";
import { UserError } from "../../errors/user-error";
import { TOKENS } from "../../tokens";
import { RaidLifecycle } from "./raid-lifecycle";
import { changeReply } from "./raid-lines";

export const DEFAULT_QUIET_MS = 10 * 60 * 1000;
export const MIN_QUIET_MS = 60 * 1000;
export const MAX_QUIET_MS = 24 * 60 * 60 * 1000;
export const MIN_TIMEOUT_MS = 60 * 1000;
export const MAX_TIMEOUT_MS = MAX_RAID_TIMEOUT_SECONDS * 1000;
export const MAX_LONGEST_MS = MAX_RAID_MAX_SECONDS * 1000;

export interface ConfigArgs {
  joins: number;
  seconds: number;
  action: string;
  quiet: number | undefined;
  timeout: number | undefined;
  longest: number | undefined;
}

/**
 * `/raid config|start|end|status`. Detection needs the Server Members intent (joins arrive only with it):
 * without it `/raid config` refuses, saying how to enable it; `/raid start` still locks the lockdown
 * channels (new members cannot be seen, so none is acted on) and says so.
 */
@injectable()
export class RaidCommands {
  constructor(
    @inject(RaidSettingsController) private readonly settings: RaidSettingsController,
    @inject(RaidController) private readonly raids: RaidController,
    @inject(RaidLifecycle) private readonly lifecycle: RaidLifecycle,
    @inject(TOKENS.Config) private readonly config: Config,
  ) {}

  async configure({ guildId, t }: GuildCommandContext, args: ConfigArgs): Promise<Reply> {
    if (!this.config.PRIVILEGED_INTENTS) throw new UserError("raid.needs_intent");
    const quietMs = args.quiet ?? DEFAULT_QUIET_MS;
    if (quietMs < MIN_QUIET_MS) throw invalid("quiet", "raid.quiet_too_short");
    const timeoutMs = args.timeout ?? DEFAULT_RAID_TIMEOUT_SECONDS * 1000;
    if (timeoutMs < MIN_TIMEOUT_MS) throw invalid("timeout", "raid.timeout_too_short");
    const longestMs = args.longest ?? DEFAULT_RAID_MAX_SECONDS * 1000;
    if (longestMs < MIN_RAID_MAX_SECONDS * 1000) throw invalid("longest", "raid.longest_too_short");
    const action: RaidAction = args.action === "kick" ? "kick" : "timeout";
    const seconds = (ms: number) => Math.floor(ms / 1000);
    await this.settings.set(guildId, {
      joins: args.joins,
      seconds: args.seconds,
      action,
      quietSeconds: seconds(quietMs),
      timeoutSeconds: seconds(timeoutMs),
      maxSeconds: seconds(longestMs),
    });
    const configured = t.t("raid.configured", {
      joins: args.joins,
      seconds: args.seconds,
      action,
      quiet: formatDuration(quietMs),
    });
    const limits = t.t("raid.limits", {
      action,
      timeout: formatDuration(timeoutMs),
      longest: formatDuration(longestMs),
    });
    return { content: `${configured}\n${limits}` };
  }

  async start(context: GuildCommandContext, reason: string | undefined): Promise<Reply> {
    const { guildId, t } = context;
    const settings = await this.settings.get(guildId);
    const active = await this.raids.active(guildId);
    if (active) throw new UserError("raid.already_on", { id: active.id });
    await context.defer({ ephemeral: true });
    const input = {
      guildId,
      startedBy: context.user.id,
      reason: reason ?? null,
      action: settings?.action ?? ("timeout" as const),
      quietSeconds: null,
      timeoutSeconds: settings?.timeoutSeconds ?? DEFAULT_RAID_TIMEOUT_SECONDS,
      maxSeconds: settings?.maxSeconds ?? DEFAULT_RAID_MAX_SECONDS,
    };
    const started = await this.lifecycle.start(context.interaction.client, input);
    if (!started) throw new UserError("raid.already_on", { id: (await this.raids.active(guildId))?.id ?? 0 });
    return { content: this.withIntentNote(changeReply(started.raid, started.channels, t, true), context) };
  }

  async end(context: GuildCommandContext): Promise<Reply> {
    if (!(await this.raids.active(context.guildId))) throw new UserError("raid.not_on");
    await context.defer({ ephemeral: true });
    const ended = await this.lifecycle.end(context.interaction.client, context.guildId, context.user.id);
    if (!ended) throw new UserError("raid.not_on");
    return { content: changeReply(ended.raid, ended.channels, context.t, false) };
  }

  async status(context: GuildCommandContext): Promise<Reply> {
    const { guildId, t } = context;
    const [raid, settings] = await Promise.all([this.raids.active(guildId), this.settings.get(guildId)]);
    const lines = [
      raid
        ? t.t("raid.status_on", {
            id: raid.id,
            since: Math.floor(raid.startedAt.getTime() / 1000),
            by: raid.startedBy ? `<@${raid.startedBy}>` : t.t("raid.detector"),
            acted: raid.actedOn,
            skipped: raid.skipped,
          })
        : t.t("raid.status_off"),
      settings
        ? t.t("raid.status_detection", {
            joins: settings.joins,
            seconds: settings.seconds,
            action: settings.action,
            quiet: formatDuration(settings.quietSeconds * 1000),
          })
        : t.t("raid.status_detection_off"),
      t.t("raid.limits", {
        action: settings?.action ?? "timeout",
        timeout: formatDuration((settings?.timeoutSeconds ?? DEFAULT_RAID_TIMEOUT_SECONDS) * 1000),
        longest: formatDuration((settings?.maxSeconds ?? DEFAULT_RAID_MAX_SECONDS) * 1000),
      }),
    ];
    return { content: this.withIntentNote(lines.join("\n"), context) };
  }

  private withIntentNote(text: string, { t }: GuildCommandContext): string {
    return this.config.PRIVILEGED_INTENTS ? text : `${text}\n${t.t("raid.no_intent_note")}`;
  }
}
