import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand } from "../../bot/commands/registration";
import * as commands from "./definitions";
import { PurgeCommandHandler } from "./purge/purge-command";

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
  ];

  constructor(@inject(PurgeCommandHandler) private readonly purge: PurgeCommandHandler) {}
}
