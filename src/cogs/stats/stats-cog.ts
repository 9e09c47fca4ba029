import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import { InteractionEvents } from "../../bot/interactions/interaction-events";
import type { Reply } from "../../bot/interactions/reply";
import type { PeriodicTask } from "../../bot/scheduler";
import type { Config } from "../../config";
import { UsageController } from "../../controllers/usage-controller";
import { UsageRecorder } from "../../controllers/usage-recorder";
import { TOKENS } from "../../tokens";
import { StatsCommand } from "./definitions";
import { periodHours, statsPeriod } from "./period";
import { usageReport } from "./usage-report";

/** How often the windows are checked: they move once an hour, whichever process is first. */
const WINDOWS_EVERY_MS = 60_000;

/**
 * Usage statistics: every finished interaction is buffered (never written on the reply path) and flushed
 * in one statement per tick and on shutdown. `/stats` shows a guild to its admins, everything to owners.
 */
@injectable()
export class StatsCog implements Cog {
  readonly name = "stats";
  readonly database = "required";
  readonly tasks: PeriodicTask[];
  readonly commands = [
    slashCommand(StatsCommand, (context, { period }) => this.stats(context, period), { ephemeral: true }),
  ];

  constructor(
    @inject(UsageController) private readonly usage: UsageController,
    @inject(UsageRecorder) readonly recorder: UsageRecorder,
    @inject(InteractionEvents) events: InteractionEvents,
    @inject(TOKENS.Config) private readonly config: Config,
  ) {
    events.onFinished((interaction) => recorder.record(interaction));
    this.tasks = [
      { name: "usage-flush", everyMs: config.USAGE_FLUSH_MS, run: () => this.recorder.flush() },
      { name: "usage-windows", everyMs: WINDOWS_EVERY_MS, run: () => this.advanceWindows() },
    ];
  }

  async onShutdown(): Promise<void> {
    await this.recorder.flush();
  }

  private async advanceWindows(): Promise<void> {
    await this.usage.advanceWindows();
  }

  /** A guild's admins see their guild; the bot's owners see every guild and direct messages. */
  private async stats(context: GuildCommandContext, requested: string | undefined): Promise<Reply> {
    const period = statsPeriod(requested);
    const global = this.config.OWNER_IDS.includes(context.user.id);
    const hours = periodHours(period);
    const summary = await this.usage.summary({ guildId: global ? null : context.guildId, hours });
    return { content: usageReport(context.t, summary, period, global) };
  }
}
