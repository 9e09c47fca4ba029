import { Events, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog } from "../../bot/cog";
import { slashCommand } from "../../bot/commands/registration";
import { durationOption } from "../../bot/duration";
import type { PeriodicTask } from "../../bot/scheduler";
import type { Config } from "../../config";
import { TOKENS } from "../../tokens";
import { RaidCommand } from "./definitions";
import { MAX_LONGEST_MS, MAX_QUIET_MS, MAX_TIMEOUT_MS, RaidCommands } from "./raid-commands";
import { RaidDetector } from "./raid-detector";
import { RaidLifecycle } from "./raid-lifecycle";

const moderators = { access: "moderator", memberPermissions: PermissionFlagsBits.ModerateMembers } as const;

/** `/raid`: raid mode, started by the join-rate detector or a moderator, ended by command or quiet. */
@injectable()
export class RaidCog implements Cog {
  readonly name = "raid";
  readonly database = "required";
  readonly intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds];
  readonly commands = [
    slashCommand(
      RaidCommand,
      {
        config: {
          memberPermissions: PermissionFlagsBits.ManageGuild,
          run: (context, args) => this.raid.configure(context, args),
        },
        start: { ...moderators, run: (context, { reason }) => this.raid.start(context, reason) },
        end: { ...moderators, run: (context) => this.raid.end(context) },
        status: { ...moderators, run: (context) => this.raid.status(context) },
      },
      {
        ephemeral: true,
        parse: {
          quiet: durationOption(MAX_QUIET_MS),
          timeout: durationOption(MAX_TIMEOUT_MS),
          longest: durationOption(MAX_LONGEST_MS),
        },
      },
    ),
  ];
  readonly listeners = [
    listener(Events.GuildMemberAdd, (member) => this.detector.joined(member)),
    listener(Events.GuildDelete, (guild) => this.detector.forget(guild.id)),
  ];
  readonly tasks: readonly PeriodicTask[];

  constructor(
    @inject(RaidCommands) private readonly raid: RaidCommands,
    @inject(RaidDetector) private readonly detector: RaidDetector,
    @inject(RaidLifecycle) lifecycle: RaidLifecycle,
    @inject(TOKENS.Config) config: Config,
  ) {
    this.tasks = [lifecycle];
    if (config.PRIVILEGED_INTENTS) this.intents.push(GatewayIntentBits.GuildMembers);
  }
}
