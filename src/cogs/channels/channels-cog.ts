import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand } from "../../bot/commands/registration";
import { durationOption } from "../../bot/duration";
import type { PeriodicTask } from "../../bot/scheduler";
import type { MenuRegistration } from "../../bot/commands/menu";
import type { ComponentRegistration } from "../../bot/commands/registration";
import * as commands from "./definitions";
import { LockCommandHandler, MAX_LOCK_DURATION_MS } from "./lock-command";
import { LockdownCommandHandler } from "./lockdown-command";
import { PurgeCommandHandler } from "./purge/purge-command";
import { PurgeMenuHandler } from "./purge/purge-menu";
import { ChannelRestorer } from "./restorer";
import { RestoreRetries } from "./restore-retries";
import { MAX_SLOWMODE_DURATION_MS, SlowmodeCommandHandler } from "./slowmode-command";

/** /purge (and the message menu "Purge after this"), /slowmode, /lock, /unlock, /lockdown: a moderator's tools for a channel. */
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
    slashCommand(commands.LockCommand, (context, args) => this.lockCommands.lock(context, args), {
      access: "moderator",
      ephemeral: true,
      parse: { duration: durationOption(MAX_LOCK_DURATION_MS) },
    }),
    slashCommand(commands.UnlockCommand, (context, args) => this.lockCommands.unlock(context, args), {
      access: "moderator",
      ephemeral: true,
    }),
    slashCommand(
      commands.LockdownCommand,
      {
        start: (context, { reason }) => this.lockdown.run(context, "start", reason),
        end: (context, { reason }) => this.lockdown.run(context, "end", reason),
      },
      { access: "moderator", ephemeral: true },
    ),
  ];
  readonly tasks: readonly PeriodicTask[];
  readonly menus: readonly MenuRegistration[];
  readonly components: readonly ComponentRegistration[];

  constructor(
    @inject(PurgeCommandHandler) private readonly purge: PurgeCommandHandler,
    @inject(SlowmodeCommandHandler) private readonly slowmode: SlowmodeCommandHandler,
    @inject(LockCommandHandler) private readonly lockCommands: LockCommandHandler,
    @inject(LockdownCommandHandler) private readonly lockdown: LockdownCommandHandler,
    @inject(ChannelRestorer) restorer: ChannelRestorer,
    @inject(PurgeMenuHandler) purgeMenu: PurgeMenuHandler,
    @inject(RestoreRetries) private readonly restoreRetries: RestoreRetries,
  ) {
    this.tasks = [restorer];
    this.menus = [purgeMenu.menu];
    this.components = [purgeMenu.modal];
  }

  onShutdown(): Promise<void> {
    this.restoreRetries.stop();
    return Promise.resolve();
  }
}
