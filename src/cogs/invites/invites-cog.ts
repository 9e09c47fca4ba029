import {
  Events,
  GatewayIntentBits,
  type Client,
  type Guild,
  type GuildMember,
  type Invite,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog } from "../../bot/cog";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { PeriodicTask } from "../../bot/scheduler";
import type { Config } from "../../config";
import { MemberJoinController } from "../../controllers/member-join-controller";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { periodStart, statsPeriod } from "../stats/period";
import { InvitesCommand } from "./definitions";
import { InviteTracker, type KnownInvite } from "./invite-tracker";
import { invitesReport } from "./invites-report";

const RESYNC_EVERY_MS = 60 * 60 * 1000;

const known = (invite: Invite): KnownInvite => ({
  code: invite.code,
  uses: invite.uses ?? 0,
  inviterId: invite.inviterId ?? null,
});

/**
 * Invite tracking: use counts are cached per guild (at start, on GUILD_CREATE, INVITE_CREATE/DELETE) and
 * compared on each join. Joins need the privileged GuildMembers intent (PRIVILEGED_INTENTS=true).
 */
@injectable()
export class InvitesCog implements Cog {
  readonly name = "invites";
  readonly database = "required";
  readonly intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildInvites];
  readonly tracker = new InviteTracker();
  readonly tasks: PeriodicTask[] = [
    { name: "invite-resync", everyMs: RESYNC_EVERY_MS, run: (client) => this.resyncAll(client) },
  ];
  readonly listeners = [
    listener(Events.GuildCreate, (guild) => this.resync(guild)),
    listener(Events.GuildDelete, (guild) => this.tracker.forget(guild.id)),
    listener(Events.InviteCreate, (invite) => {
      if (invite.guild) this.tracker.added(invite.guild.id, known(invite));
    }),
    listener(Events.InviteDelete, (invite) => {
      if (invite.guild) this.tracker.removed(invite.guild.id, invite.code);
    }),
    listener(Events.GuildMemberAdd, (member) => this.joined(member)),
  ];
  readonly commands = [
    slashCommand(
      InvitesCommand,
      { top: (context, { period }) => this.top(context, period) },
      { ephemeral: true },
    ),
  ];
  /** Joins of one guild are attributed one after another: each compares against the previous counts. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    @inject(MemberJoinController) private readonly joins: MemberJoinController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Config) config: Config,
  ) {
    if (config.PRIVILEGED_INTENTS) this.intents.push(GatewayIntentBits.GuildMembers);
  }

  async onShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  private async resyncAll(client: Client<true>): Promise<void> {
    await Promise.allSettled([...client.guilds.cache.values()].map((guild) => this.resync(guild)));
  }

  private async resync(guild: Guild): Promise<void> {
    try {
      const invites = await guild.invites.fetch({ cache: false });
      this.tracker.remember(guild.id, [...invites.values()].map(known));
    } catch (error) {
      this.tracker.forget(guild.id);
      this.logger.warn({ err: error, guildId: guild.id }, "cannot read invites; joins stay unattributed");
    }
  }

  private joined(member: GuildMember): Promise<void> {
    const guildId = member.guild.id;
    const previous = this.queues.get(guildId) ?? Promise.resolve();
    const next = previous.then(() => this.attribute(member));
    this.queues.set(guildId, next);
    return next.finally(() => {
      if (this.queues.get(guildId) === next) this.queues.delete(guildId);
    });
  }

  private async attribute(member: GuildMember): Promise<void> {
    let used: KnownInvite | null = null;
    try {
      const invites = await member.guild.invites.fetch({ cache: false });
      used = this.tracker.attribute(member.guild.id, [...invites.values()].map(known));
    } catch (error) {
      this.logger.warn({ err: error, guildId: member.guild.id }, "cannot read invites for a join");
    }
    await this.joins.record({
      guildId: member.guild.id,
      userId: member.id,
      inviteCode: used?.code ?? null,
      inviterId: used?.inviterId ?? null,
    });
  }

  private async top(context: GuildCommandContext, requested: string | undefined): Promise<Reply> {
    const period = statsPeriod(requested);
    const ranking = await this.joins.ranking(context.guildId, periodStart(period));
    return { content: invitesReport(context.t, ranking, period) };
  }
}
