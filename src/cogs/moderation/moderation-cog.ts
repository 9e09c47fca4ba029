import { Events, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog } from "../../bot/cog";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { slashCommand, type GuildCommandContext, type HandlerPolicy } from "../../bot/commands/registration";
import { durationOption, MAX_TIMEOUT_MS } from "../../bot/duration";
import type { Reply } from "../../bot/interactions/reply";
import { CaseType } from "../../entities";
import { UserError } from "../../errors/user-error";
import { MAX_TEMPBAN_MS, NoteArgs, ReasonArgs } from "./arguments";
import * as commands from "./definitions";
import { ModerationActions } from "./moderation-actions";
import { MemberActions, memberOf, noteSpec, timeoutSpec, warnSpec, type ActionSpec } from "./member-actions";
import { PendingActions } from "./pending-actions";
import { TempbanExpiries } from "./expiries";
import { ExternalBans } from "./external-bans";
import { AutoModActions } from "./automod-actions";
import { OutsideActions } from "./outside-actions";
import { OutsideRecorder } from "./outside-recorder";
import type { PeriodicTask } from "../../bot/scheduler";
import { liftSoftban } from "./softban";
import { resolveUnbanTarget } from "./unban-target";

const ONE_DAY_SECONDS = 86_400;

function policy(dto: new () => object, botPermissions?: bigint): HandlerPolicy {
  return { access: "moderator", ephemeral: true, dto, ...(botPermissions ? { botPermissions } : {}) };
}

/** /warn, /note, /timeout, /untimeout, /kick, /ban, /unban, /softban: thin handlers over ModerationActions. */
@injectable()
export class ModerationCog implements Cog {
  readonly name = "moderation";
  readonly database = "required";
  readonly intents = [GatewayIntentBits.GuildModeration, GatewayIntentBits.AutoModerationExecution];
  readonly commands = [
    slashCommand(
      commands.WarnCommand,
      (context, { user, reason }) => this.act(context, user, warnSpec(reason)),
      policy(ReasonArgs),
    ),
    slashCommand(
      commands.NoteCommand,
      (context, { user, note }) => this.act(context, user, noteSpec(note)),
      policy(NoteArgs),
    ),
    slashCommand(
      commands.TimeoutCommand,
      (context, { user, duration: lastsMs, reason }) => this.act(context, user, timeoutSpec(lastsMs, reason)),
      {
        ...policy(ReasonArgs, PermissionFlagsBits.ModerateMembers),
        parse: { duration: durationOption(MAX_TIMEOUT_MS) },
      },
    ),
    slashCommand(
      commands.UntimeoutCommand,
      (context, { user, reason }) => {
        if (user.member && !user.member.isCommunicationDisabled()) {
          throw new UserError("moderation.not_timed_out", { target: user.user.username });
        }
        return this.act(context, user, {
          type: CaseType.Untimeout,
          reason,
          notify: false,
          needsMember: true,
          perform: (target, audit) => memberOf(target).timeout(null, audit),
        });
      },
      policy(ReasonArgs, PermissionFlagsBits.ModerateMembers),
    ),
    slashCommand(
      commands.KickCommand,
      (context, { user, reason }) =>
        this.act(context, user, {
          type: CaseType.Kick,
          reason,
          notify: true,
          needsMember: true,
          perform: (target, audit) => memberOf(target).kick(audit),
        }),
      policy(ReasonArgs, PermissionFlagsBits.KickMembers),
    ),
    slashCommand(
      commands.BanCommand,
      (context, { user, reason, duration: lastsMs, delete_messages: deleteMessageSeconds }) =>
        this.act(context, user, {
          type: CaseType.Ban,
          reason,
          notify: true,
          needsMember: false,
          ...(lastsMs === undefined ? {} : { lastsMs }),
          perform: (target, audit) =>
            context.guild.members.ban(target.user.id, {
              reason: audit,
              deleteMessageSeconds: deleteMessageSeconds ?? 0,
            }),
        }),
      {
        ...policy(ReasonArgs, PermissionFlagsBits.BanMembers),
        parse: { duration: durationOption(MAX_TEMPBAN_MS) },
      },
    ),
    slashCommand(
      commands.UnbanCommand,
      async (context, { user, reason }) => {
        const target = await resolveUnbanTarget(context.guild, user);
        return this.act(context, target, {
          type: CaseType.Unban,
          reason,
          notify: false,
          needsMember: false,
          perform: (resolved, audit) => context.guild.members.unban(resolved.user.id, audit),
        });
      },
      policy(ReasonArgs, PermissionFlagsBits.BanMembers),
    ),
    slashCommand(
      commands.SoftbanCommand,
      (context, { user, reason }) =>
        this.act(context, user, {
          type: CaseType.Softban,
          reason,
          notify: true,
          needsMember: true,
          perform: (target, audit) =>
            context.guild.members.ban(target.user.id, {
              reason: audit,
              deleteMessageSeconds: ONE_DAY_SECONDS,
            }),
          complete: (target, audit) => liftSoftban(context.guild, target.user.id, audit),
        }),
      policy(ReasonArgs, PermissionFlagsBits.BanMembers),
    ),
  ];

  readonly listeners = [
    listener(Events.GuildBanAdd, (ban) => this.externalBans.record(ban)),
    listener(Events.GuildAuditLogEntryCreate, (entry, guild) => this.outsideActions.record(entry, guild)),
    listener(Events.AutoModerationActionExecution, (execution) => this.autoMod.record(execution)),
  ];

  readonly tasks: readonly PeriodicTask[];

  constructor(
    @inject(ModerationActions) private readonly actions: ModerationActions,
    @inject(MemberActions) private readonly memberActions: MemberActions,
    @inject(PendingActions) pending: PendingActions,
    @inject(TempbanExpiries) expiries: TempbanExpiries,
    @inject(ExternalBans) private readonly externalBans: ExternalBans,
    @inject(OutsideActions) private readonly outsideActions: OutsideActions,
    @inject(OutsideRecorder) private readonly outsideRecorder: OutsideRecorder,
    @inject(AutoModActions) private readonly autoMod: AutoModActions,
  ) {
    this.tasks = [expiries, pending];
  }

  onShutdown(): Promise<void> {
    this.actions.stop();
    this.outsideRecorder.stop();
    return Promise.resolve();
  }

  private act(context: GuildCommandContext, target: ResolvedUser, spec: ActionSpec): Promise<Reply> {
    return this.memberActions.act(context, target, spec);
  }
}
