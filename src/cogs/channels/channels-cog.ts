import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand } from "../../bot/commands/registration";
import { durationOption } from "../../bot/duration";
import type { PeriodicTask } from "../../bot/scheduler";
import * as commands from "./definitions";
import { PurgeCommandHandler } from "./purge/purge-command";
import { ChannelRestorer } from "./restorer";
import { MAX_SLOWMODE_DURATION_MS, SlowmodeCommandHandler } from "./slowmode-command";

/** /purge, /slowmode, /lock, /unlock, /lockdown: a moderator's tools for a channel. */
@injectable()
export class ChannelsCog implements Cog {
  readonly name = "channels";
  readonly database = "required";
  readonly commands = [
    slashCommand(commands.PurgeCommand, (context, args) => this.purge.run(context, args), {
      access: "moderator",
      ephemeral: true,
    }),
    slashCommand(commands.SlowmodeCommand, (context, args) => this.slowmode.run(context, args), {
      access: "moderator",
      ephemeral: true,
      parse: { duration: durationOption(MAX_SLOWMODE_DURATION_MS) },
    }),
  ];
  readonly tasks: readonly PeriodicTask[];

  constructor(
    @inject(PurgeCommandHandler) private readonly purge: PurgeCommandHandler,
    @inject(SlowmodeCommandHandler) private readonly slowmode: SlowmodeCommandHandler,
    @inject(ChannelRestorer) restorer: ChannelRestorer,
  ) {
    this.tasks = [restorer];
  }
}
